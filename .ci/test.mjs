#!/usr/bin/env node
// The whole check, as the README's test command and CI run it: regenerate from the spec and fail on drift,
// then lint, type-check, build and test every package through turbo, and close with one line of counts
// read from the test runners' own JSON reports.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const run = (command, args) => spawnSync(command, args, { cwd: root, stdio: "inherit" }).status ?? 1;

ensureChromium();
ensureRedisServer();

const workspaces = [
  "spec",
  ...["packages", "apps"].flatMap((dir) => readdirSync(join(root, dir)).map((name) => join(dir, name))),
];
// vitest.json from every workspace's `test`; vitest-processes.json from `test:processes`, which runs
// alone afterwards (timing tests of several processes, see apps/sandbox/vitest.processes.config.ts).
const reports = workspaces.flatMap((dir) =>
  ["vitest.json", "vitest-processes.json"].map((file) => join(root, dir, "test-results", file)),
);
for (const report of reports) rmSync(report, { force: true });

let failed = run("turbo", ["run", "generate"]) !== 0;
if (!failed) failed = run("node", [".ci/check-drift.mjs"]) !== 0;
if (!failed) {
  failed = run("turbo", ["run", "lint", "lint:workspace", "typecheck", "build", "test", "--continue"]) !== 0;
  failed = run("turbo", ["run", "test:processes", "--concurrency=1"]) !== 0 || failed;
}

let passed = 0;
let failedTests = 0;
for (const report of reports.filter((file) => existsSync(file))) {
  const result = JSON.parse(readFileSync(report, "utf8"));
  passed += result.numPassedTests;
  failedTests += result.numFailedTests;
}
console.log(`tests: ${passed} passed, ${failedTests} failed`);
process.exit(failed || failedTests > 0 ? 1 : 0);

function ensureRedisServer() {
  const redisServer = process.env.TIMKIT_REDIS_SERVER ?? "/usr/bin/redis-server";
  if (existsSync(redisServer)) return;
  // The shared rate-limit tests start Debian's redis-server themselves, on a free loopback port.
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("Installing Debian's redis-server for the rate-limit tests…");
    run("apt-get", ["update", "-qq"]);
    if (run("apt-get", ["install", "-y", "-qq", "redis-server"]) === 0) {
      // The package may start its own service on port 6379: the tests need none.
      spawnSync("service", ["redis-server", "stop"], { stdio: "ignore" });
      return;
    }
  }
  console.error(
    `redis-server is missing at ${redisServer}: install Debian's \`redis-server\` package or set TIMKIT_REDIS_SERVER.`,
  );
}

function ensureChromium() {
  const chromium = process.env.TIMKIT_CHROMIUM ?? "/usr/bin/chromium";
  if (existsSync(chromium)) return;
  // Browser tests use Debian's Chromium: test tools may not download browsers here.
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log("Installing Debian's chromium for the browser tests…");
    run("apt-get", ["update", "-qq"]);
    if (run("apt-get", ["install", "-y", "-qq", "chromium"]) === 0) return;
  }
  console.error(
    `Chromium is missing at ${chromium}: install Debian's \`chromium\` package or set TIMKIT_CHROMIUM.`,
  );
}
