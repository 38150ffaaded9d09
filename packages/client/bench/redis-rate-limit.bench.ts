// What sharing the budget through Redis adds to a call: the same client on the same stubbed fetch, with
// `rateLimit: false`, with the in-process limiter and with `rateLimit: { redis }` on a redis-server on
// loopback (started here and stopped at the end). The rate is one the bench never reaches, so every call
// asks Redis and none waits for a turn. Rows run in rotating order over several rounds; the medians of the
// rounds' p50 and p99 are reported, and what Redis adds to each.
import { startRedisServer } from "@timkit/redis-testing";
import { Bench } from "tinybench";
import { createTimClient, type TimRateLimitOptions } from "../src/index.js";

const okJson = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}';
const stubFetch = async (_request: Request) =>
  new Response(okJson, { headers: { "content-type": "application/json" } });
const body = {
  Operator_Account: "bob",
  Peer_Account: "alice",
  C2CMsgInfo: [{ From_Account: "alice", To_Account: "bob", MsgKey: "1467329515_5675354_1708676941" }],
};

const redis = await startRedisServer();
try {
  const perSecond = { c2cMsgReadReceipt: Number.MAX_SAFE_INTEGER };
  const client = (rateLimit: TimRateLimitOptions | false) =>
    createTimClient({
      sdkAppId: 1400000000,
      identifier: "administrator",
      baseUrl: "https://adminapisgp.im.qcloud.com",
      userSig: "eJwtzM0KgkAYheGrmWqh-bench-usersig-value-of-a-realistic-length-0123456789abcdef",
      fetch: stubFetch,
      rateLimit,
    });
  const statuses: string[] = [];
  const clients = {
    "rateLimit: false": client(false),
    "in-process limiter": client({ perSecond }),
    "rateLimit: { redis } on loopback": client({
      perSecond,
      redis: redis.url,
      localShare: 1,
      onRedisStatus: (status) => statuses.push(status.message),
    }),
  };
  for (const tim of Object.values(clients)) await tim.c2cMsgReadReceipt(body); // connect, make the key

  const rounds = 7;
  const p50 = new Map<string, number[]>();
  const p99 = new Map<string, number[]>();
  const names = Object.keys(clients) as Array<keyof typeof clients>;
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: 500, warmupTime: 100 });
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      bench.add(name, () => clients[name].c2cMsgReadReceipt(body));
    }
    await bench.run();
    for (const task of bench.tasks) {
      p50.set(task.name, [...(p50.get(task.name) ?? []), task.result?.latency.p50 ?? Number.NaN]);
      p99.set(task.name, [...(p99.get(task.name) ?? []), task.result?.latency.p99 ?? Number.NaN]);
    }
  }
  await Promise.all(Object.values(clients).map((tim) => tim.close()));

  const median = (values: number[] = []) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const base = names[0] as string;
  console.table(
    names.map((name) => ({
      call: `tim.c2cMsgReadReceipt, ${name}`,
      "p50 µs": (median(p50.get(name)) * 1_000).toFixed(1),
      "p99 µs": (median(p99.get(name)) * 1_000).toFixed(1),
      "added p50 µs": ((median(p50.get(name)) - median(p50.get(base))) * 1_000).toFixed(1),
      "added p99 µs": ((median(p99.get(name)) - median(p99.get(base))) * 1_000).toFixed(1),
    })),
  );
  const shared = "rateLimit: { redis } on loopback";
  console.log(
    `Redis on loopback adds ${((median(p50.get(shared)) - median(p50.get(base))) * 1_000).toFixed(0)} µs at p50 and ` +
      `${((median(p99.get(shared)) - median(p99.get(base))) * 1_000).toFixed(0)} µs at p99 per call to rateLimit: false` +
      (statuses.length ? ` (it fell back: ${statuses.join("; ")})` : ""),
  );
} finally {
  await redis.stop();
}
