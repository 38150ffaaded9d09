import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "docs",
    // The page test starts Chromium and renders a 2.5 MB page: give it room on a loaded CI machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
