import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "consumer-test",
    include: ["test/**/*.test.ts"],
    // npm install from the registry and the consumer's own tsc and vitest runs take minutes on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
