// Four backend processes, each the built @timkit/client calling one command of the sandbox as fast as it
// can for five seconds. The sandbox counts every second itself (`/__sandbox/limits`), and the assertions
// are on those counts. A real redis-server on a free loopback port carries the shared budget.
// TIMKIT_DEBUG=1 prints each test's counts and the processes' reports.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { devSecretKey } from "@timkit/mocks";
import { type RedisServer, startRedisServer } from "@timkit/redis-testing";
import { type OperationId, operationExamples, operationTable } from "@timkit/spec";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Sandbox, startSandbox } from "../src/start-sandbox.js";

// The command under load: c2cMsgReadReceipt, at Tencent's default of 200 calls per second (sendmsg's too),
// whose documented example names the sandbox's default accounts (sendmsg's names lumotuwe2, which it has
// not); the limiter counts every command alike.
const command: OperationId = "c2cMsgReadReceipt";
const rate = operationTable[command].rateLimitPerSecond;
const processes = 4;
const durationMs = 5_000;
// What the counts may exceed the rate by: the 5 %.
const slack = Math.floor(rate * 0.05);
// The client's default: calls queue for their turn rather than fail.
const timeoutMs = 10_000;
// The sandbox counts a request when it reads it, the client when it sends it. A request sent in the last
// marginMs of a second counts in the next one too; on this shared 2-core machine, busy with other test
// runs, a request can take longer than the default 50 ms to be read.
const marginMs = 400;

const worker = fileURLToPath(new URL("./rate-limit-worker.mjs", import.meta.url));

interface WorkerReport {
  ok: number;
  okWhileLocal: number;
  calls: number;
  codes: Record<string, number>;
  reasons: Record<string, number>;
  other: number;
  maxCallMs: number;
  statuses: Array<{ reachable: boolean; message: string; at: number }>;
}

interface Window {
  second: number;
  operation: string;
  served: number;
  rejected: number;
}

let sandbox: Sandbox;
let redis: RedisServer;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, log: false });
  redis = await startRedisServer();
});
beforeEach(() => sandbox.mock.reset());
afterAll(async () => {
  await sandbox?.close();
  await redis?.stop();
});

/**
 * Runs one worker process to the end and returns its report; fails if it does not end in time. `callers`:
 * calls in flight in the process (each starts the next when it ends).
 */
function runWorker(
  shared: { redisUrl: string; localShare: number } | undefined,
  { runMs = durationMs, callers = 32 }: { runMs?: number; callers?: number } = {},
): Promise<WorkerReport> {
  const example = operationExamples[command].requests as Record<string, { value: unknown }>;
  const child = spawn(process.execPath, [worker], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      SANDBOX_URL: sandbox.url,
      SDKAPPID: String(sandbox.mock.options.sdkAppId),
      IDENTIFIER: sandbox.mock.options.admins[0],
      SECRET_KEY: devSecretKey,
      COMMAND: command,
      BODY: JSON.stringify(example.documentation?.value),
      DURATION_MS: String(runMs),
      CONCURRENCY: String(callers),
      TIMEOUT_MS: String(timeoutMs),
      MARGIN_MS: String(marginMs),
      REDIS_URL: shared?.redisUrl ?? "",
      LOCAL_SHARE: String(shared?.localShare ?? ""),
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    // The run, the last calls' timeoutMs and a start-up on a busy machine: anything longer is a hang.
    const timer = setTimeout(
      () => {
        child.kill("SIGKILL");
        reject(new Error(`a worker did not finish in time: ${stderr}`));
      },
      runMs + timeoutMs + 10_000,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(stdout) as WorkerReport);
      else reject(new Error(`a worker exited with ${code}: ${stderr}`));
    });
  });
}

/** The sandbox's own counts of the command, one entry per second. */
async function windows(): Promise<Window[]> {
  const limits = await (await fetch(`${sandbox.url}/__sandbox/limits`)).json();
  return (limits.windows as Window[]).filter(({ operation }) => operation === command);
}

const received = ({ served, rejected }: Window) => served + rejected;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

