import { defineConfig } from "tsup";

// One neutral ESM bundle: the same file runs in Node, browsers, Deno, Bun and edge workers.
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  target: "es2022",
  platform: "neutral",
  clean: true,
});
