import { defineConfig } from "vitest/config";

// One entry point for every package's tests: `npx vitest` at the root runs them all,
// while turbo runs each package's own `vitest run` so results cache per package.
export default defineConfig({
  test: {
    projects: ["spec", "packages/*", "apps/*"],
  },
});
