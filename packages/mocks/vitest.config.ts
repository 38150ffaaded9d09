import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "mocks",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Property tests send hundreds of requests; the browser test starts Chromium.
    testTimeout: 60_000,
  },
});
