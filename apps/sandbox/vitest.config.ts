import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "sandbox",
    include: ["test/**/*.test.ts"],
    // Run alone, after every other test: see vitest.processes.config.ts.
    exclude: ["test/**/*.processes.test.ts"],
    // Some tests start the built sandbox as a child process and wait for it.
    testTimeout: 30_000,
  },
});
