// The shared budget against a real redis-server (Debian's), started on a free loopback port per file and
// stopped after it. Real clocks: the windows are wall-clock seconds.
import { type RedisServer, startRedisServer } from "@timkit/redis-testing";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { TimClient, TimRateLimitOptions, TimRedisStatus } from "../src/index.js";
import { receiptBody, sdkAppId, seen, testClient, useTencentServer } from "./tencent-server.js";

useTencentServer();

let redis: RedisServer;
let admin: Redis;
const clients: TimClient[] = [];
const servers: RedisServer[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
  admin = new Redis(redis.url);
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((tim) => tim.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});
afterAll(async () => {
  admin.disconnect();
  await redis.stop();
});

function sharedClient(rateLimit: TimRateLimitOptions) {
  // A wide margin: tests run beside others on a busy machine, where a request can take a while to arrive.
  const tim = testClient({ retry: false, rateLimit: { localShare: 0.5, marginMs: 300, ...rateLimit } });
  clients.push(tim);
  return tim;
}

/** Requests the server saw in each wall-clock second, in order of the seconds. */
function countsPerSecond(): number[] {
  const counts = new Map<number, number>();
  for (const { at } of seen) counts.set(Math.floor(at / 1000), (counts.get(Math.floor(at / 1000)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([, count]) => count);
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = await startRedisServer();
  await server.stop();
  return server.port;
}

describe("rateLimit: { redis }", () => {
  it("shares each command's budget between clients: together they send at most the rate in every second", async () => {
    const perSecond = { c2cMsgReadReceipt: 10 };
    const [one, two] = [
      sharedClient({ redis: redis.url, perSecond }),
      sharedClient({ redis: redis.url, perSecond }),
    ];
    const started = Date.now();
    const outcomes = await Promise.all(
      [one, two].flatMap((tim) => Array.from({ length: 15 }, () => tim?.c2cMsgReadReceipt(receiptBody()))),
    );

    expect(outcomes).toHaveLength(30);
    const counts = countsPerSecond();
    expect(Math.max(...counts)).toBeLessThanOrEqual(10);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(30);
    // 30 calls at 10 a second: three seconds or so, and nothing waits for long.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("counts in one Redis key per SDKAppID, command and Unix second", async () => {
    const tim = sharedClient({ redis: redis.url });
    const before = Math.floor(Date.now() / 1000);
    await tim.c2cMsgReadReceipt(receiptBody());
    const keys = await admin.keys(`timkit:rate:${sdkAppId}:c2cMsgReadReceipt:*`);
    const seconds = keys.map((key) => Number(key.split(":").at(-1)));
    expect(seconds.some((second) => second >= before && second <= before + 1)).toBe(true);
  });

  it("uses a connected ioredis client it is given, and leaves it open on close()", async () => {
    const own = new Redis(redis.url);
    await own.ping();
    const tim = sharedClient({ redis: own });
    await tim.c2cMsgReadReceipt(receiptBody());
    await tim.close();
    expect(own.status).toBe("ready");
    expect(await own.keys(`timkit:rate:${sdkAppId}:*`)).not.toEqual([]);
    own.disconnect();
  });

  it("closes the connection it made from a URL on close(), so that the process can exit", async () => {
    const connections = async () =>
      String(await admin.client("LIST"))
        .split("\n")
        .filter((line) => line.includes("name=timkit-rate-limit")).length;
    await vi.waitFor(async () => expect(await connections()).toBe(0)); // earlier tests' clients are gone
    const tim = sharedClient({ redis: redis.url });
    await tim.c2cMsgReadReceipt(receiptBody());
    expect(await connections()).toBe(1);
    await tim.close();
    await vi.waitFor(async () => expect(await connections()).toBe(0));
  });

  it("falls back to localShare of the rate when Redis cannot be reached, says so once, and finishes every call", async () => {
    const statuses: TimRedisStatus[] = [];
    const password = "pw-for-the-redis-1234";
    const tim = sharedClient({
      redis: `redis://:${password}@127.0.0.1:${await closedPort()}`,
      perSecond: { c2cMsgReadReceipt: 4 },
      localShare: 0.5,
      onRedisStatus: (status) => statuses.push(status),
    });
    const started = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => tim.c2cMsgReadReceipt(receiptBody())));

    // The second Redis failed in counts as spent; then two a second, this process's share of four.
    expect(countsPerSecond().every((count) => count <= 2)).toBe(true);
    expect(seen).toHaveLength(4);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(statuses).toEqual([
      {
        reachable: false,
        message: expect.stringMatching(
          /^Redis does not answer \(.+\): each command goes on with 0\.5 of its rate/,
        ),
      },
    ]);
    expect(JSON.stringify(statuses)).not.toContain(password);
  });

  it("goes on at the local share while Redis is stopped, and shares again once it is back", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const statuses: TimRedisStatus[] = [];
    const tim = sharedClient({
      redis: server.url,
      perSecond: { c2cMsgReadReceipt: 4 },
      localShare: 0.5,
      onRedisStatus: (status) => statuses.push(status),
    });
    const durations: number[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const started = Date.now();
        await tim.c2cMsgReadReceipt(receiptBody());
        durations.push(Date.now() - started);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await server.stop();
    await vi.waitFor(() => expect(statuses).toHaveLength(1), { timeout: 3_000 });
    const sentWhileDown = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(seen.length).toBeGreaterThan(sentWhileDown);
    servers.push(await startRedisServer({ port: server.port }));
    await vi.waitFor(() => expect(statuses).toHaveLength(2), { timeout: 5_000 });
    running = false;
    await loop;

    expect(statuses.map(({ reachable }) => reachable)).toEqual([false, true]);
    expect(statuses[1]?.message).toBe("Redis answers again: each command's budget is shared");
    expect(Math.max(...countsPerSecond())).toBeLessThanOrEqual(4);
    // A call waits for its turn, never for Redis: at most two seconds, when the second in which Redis
    // stopped answering counts as spent.
    expect(Math.max(...durations)).toBeLessThan(4_000);
  });

  it("waits at most redisTimeoutMs for a Redis that hangs, then uses the local share", async () => {
    const server = await startRedisServer();
    servers.push(server);
    const statuses: TimRedisStatus[] = [];
    const tim = sharedClient({
      redis: server.url,
      redisTimeoutMs: 100,
      onRedisStatus: (status) => statuses.push(status),
    });
    await tim.c2cMsgReadReceipt(receiptBody());
    server.pause();
    const started = Date.now();
    await tim.c2cMsgReadReceipt(receiptBody());
    // redisTimeoutMs, then the rest of that second (counted as spent), then the local share.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(statuses).toEqual([
      { reachable: false, message: expect.stringContaining("no answer within 100 ms") },
    ]);
    server.resume();
  });

  it("never shows the password of the URL, even when Redis refuses it", async () => {
    const server = await startRedisServer({ args: ["--requirepass", "the-right-password-42"] });
    servers.push(server);
    const wrong = "a-wrong-password-for-redis";
    const statuses: TimRedisStatus[] = [];
    const tim = sharedClient({
      redis: `redis://:${wrong}@127.0.0.1:${server.port}`,
      onRedisStatus: (status) => statuses.push(status),
    });
    await tim.c2cMsgReadReceipt(receiptBody());
    expect(statuses).toHaveLength(1);
    expect(JSON.stringify(statuses)).not.toContain(wrong);
    expect(JSON.stringify(statuses)).not.toContain(encodeURIComponent(wrong));
  });
});
