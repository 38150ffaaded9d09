import { defineProject } from "vitest/config";

// The multi-process rate-limit test: four client processes against one sandbox, counted per second. It
// runs on its own (`test:processes`, after every other test), because timing a shared budget on a 2-core
// machine while browsers and other suites run in parallel would measure the machine, not the budget.
export default defineProject({
  test: {
    name: "sandbox-processes",
    include: ["test/**/*.processes.test.ts"],
    testTimeout: 90_000,
    hookTimeout: 30_000,
  },
});
