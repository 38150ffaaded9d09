import { defineConfig } from "tsup";

// Three ESM entries sharing chunks. @timkit/spec is private, so its tables, validators and types are
// bundled in (code and declarations); msw, openapi-msw, @timkit/usersig and the other dependencies
// (denque, sorted-btree) stay imports.
// The declaration bundler inlines only modules it does not reach through node_modules, hence the path
// mapping to the spec's sources (tsup's own `dts.resolve` ignores package.json `exports`).
export default defineConfig({
  entry: ["src/index.ts", "src/node.ts", "src/browser.ts"],
  format: ["esm"],
  target: "es2022",
  platform: "neutral",
  dts: { compilerOptions: { paths: { "@timkit/spec": ["../../spec/src/index.ts"] } } },
  noExternal: ["@timkit/spec"],
  external: ["msw", "msw/node", "msw/browser", "openapi-msw", "@timkit/usersig"],
  splitting: true,
  clean: true,
});
