import { defineConfig } from "tsup";

// Two ESM entries: the Web-API one for every runtime, and the node:http adapter. @timkit/spec is private,
// so its webhook table, compiled validators and types are bundled in (code and declarations); the d.ts
// build maps the import to the spec's sources, which its package.json exports without a `types` field.
export default defineConfig({
  entry: ["src/index.ts", "src/node.ts"],
  format: ["esm"],
  target: "es2022",
  platform: "neutral",
  dts: { compilerOptions: { paths: { "@timkit/spec/webhooks": ["../../spec/src/webhooks.ts"] } } },
  noExternal: [/^@timkit\/spec/],
  external: ["node:stream"],
  splitting: true,
  clean: true,
});
