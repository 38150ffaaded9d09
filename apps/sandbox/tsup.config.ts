import { copyFile, mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { defineConfig } from "tsup";

// The published package: the `timkit-sandbox` command (dist/main.js, a hashbang kept from src/main.ts) and
// the library (dist/index.js + .d.ts), sharing chunks. @timkit/spec and @timkit/docs are private: the spec's
// tables and document are bundled in, and the Redoc page @timkit/docs built (a devDependency, so turbo
// builds it first) is copied to dist/docs.html, which the bundle serves at /docs. @timkit/mocks,
// @timkit/usersig and msw are published packages and stay imports.
export default defineConfig({
  entry: ["src/main.ts", "src/index.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  noExternal: ["@timkit/spec"],
  dts: { entry: "src/index.ts", compilerOptions: { paths: { "@timkit/spec": ["../../spec/src/index.ts"] } } },
  splitting: true,
  clean: true,
  async onSuccess() {
    let docsPage: string;
    try {
      docsPage = createRequire(import.meta.url).resolve("@timkit/docs/index.html");
    } catch {
      throw new Error(
        "@timkit/docs is not built: the sandbox ships its page (pnpm --filter @timkit/docs build)",
      );
    }
    await mkdir("dist", { recursive: true });
    await copyFile(docsPage, "dist/docs.html");
  },
});
