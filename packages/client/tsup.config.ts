import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";

// One neutral ESM bundle for Node, browsers and workers. @timkit/spec is private, so its code (tables,
// compiled validators) and its types are bundled in; openapi-fetch and @timkit/usersig stay dependencies.
// The spec package exports TypeScript sources without a `types` field, which tsup's d.ts resolver does
// not follow, so the d.ts build maps the import to the source file directly.
const specEntry = fileURLToPath(new URL("../../spec/src/index.ts", import.meta.url));

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  target: "es2022",
  platform: "neutral",
  noExternal: ["@timkit/spec"],
  dts: { compilerOptions: { paths: { "@timkit/spec": [specEntry] } } },
  clean: true,
});
