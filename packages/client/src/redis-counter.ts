// The Redis side of shared budgets. rate-limiter-flexible (and ioredis, for a URL) are loaded with
// `import()` only when `rateLimit.redis` is given, under names bundlers do not follow, so a browser build
// never holds these Node-only packages. rate-limiter-flexible does the counting: its RateLimiterRedis
// increments a key and sets its expiry in one Lua script, so every process sees one count. Its windows
// start at a key's first call; naming the key after the Unix second makes them the fixed, wall-clock
// seconds Tencent (and timkit's mock) count in, the same in every process.
import type { RateLimiterRedis } from "rate-limiter-flexible";
import type { SharedCounter } from "./shared-budget.js";

export interface RedisCounterOptions {
  /** A redis:// URL (an ioredis connection is made) or a client (ioredis, or node-redis v4+). */
  readonly redis: string | object;
  /** Prefix of every key: one budget per SDKAppID. */
  readonly keyPrefix: string;
  /** The longest one call to Redis may take; the connection is waited for as long, once. */
  readonly timeoutMs: number;
}

/** Loads a Node-only package by a name that bundlers (esbuild, Vite, webpack) leave alone. */
const nodeOnly = <Module>(name: string): Promise<Module> =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ name);

// A key outlives its second, whatever the clocks: it only has to be gone eventually.
const keySeconds = 2;
const connectTimeoutMs = 1_000;

/**
 * Counts calls per command and second in Redis.
 *
 * @example
 * const counter = await connectRedisCounter({ redis: "redis://127.0.0.1:6379", keyPrefix: "timkit:rate:1400000000", timeoutMs: 250 });
 * await counter.take("c2cMsgReadReceipt", Math.floor(Date.now() / 1000), 200); // → true
 */
export async function connectRedisCounter(options: RedisCounterOptions): Promise<SharedCounter> {
  const { RateLimiterRedis, RateLimiterRes } =
    await nodeOnly<typeof import("rate-limiter-flexible")>("rate-limiter-flexible");
  const own = typeof options.redis === "string" ? await connect(options.redis) : undefined;
  const client = own ?? options.redis;
  const limiters = new Map<number, RateLimiterRedis>();
  const limiterOf = (perSecond: number) => {
    let limiter = limiters.get(perSecond);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: client,
        // ioredis has defineCommand; node-redis v4+ does not, and rate-limiter-flexible must be told.
        useRedisPackage: typeof (client as { defineCommand?: unknown }).defineCommand !== "function",
        points: perSecond,
        duration: keySeconds,
        keyPrefix: options.keyPrefix,
        // A client that is not connected fails at once instead of queueing the command.
        rejectIfRedisNotReady: true,
      });
      limiters.set(perSecond, limiter);
    }
    return limiter;
  };
  return {
    async take(operation, second, perSecond) {
      try {
        await within(options.timeoutMs, limiterOf(perSecond).consume(`${operation}:${second}`));
        return true;
      } catch (error) {
        if (error instanceof RateLimiterRes) return false;
        throw error;
      }
    },
    async close() {
      if (!own) return;
      await own.quit().catch(() => own.disconnect());
    },
  };
}

/**
 * The promise, or a rejection after `ms`. rate-limiter-flexible's RLWrapperTimeouts rejects as soon as its
 * timer runs; here the rejection waits for the I/O callbacks of that turn of the event loop, so that an
 * answer which arrived while the process was busy (a blocked event loop, a starved CPU) still counts.
 */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer within ${ms} ms`))), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function connect(url: string) {
  let Redis: typeof import("ioredis").Redis;
  try {
    ({ Redis } = await nodeOnly<typeof import("ioredis")>("ioredis"));
  } catch {
    throw new Error("a redis URL needs the ioredis package: npm install ioredis (or pass a client)");
  }
  const client = new Redis(url, {
    lazyConnect: true,
    // Commands fail at once while disconnected rather than wait for a connection that may never come.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: connectTimeoutMs,
    // Named, so that `CLIENT LIST` shows who holds the connection.
    connectionName: "timkit-rate-limit",
    // Reconnects in the background, at least once a second, for as long as the client lives.
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  // Each command reports its own failure; without a listener ioredis would print every reconnection error.
  client.on("error", () => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    client.connect().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, connectTimeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return client;
}
