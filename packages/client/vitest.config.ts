import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "client",
    include: ["test/**/*.test.ts"],
    // The browser test starts Chromium and loads the built bundle.
    testTimeout: 30_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