describe(`${processes} processes calling ${command} as fast as they can for ${durationMs / 1000} s`, () => {
  it(`share a budget of ${rate}/s through Redis: the sandbox receives at most ${rate} (+5 %) in every second and answers no 60007`, async () => {
    const shared = { redisUrl: redis.url, localShare: 1 / processes };
    const reports = await Promise.all(Array.from({ length: processes }, () => runWorker(shared)));
    const counted = await windows();
    if (process.env.TIMKIT_DEBUG) console.log(JSON.stringify({ counted, reports }));

    expect(Math.max(...counted.map(received))).toBeLessThanOrEqual(rate + slack);
    expect(sum(counted.map(({ rejected }) => rejected))).toBe(0);
    // The budget was in use (the same processes without sharing go over it: the next test). Close to the
    // rate, not at it: requests sent in the last marginMs of a second count in the next one too.
    expect(Math.max(...counted.map(({ served }) => served))).toBeGreaterThanOrEqual(rate / 2);
    for (const report of reports) {
      expect(report.codes).toEqual({});
      expect(report.reasons).toEqual({});
      expect(report.other).toBe(0);
    }
    // Every call the processes saw succeed, the sandbox counted (some may have ended at their deadline after).
    expect(sum(reports.map(({ ok }) => ok))).toBeLessThanOrEqual(sum(counted.map(({ served }) => served)));
  });

  it("without sharing, each at its own in-process limit, push the sandbox over the rate: it answers 60007", async () => {
    // Many calls in flight: back-off after each 60007 keeps a caller idle, and on a busy machine each call
    // takes a while; the processes must still offer more than the rate together.
    const reports = await Promise.all(
      Array.from({ length: processes }, () => runWorker(undefined, { callers: 128 })),
    );
    const counted = await windows();
    if (process.env.TIMKIT_DEBUG) console.log(JSON.stringify({ counted, reports }));

    expect(Math.max(...counted.map(received))).toBeGreaterThan(rate);
    expect(sum(counted.map(({ rejected }) => rejected))).toBeGreaterThan(0);
    expect(Math.max(...counted.map(({ served }) => served))).toBe(rate);
    // The clients retried the 60007s with back-off: fewer calls ended with one than the sandbox answered.
    const surfaced = sum(reports.map(({ codes }) => codes["60007"] ?? 0));
    expect(surfaced).toBeLessThan(sum(counted.map(({ rejected }) => rejected)));
  });

  it("go on at their local share when Redis stops in the middle, and no call hangs", async () => {
    const server = await startRedisServer();
    const localShare = 1 / processes;
    // Longer than five seconds: the processes warm up first (slowly on a busy machine), and the local
    // share needs whole seconds after the switch.
    const runMs = 10_000;
    let stoppedAt = Number.NaN;
    let reports: WorkerReport[];
    try {
      const running = Promise.all(
        Array.from({ length: processes }, () => runWorker({ redisUrl: server.url, localShare }, { runMs })),
      );
      // Mid-run: once the processes have gone through a whole second together through Redis.
      await vi.waitFor(
        async () => {
          const now = Math.floor(Date.now() / 1000);
          const done = (await windows()).filter(({ second, served }) => second < now && served > 0);
          expect(done.length).toBeGreaterThanOrEqual(2);
        },
        { timeout: runMs * 0.6, interval: 100 },
      );
      stoppedAt = Date.now();
      await server.stop();
      reports = await running;
    } finally {
      await server.stop();
    }
    const counted = await windows();
    if (process.env.TIMKIT_DEBUG) console.log(JSON.stringify({ stoppedAt, counted, reports }));

    for (const report of reports) {
      // Each process noticed, once (a busy start may have seen a slow answer before: not counted here).
      const afterStop = report.statuses.filter(({ at }) => at >= stoppedAt);
      expect(afterStop.map(({ reachable }) => reachable)).toEqual([false]);
      expect(report.other).toBe(0);
      // Every call ended by its deadline: a wait for Redis is bounded by redisTimeoutMs, a wait for a
      // turn by timeoutMs (the second in which Redis went away counts as spent, so turns come later there).
      // (plus the lag of an event loop on a busy machine).
      expect(report.maxCallMs).toBeLessThanOrEqual(timeoutMs + 1_000);
      expect(Object.keys(report.reasons).filter((reason) => reason !== "rate-limited")).toEqual([]);
    }
    expect(Math.max(...counted.map(received))).toBeLessThanOrEqual(rate + slack);
    expect(sum(counted.map(({ rejected }) => rejected))).toBe(0);
    // Every process went on after the switch, at its share: together at most the rate, as the counts show.
    for (const report of reports) expect(report.okWhileLocal).toBeGreaterThan(0);
    expect(counted.filter(({ second }) => second > stoppedAt / 1000 + 1).length).toBeGreaterThanOrEqual(3);
  });
});
