// `pnpm bench`: the sandbox against `prism mock` on the same bundled spec, on loopback, with the same mixed
// read-receipt flow (half sendmsg, a quarter receipts, a quarter admin_getroammsg of a 100-message
// conversation), connections and duration; then the sandbox's memory after 100k sendmsg. Everything it
// starts, it stops.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { devSecretKey, timMockDefaults } from "@timkit/mocks";
import { genUserSig } from "@timkit/usersig";
import autocannon, { type AutocannonRequest } from "autocannon";
import { exampleUrl } from "../src/documented-example.js";

const connections = 10;
// Measured in alternating rounds (sandbox, Prism, Prism, sandbox, …) so that other work on a shared
// machine weighs on both sides alike; 4 rounds of 2 s make 8 s each.
const rounds = Number(process.env.BENCH_ROUNDS ?? 4);
const roundSeconds = 2;
const memoryRequests = 100_000;

const require = createRequire(import.meta.url);
const sandboxMain = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const bareServer = fileURLToPath(new URL("./bare-http-server.mjs", import.meta.url));
const prismBin = fileURLToPath(new URL("../node_modules/.bin/prism", import.meta.url));
const specPath = require.resolve("@timkit/spec/openapi.json");

const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(command: string, args: string[]): ChildProcess {
  // Its own process group, so that Prism and anything it forks stop together.
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "inherit"], detached: true });
  children.push(child);
  return child;
}

async function stopAll(): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }),
  );
}

