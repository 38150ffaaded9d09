import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "usersig",
    include: ["test/**/*.test.ts"],
    // The browser test starts Chromium; property tests run hundreds of async generate/verify rounds.
    testTimeout: 60_000,
  },
});
