import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";

type Plugin = NonNullable<Options["esbuildPlugins"]>[number];

// One neutral ESM bundle for Node, browsers and workers. @timkit/spec is private, so its code (tables,
// compiled validators) and its types are bundled in; openapi-fetch and @timkit/usersig stay dependencies.
// The spec package exports TypeScript sources without a `types` field, which tsup's d.ts resolver does
// not follow, so the d.ts build maps the import to the source file directly.
const specEntry = fileURLToPath(new URL("../../spec/src/index.ts", import.meta.url));

// The Redis budget (`rateLimit.redis`) is a file of its own, which the client loads with `import()` only
// when given a Redis: bundlers that split code keep it out of a browser app's main chunk. Without
// splitting, esbuild would inline that import; with it, it would add a chunk of shared helpers.
const lazyRedisBudget: Plugin = {
  name: "lazy-redis-budget",
  setup(build) {
    build.onResolve({ filter: /^\.\/shared-budget\.js$/ }, (args) =>
      args.kind === "dynamic-import" ? { path: "./shared-budget.js", external: true } : undefined,
    );
  },
};

export default defineConfig({
  entry: ["src/index.ts", "src/shared-budget.ts"],
  format: ["esm"],
  target: "es2022",
  platform: "neutral",
  noExternal: ["@timkit/spec"],
  splitting: false,
  esbuildPlugins: [lazyRedisBudget],
  dts: { entry: "src/index.ts", compilerOptions: { paths: { "@timkit/spec": [specEntry] } } },
  clean: true,
});