async function waitUntilAnswering(url: string, init: RequestInit): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      await fetch(url, init);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${url} did not answer within 60 s`);
}

interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number | undefined;
}

interface Measured {
  name: string;
  requestsPerSecond: number;
  /** The median of the rounds' p99 latencies. */
  p99: number;
  errors: number;
  notOk: number;
  total: number;
  /** CPU time the server process spent per request (Linux), which other load on the machine hardly moves. */
  cpuMsPerRequest: number | undefined;
}

/** User + system CPU time of a process in milliseconds, from /proc; undefined where there is none. */
function cpuMilliseconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
  } catch {
    return undefined;
  }
}
const clockTicksPerSecond = 100;

/** One request of the flow: the operation's path with the auth query, and a body made per request. */
interface FlowRequest {
  readonly path: string;
  body(): string;
  /** Reads the answer, for a later request of the flow. */
  answered?(answer: string): void;
}

async function measure(targets: Target[], flow: readonly FlowRequest[]): Promise<Measured[]> {
  const totals = targets.map((target) => ({
    target,
    requests: 0,
    seconds: 0,
    errors: 0,
    notOk: 0,
    p99s: [] as number[],
    cpu: 0 as number | undefined,
  }));
  const run = async (total: (typeof totals)[number], seconds: number, counted: boolean) => {
    const requests = flow.map((step) => ({
      method: "POST" as const,
      path: step.path,
      headers: { "content-type": "application/json" },
      setupRequest: (request: AutocannonRequest) => ({ ...request, body: step.body() }),
      onResponse: (_status: number, answer: string) => {
        step.answered?.(answer);
        if (counted && !/"ErrorCode":\s*0[,}\s]/.test(answer)) total.notOk += 1;
      },
    }));
    const cpuBefore = cpuMilliseconds(total.target.pid);
    const result = await autocannon({
      url: total.target.url,
      connections,
      duration: seconds,
      requests,
    });
    const cpuAfter = cpuMilliseconds(total.target.pid);
    if (!counted) return;
    total.requests += result.requests.total;
    total.seconds += result.duration;
    total.errors += result.errors + result.timeouts + result.non2xx;
    total.p99s.push(result.latency.p99);
    total.cpu =
      cpuBefore === undefined || cpuAfter === undefined || total.cpu === undefined
        ? undefined
        : total.cpu + cpuAfter - cpuBefore;
  };
  // A short warm-up so that neither side is measured while its JIT is cold.
  for (const total of totals) await run(total, 1, false);
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? totals : [...totals].reverse();
    for (const total of order) await run(total, roundSeconds, true);
  }
  return totals.map((total) => ({
    name: total.target.name,
    requestsPerSecond: total.requests / total.seconds,
    p99: median(total.p99s),
    errors: total.errors,
    notOk: total.notOk,
    total: total.requests,
    cpuMsPerRequest: total.cpu === undefined ? undefined : total.cpu / total.requests,
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The conversation admin_getroammsg reads in the flow: the one sendmsg writes to, seeded with 100 messages
 * at start, so every read answers a full page however many messages the store has dropped since.
 */
const seeded = { from: "user2", to: "user1", count: 100 };
/** The sandbox's resident memory after 100 000 more sendmsg stays under this (its README says so). */
const rssCapMegabytes = 256;
const text = (Text: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text } }];

async function main(): Promise<void> {
  const [sandboxPort, prismPort, barePort] = [await freePort(), await freePort(), await freePort()];
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const prismUrl = `http://127.0.0.1:${prismPort}`;
  const bareUrl = `http://127.0.0.1:${barePort}`;
  const fixtureDirectory = mkdtempSync(join(tmpdir(), "timkit-bench-"));
  const fixture = join(fixtureDirectory, "fixture.json");
  writeFileSync(
    fixture,
    JSON.stringify({
      accounts: ["user1", "user2"],
      messages: Array.from({ length: seeded.count }, (_, i) => ({
        From_Account: seeded.from,
        To_Account: seeded.to,
        MsgRandom: i,
        MsgBody: text(`message ${i} of the seeded conversation`),
      })),
    }),
  );
  const sandboxProcess = start(process.execPath, [
    sandboxMain,
    "--port",
    String(sandboxPort),
    "--quiet",
    "--fixture",
    fixture,
    ...sandboxFlags,
  ]);
  const prismProcess = start(prismBin, ["mock", "-h", "127.0.0.1", "-p", String(prismPort), specPath]);

  const userSig = await genUserSig({
    sdkAppId: timMockDefaults.sdkAppId,
    identifier: timMockDefaults.admins[0],
    secretKey: devSecretKey,
  });
  const call = {
    sdkAppId: timMockDefaults.sdkAppId,
    identifier: timMockDefaults.admins[0],
    userSig,
    baseUrl: "",
  };
  let counter = 0;
  // The receipts acknowledge the message sent last, so the sandbox really sets IsPeerRead.
  let lastMsgKey = "1_1_1700000000";
  const sendmsg: FlowRequest = {
    path: exampleUrl(call, "sendmsg"),
    body: () =>
      JSON.stringify({
        From_Account: seeded.from,
        To_Account: seeded.to,
        MsgRandom: ++counter % 4294967296,
        IsNeedReadReceipt: 1,
        // With a custom element too: Prism reads the spec's `minContains: 0` (at most one TIMCustomElem, none
        // needed) as draft-07's "at least one", and would refuse a text-only body with a 422.
        MsgBody: [...text("Did you read this?"), { MsgType: "TIMCustomElem", MsgContent: { Data: "bench" } }],
      }),
    answered: (answer) => {
      lastMsgKey = /"MsgKey":"([^"]+)"/.exec(answer)?.[1] ?? lastMsgKey;
    },
  };
  const receipt: FlowRequest = {
    path: exampleUrl(call, "c2cMsgReadReceipt"),
    body: () =>
      JSON.stringify({
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: lastMsgKey }],
      }),
  };
  const history: FlowRequest = {
    path: exampleUrl(call, "adminGetroammsg"),
    body: () =>
      JSON.stringify({
        Operator_Account: seeded.to,
        Peer_Account: seeded.from,
        MaxCnt: 100,
        MinTime: 0,
        MaxTime: 4294967295,
      }),
  };
  const flow = [sendmsg, receipt, sendmsg, history];
  const init = { method: "POST", headers: { "content-type": "application/json" }, body: history.body() };
  await waitUntilAnswering(`${sandboxUrl}${history.path}`, init);
  await waitUntilAnswering(`${prismUrl}${history.path}`, init);
  // The bare server answers each command's path with what the sandbox answered it once.
  const answers: Record<string, string> = {};
  for (const step of [sendmsg, receipt, history]) {
    const answer = await fetch(`${sandboxUrl}${step.path}`, { ...init, body: step.body() });
    answers[step.path.split("?")[0] as string] = await answer.text();
  }
  const answersFile = join(fixtureDirectory, "answers.json");
  writeFileSync(answersFile, JSON.stringify(answers));
  const bareProcess = start(process.execPath, [bareServer, String(barePort), answersFile]);
  await waitUntilAnswering(`${bareUrl}${history.path}`, init);
  const page = async () =>
    (await (await fetch(`${sandboxUrl}${history.path}`, init)).json()) as {
      MsgCnt: number;
      Complete: number;
    };
  const probe = await page();

  process.stdout.write(
    `Mixed read-receipt flow (2 sendmsg : 1 c2c_msg_read_receipt : 1 admin_getroammsg of a ${seeded.count}-message conversation, answered ${probe.MsgCnt} per page, Complete ${probe.Complete}), POST with a valid UserSig, ${connections} connections, ${rounds} alternating rounds of ${roundSeconds} s each, loopback\n`,
  );
  const [sandbox, prism, bare] = (await measure(
    [
      { name: "timkit sandbox", url: sandboxUrl, pid: sandboxProcess.pid },
      // Prism's CLI runs the server in the process it starts.
      { name: "prism mock", url: prismUrl, pid: prismProcess.pid },
      { name: "bare node:http", url: bareUrl, pid: bareProcess.pid },
    ],
    flow,
  )) as [Measured, Measured, Measured];
  const cpu = (row: Measured) =>
    row.cpuMsPerRequest === undefined ? "n/a" : `${row.cpuMsPerRequest.toFixed(3)} ms`;
  const rows = [sandbox, prism, bare].map((row) =>
    [
      row.name.padEnd(16),
      row.requestsPerSecond.toFixed(0).padStart(8),
      `${row.p99.toFixed(1)} ms`.padStart(10),
      String(row.errors).padStart(8),
      String(row.notOk).padStart(8),
      String(row.total).padStart(9),
      cpu(row).padStart(14),
    ].join(" "),
  );
  const cpuRatio =
    sandbox.cpuMsPerRequest && prism.cpuMsPerRequest
      ? `CPU per request: prism / sandbox = ${(prism.cpuMsPerRequest / sandbox.cpuMsPerRequest).toFixed(2)}x`
      : "CPU per request: not measured (no /proc)";
  process.stdout.write(
    [
      `${"".padEnd(16)} ${"req/s".padStart(8)} ${"p99".padStart(10)} ${"errors".padStart(8)} ${"not OK".padStart(8)} ${"requests".padStart(9)} ${"CPU/request".padStart(14)}`,
      ...rows,
      "",
      `throughput: sandbox / prism = ${(sandbox.requestsPerSecond / prism.requestsPerSecond).toFixed(2)}x (aim: at least 10x)`,
      `p99 latency: prism / sandbox = ${(prism.p99 / Math.max(sandbox.p99, 0.001)).toFixed(2)}x (higher is better for the sandbox)`,
      cpuRatio,
      `ceiling: sandbox / bare node:http answering the sandbox's answers unchanged = ${(sandbox.requestsPerSecond / bare.requestsPerSecond).toFixed(2)} of what this load generator and machine allow`,
      `admin_getroammsg answered ${(await page()).MsgCnt} messages per page at the end`,
      "errors = socket errors + timeouts + non-2xx; not OK = answers whose ErrorCode is not 0",
      "",
    ].join("\n"),
  );

  // Memory: 100k messages, each with its own MsgRandom, so the store fills up to its cap and stays there.
  const rssBefore = await sandboxRss(sandboxUrl);
  const memoryRun = await autocannon({
    url: sandboxUrl,
    connections,
    amount: memoryRequests,
    requests: [
      {
        method: "POST",
        path: sendmsg.path,
        headers: { "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: sendmsg.body() }),
      },
    ],
  });
  const rssAfter = await sandboxRss(sandboxUrl);
  const state = (await (await fetch(`${sandboxUrl}/__sandbox/state`)).json()) as {
    messages: unknown[];
    droppedMessages: number;
    limits: { maxMessages: number; maxMessagesPerConversation: number };
  };
  const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  const underCap = rssAfter <= rssCapMegabytes * 1024 * 1024;
  process.stdout.write(
    [
      `memory: sandbox RSS ${megabytes(rssBefore)} before and ${megabytes(rssAfter)} after ${memoryRun.requests.total} more sendmsg` +
        ` (${memoryRun.errors + memoryRun.non2xx} errors): ${underCap ? "under" : "OVER"} the cap of ${rssCapMegabytes} MB;` +
        ` the store holds ${state.messages.length} messages (caps ${state.limits.maxMessages} in all, ${state.limits.maxMessagesPerConversation} in one conversation), dropped ${state.droppedMessages}`,
      "",
    ].join("\n"),
  );
  rmSync(fixtureDirectory, { recursive: true, force: true });
}

/** Throughput, not Tencent's 200 calls per second: with its rate limits on, most answers would be 60007. */
const sandboxFlags = ["--no-rate-limits"];

async function sandboxRss(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/__sandbox/health`)).json()) as { memory: { rss: number } };
  return health.memory.rss;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void stopAll().then(() => process.exit(130)));
}

try {
  await main();
} finally {
  await stopAll();
}
