import { type OperationId, operationTable } from "@timkit/spec";

/**
 * Which calls per second the mock allows: `true` the spec's rate for every command (`x-timkit-rate-limit`),
 * `false` no limit, or the spec's rates with some changed: a positive integer, or `false` for no limit on
 * that command.
 */
export type RateLimitsOption = boolean | Partial<Record<OperationId, number | false>>;

/** One second of one command's calls, as the mock counted them. */
export interface RateWindow {
  /** The Unix second of the mock's clock (`now`) the calls arrived in. */
  second: number;
  operation: OperationId;
  /** Calls answered as usual: at most the command's rate. */
  served: number;
  /** Calls answered with the rate-limit code (60007) because `served` had reached the rate. */
  rejected: number;
}

/** The limits in effect and the recent counts, as plain JSON. */
export interface RateLimitsSnapshot {
  /** False when no command is limited. */
  enabled: boolean;
  /** Calls per second allowed per command; null for no limit. */
  perSecond: Record<OperationId, number | null>;
  /** The last `keptSeconds` seconds in which a command was called, oldest first, per command. */
  windows: RateWindow[];
}

/** The mock's rate limits: what it allows, what it counted, and a way to change the limits. */
export interface TimMockRateLimits {
  snapshot(): RateLimitsSnapshot;
  /** Replaces the limits (same values as the `rateLimits` option); the counts are kept. */
  set(option: RateLimitsOption): void;
  /**
   * Counts one call that passed the query and UserSig checks in `second`: its rate when it was refused,
   * undefined when it is served.
   */
  count(operation: OperationId, second: number): number | undefined;
  /** Back to the option's limits, no counts. */
  reset(): void;
}

/** How many seconds of counts are kept per command: a minute of history, bounded memory. */
const keptSeconds = 60;

const operationIds = Object.keys(operationTable) as OperationId[];

/**
 * The per-second rates an option means, one per command (undefined: not limited). Throws a TypeError
 * naming what is wrong.
 *
 * @example
 * rateLimitsFrom({ c2cMsgReadReceipt: 50 }).c2cMsgReadReceipt // → 50, other commands at the spec's rate
 */
export function rateLimitsFrom(
  option: unknown,
  name = "rateLimits",
): Record<OperationId, number | undefined> {
  const rates = {} as Record<OperationId, number | undefined>;
  if (typeof option === "boolean") {
    for (const id of operationIds) rates[id] = option ? operationTable[id].rateLimitPerSecond : undefined;
    return rates;
  }
  if (typeof option !== "object" || option === null || Array.isArray(option)) {
    throw new TypeError(`${name} must be true, false or an object of calls per second per operationId`);
  }
  for (const id of operationIds) rates[id] = operationTable[id].rateLimitPerSecond;
  for (const [id, rate] of Object.entries(option)) {
    if (!Object.hasOwn(operationTable, id)) throw new TypeError(`${name}: ${id} is not an operationId`);
    if (rate !== false && !(Number.isSafeInteger(rate) && (rate as number) > 0)) {
      throw new TypeError(`${name}.${id} must be a positive integer or false, got ${JSON.stringify(rate)}`);
    }
    rates[id as OperationId] = rate === false ? undefined : (rate as number);
  }
  return rates;
}

/**
 * Counts calls per command in fixed one-second windows of the mock's clock, as Tencent counts per
 * SDKAppID (a mock serves one SDKAppID), and says when a call is over its command's rate.
 *
 * @example
 * const limits = createRateLimits(true);
 * limits.count("c2cMsgReadReceipt", 1_800_000_000); // → undefined: served (the 201st call that second → 200)
 */
export function createRateLimits(option: RateLimitsOption): TimMockRateLimits {
  const initial = rateLimitsFrom(option);
  let rates = initial;
  const windows = new Map<OperationId, RateWindow[]>();
  return {
    snapshot: () => ({
      enabled: operationIds.some((id) => rates[id] !== undefined),
      perSecond: Object.fromEntries(operationIds.map((id) => [id, rates[id] ?? null])) as Record<
        OperationId,
        number | null
      >,
      windows: [...windows.values()].flat().map((window) => ({ ...window })),
    }),
    set(next) {
      rates = rateLimitsFrom(next);
    },
    count(operation, second) {
      const rate = rates[operation];
      if (rate === undefined) return undefined;
      const recent = windows.get(operation) ?? [];
      windows.set(operation, recent);
      let window = recent.at(-1);
      if (window?.second !== second) {
        window = { second, operation, served: 0, rejected: 0 };
        recent.push(window);
        if (recent.length > keptSeconds) recent.shift();
      }
      if (window.served >= rate) {
        window.rejected++;
        return rate;
      }
      window.served++;
      return undefined;
    },
    reset() {
      rates = initial;
      windows.clear();
    },
  };
}
