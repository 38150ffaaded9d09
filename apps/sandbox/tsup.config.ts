import { defineConfig } from "tsup";

// One Node program. @timkit/spec is private and ships TypeScript sources, so it is bundled in;
// @timkit/mocks, @timkit/usersig and msw are installed packages and stay imports.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  platform: "node",
  target: "node20",
  noExternal: ["@timkit/spec"],
  clean: true,
});
