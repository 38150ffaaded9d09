// Budgets shared by every process that names the same Redis: each command's window is a counter in
// Redis, kept by rate-limiter-flexible (`redis-counter.ts`). When Redis does not answer, each process goes
// on with its `localShare` of the rate, counted here, says so once through `onRedisStatus`, and asks Redis
// again once per second. This file is loaded with `import()`, only when `rateLimit.redis` is given.
import type { ResolvedRateLimit, TimRedisStatus } from "./client-options.js";
import { type CallBudget, localBudget } from "./rate-limiter.js";
import { connectRedisCounter } from "./redis-counter.js";
import { redactText } from "./secret-redaction.js";

/** The Redis side of the shared budgets: one counter per command and second. */
export interface SharedCounter {
  /** Takes one call of `operation` in window `second`: false when spent. Rejects when Redis does not answer. */
  take(operation: string, second: number, perSecond: number): Promise<boolean>;
  /** Closes the connection the counter made from a URL; a client given is left open. */
  close(): Promise<void>;
}

/** The budgets of one client's commands, over one Redis. */
export interface SharedBudgets {
  budget(operation: string, perSecond: number): CallBudget;
  close(): Promise<void>;
}

/**
 * Budgets shared through `rateLimit.redis`, falling back to `localShare` of each rate while Redis does not
 * answer.
 *
 * @example
 * const budgets = sharedBudgets(1400000000, resolved.rateLimit);
 * const limiter = createRateLimiter(budgets.budget("c2cMsgReadReceipt", 200), { maxQueue: 1000, marginMs: 50 });
 */
export function sharedBudgets(sdkAppId: number, rateLimit: ResolvedRateLimit): SharedBudgets {
  const { redis, redisTimeoutMs, localShare, onRedisStatus } = rateLimit;
  const secrets = typeof redis === "string" ? secretsOf(redis) : [];
  let counter: Promise<SharedCounter> | undefined;
  let closed = false;
  const load = () => {
    counter ??= connectRedisCounter({
      redis: redis as string | object,
      keyPrefix: `timkit:rate:${sdkAppId}`,
      timeoutMs: redisTimeoutMs,
    }).catch((error: unknown) => {
      counter = undefined; // a package installed later, or a passing failure: tried again next second
      throw error;
    });
    return counter;
  };

  let reachable: boolean | undefined;
  const report = (now: boolean, error?: unknown) => {
    if (now === reachable || (now && reachable === undefined)) {
      reachable = now;
      return;
    }
    reachable = now;
    const message = now
      ? "Redis answers again: each command's budget is shared"
      : `Redis does not answer (${redactText(error instanceof Error ? error.message : String(error), secrets)}): each command goes on with ${localShare} of its rate in this process`;
    try {
      onRedisStatus?.({ reachable: now, message } satisfies TimRedisStatus);
    } catch {
      // A throwing listener must not fail the call that happened to notice.
    }
  };

  return {
    budget(operation, perSecond) {
      const local = localBudget(Math.max(1, Math.floor(perSecond * localShare)));
      let shared = true;
      // While on the local share, Redis is asked again at the first call of each new second.
      let tried = Number.NaN;
      const takeShared = async (second: number, alsoNext: boolean): Promise<boolean> => {
        tried = second;
        try {
          const store = await load();
          let taken = await store.take(operation, second, perSecond);
          if (taken && alsoNext) taken = await store.take(operation, second + 1, perSecond);
          shared = true;
          report(true);
          return taken;
        } catch (error) {
          // What is left of this second may have gone to other processes: the local share starts next second.
          if (shared) local.spend(second);
          shared = false;
          report(false, error);
          return local.take(second, alsoNext);
        }
      };
      return {
        perSecond,
        take: (second, alsoNext) =>
          closed || (!shared && second === tried)
            ? local.take(second, alsoNext)
            : takeShared(second, alsoNext),
        left: (second) => (shared ? perSecond : local.left(second)),
      };
    },
    async close() {
      closed = true;
      const loaded = counter;
      await (await loaded?.catch(() => undefined))?.close();
    },
  };
}

// A redis:// URL may carry a password: neither it nor the URL may reach a message.
function secretsOf(url: string): string[] {
  try {
    const { password } = new URL(url);
    return [url, decodeURIComponent(password)].filter(Boolean);
  } catch {
    return [url];
  }
}
