import {
  defaultRegion,
  type OperationId,
  operationTable,
  type Region,
  regionTable,
  requestValidators,
} from "@timkit/spec";
import { describeValue } from "./value-description.js";

/**
 * A fetch the client can call: `globalThis.fetch`, undici's, a test stub. It gets the attempt's `Request`
 * and `{ signal }`, which aborts at the call's deadline or the caller's abort: pass both on
 * (`fetch(request, init)`) so that the request in flight is cancelled too. The call ends at its deadline
 * either way.
 */
export type TimFetch = (request: Request, init?: { signal?: AbortSignal }) => Promise<Response>;

/** Back-off settings; a call makes at most `maxAttempts` requests. */
export interface TimRetryOptions {
  /** Requests per call, the first included. Default 3; 1 turns retries off. */
  maxAttempts?: number;
  /** The back-off before the second request is drawn from [0, baseDelayMs]. Default 200. */
  baseDelayMs?: number;
  /** No back-off is longer than this (a server's `Retry-After` excepted). Default 2000. */
  maxDelayMs?: number;
}

/** Options every call accepts; each overrides the client's own for that call. */
export interface TimCallOptions {
  /**
   * Budget of the whole call in milliseconds, retries and back-off included. Default 10 000: Tencent gives
   * up on a request after 3 s, so a client timeout must be longer than that.
   */
  timeoutMs?: number;
  /** Retry transient failures (default `{ maxAttempts: 3 }`), or `false` for exactly one request. */
  retry?: TimRetryOptions | false;
  /** The fetch to use. By default `globalThis.fetch`, looked up at call time (so test mocks installed later apply). */
  fetch?: TimFetch;
  /** Aborts the call, back-off included; the call then rejects with `TimRequestError` reason "aborted". */
  signal?: AbortSignal;
  /** Check the body against the spec before sending (default true). */
  validate?: boolean;
}

/** What `onRedisStatus` is told when Redis stops or starts answering. */
export interface TimRedisStatus {
  /** False: the client now counts each command at `localShare` of its rate; true: shared again. */
  readonly reachable: boolean;
  /** What happened, e.g. "Redis connection is not ready" (never the URL's password). */
  readonly message: string;
}

/**
 * How the client keeps each command under Tencent's calls per second (`x-timkit-rate-limit`: 200/s, 100/s
 * for the batch account commands). Calls over the budget wait for the next second in a queue instead of
 * being sent into a 60007.
 */
export interface TimRateLimitOptions {
  /** Calls per second for some commands instead of the spec's, e.g. `{ c2cMsgReadReceipt: 100 }`. */
  perSecond?: Partial<Record<OperationId, number>>;
  /** Calls that may wait per command; one more fails at once (`TimRequestError` "rate-limited"). Default 1000. */
  maxQueue?: number;
  /**
   * A request sent this close to the end of a second may reach the server in the next one, so it is
   * counted in both: the longest a request takes to arrive, clock skew included. Default 50 ms.
   */
  marginMs?: number;
  /**
   * Share each command's budget with every process and machine using the same Redis: a `redis://` or
   * `rediss://` URL (needs the `ioredis` package) or a connected ioredis or node-redis (v4+) client.
   * Server side only; loaded with `import()` only when given.
   */
  redis?: string | object;
  /**
   * With `redis`: the share of each command's rate this process uses on its own while Redis does not
   * answer, e.g. `1 / 4` for four processes. Required with `redis`.
   */
  localShare?: number;
  /** With `redis`: how long one call to Redis may take before the process uses its local share. Default 250 ms. */
  redisTimeoutMs?: number;
  /** With `redis`: called when Redis stops answering (the client falls back to `localShare`) and when it is back. */
  onRedisStatus?: (status: TimRedisStatus) => void;
}

/** A function that hands out the administrator's UserSig; called before every request, so let it cache. */
export type TimUserSigProvider = () => string | Promise<string>;

/**
 * How to reach and authenticate against the API. Give exactly one of `secretKey` and `userSig`, and
 * `region` or `baseUrl`.
 */
export interface TimClientOptions extends TimCallOptions {
  /** The application's SDKAppID from the Chat console. */
  sdkAppId: number;
  /** An App administrator account, often "administrator". */
  identifier: string;
  /** The data center of the SDKAppID. Default: the spec's default region ("china"). */
  region?: Region;
  /** Overrides `region`: a proxy, a mock server ("http://127.0.0.1:4010"). */
  baseUrl?: string;
  /** The application's secret key: the client then makes, caches and renews the admin UserSig itself. Server-side only. */
  secretKey?: string;
  /** A ready UserSig, or a function returning one (the way to go in a browser). */
  userSig?: string | TimUserSigProvider;
  /** Validity of the UserSigs made from `secretKey`, in seconds. Default 86 400 (one day). */
  userSigExpireSeconds?: number;
  /**
   * Keep each command under its calls per second: by default in this process at the spec's rate; with
   * `{ redis }` shared across processes; `false` sends every call at once.
   */
  rateLimit?: TimRateLimitOptions | false;
}

/** Settings of one call, every default filled in. */
export interface CallSettings {
  timeoutMs: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  fetch: TimFetch | undefined;
  signals: AbortSignal[];
  validate: boolean;
}

export const defaultTimeoutMs = 10_000;
export const defaultRetry = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 } as const;

/** An option's name, the test its value must pass, and what the error says it must be. */
type OptionCheck = [name: string, ok: (value: never) => boolean, wanted: string];

const isMs = (value: number) => typeof value === "number" && value >= 0 && value < 2 ** 31;

const callChecks: OptionCheck[] = [
  ["timeoutMs", (value: number) => isMs(value) && value > 0, "a positive number of milliseconds"],
  [
    "retry",
    (value: object | false) => value === false || (typeof value === "object" && value !== null),
    "an object or false",
  ],
  ["fetch", (value: unknown) => typeof value === "function", "a function"],
  ["signal", (value: AbortSignal) => typeof value?.addEventListener === "function", "an AbortSignal"],
  ["validate", (value: unknown) => typeof value === "boolean", "a boolean"],
];

const retryChecks: OptionCheck[] = [
  ["maxAttempts", (value: number) => Number.isInteger(value) && value >= 1, "an integer of at least 1"],
  ["baseDelayMs", isMs, "a number of milliseconds"],
  ["maxDelayMs", isMs, "a number of milliseconds"],
];

const clientChecks: OptionCheck[] = [
  [
    "sdkAppId",
    (value: number) => Number.isSafeInteger(value) && value > 0,
    "a positive integer, the SDKAppID",
  ],
  [
    "identifier",
    (value: string) => requestValidators.UserId(value),
    "an App administrator's UserID (1 to 32 bytes of UTF-8, the spec's UserId)",
  ],
  [
    "userSigExpireSeconds",
    (value: number) => Number.isInteger(value) && value >= 60,
    "an integer of at least 60",
  ],
  ...callChecks,
];

/** Throws a TypeError naming the first option that fails its check; `required` ones must be present. */
function checkOptions(where: string, options: object, checks: OptionCheck[], required: string[] = []): void {
  for (const [name, ok, wanted] of checks) {
    const value = (options as Record<string, never>)[name];
    if (value === undefined ? required.includes(name) : !ok(value)) {
      throw new TypeError(`${where}: ${name} must be ${wanted}, got ${describeValue(value)}`);
    }
  }
  const { retry } = options as TimCallOptions;
  if (retry) checkOptions(`${where}: retry`, retry, retryChecks);
}

/** Retry settings with `false` read as one attempt and unset fields left out, ready to spread. */
function retrySettings(retry: TimRetryOptions | false | undefined): Partial<CallSettings> {
  if (retry === false) return { maxAttempts: 1 };
  const settings: Partial<CallSettings> = {};
  // Only the three known fields: anything else on the object must not reach the call's settings.
  for (const name of ["maxAttempts", "baseDelayMs", "maxDelayMs"] as const) {
    if (retry?.[name] !== undefined) settings[name] = retry[name];
  }
  return settings;
}

/**
 * Merges per-call options over the client's settings. Called on every request, so the common case
 * (no per-call options) returns the precomputed settings untouched.
 */
export function callSettings(base: CallSettings, options: TimCallOptions | undefined): CallSettings {
  if (options === undefined) return base;
  checkOptions("call options", options, callChecks);
  return {
    ...base,
    ...retrySettings(options.retry),
    timeoutMs: options.timeoutMs ?? base.timeoutMs,
    fetch: options.fetch ?? base.fetch,
    validate: options.validate ?? base.validate,
    signals: options.signal ? [...base.signals, options.signal] : base.signals,
  };
}

/** Everything `createTimClient` derives from its options once. */
export interface ResolvedClientOptions {
  sdkAppId: number;
  identifier: string;
  baseUrl: string;
  secretKey: string | undefined;
  userSig: string | TimUserSigProvider | undefined;
  userSigExpireSeconds: number | undefined;
  /** Undefined: `rateLimit: false`. */
  rateLimit: ResolvedRateLimit | undefined;
  settings: CallSettings;
}

/** The rate limit of a client, every default filled in. */
export interface ResolvedRateLimit {
  perSecond: Record<OperationId, number>;
  maxQueue: number;
  marginMs: number;
  redis: string | object | undefined;
  localShare: number;
  redisTimeoutMs: number;
  onRedisStatus: ((status: TimRedisStatus) => void) | undefined;
}

export const defaultRateLimit = { maxQueue: 1_000, marginMs: 50, redisTimeoutMs: 250 } as const;

const isPerSecond = (value: number) => Number.isSafeInteger(value) && value > 0;

const rateLimitChecks: OptionCheck[] = [
  ["perSecond", (value: object) => typeof value === "object" && value !== null, "an object"],
  ["maxQueue", (value: number) => Number.isSafeInteger(value) && value >= 0, "an integer of at least 0"],
  ["marginMs", (value: number) => isMs(value) && value < 1000, "a number of milliseconds under 1000"],
  [
    "localShare",
    (value: number) => typeof value === "number" && value > 0 && value <= 1,
    "a number in (0, 1]",
  ],
  ["redisTimeoutMs", (value: number) => isMs(value) && value > 0, "a positive number of milliseconds"],
  ["onRedisStatus", (value: unknown) => typeof value === "function", "a function"],
];

const isRedis = (value: unknown) =>
  typeof value === "string"
    ? /^rediss?:\/\//.test(value)
    : typeof (value as { multi?: unknown } | null)?.multi === "function";

function resolveRateLimit(where: string, option: unknown): ResolvedRateLimit | undefined {
  if (option === false) return undefined;
  const given = (option ?? {}) as TimRateLimitOptions;
  if (typeof given !== "object") {
    throw new TypeError(`${where}: rateLimit must be an object or false, got ${describeValue(option)}`);
  }
  checkOptions(`${where}: rateLimit`, given, rateLimitChecks);
  // A URL may carry a password: a wrong redis value is described by its type only.
  const { redis } = given;
  if (redis !== undefined && !isRedis(redis)) {
    throw new TypeError(
      `${where}: rateLimit.redis must be a redis:// or rediss:// URL or a Redis client (with multi()), got a ${redis === null ? "null" : typeof redis}`,
    );
  }
  if (redis !== undefined && given.localShare === undefined) {
    throw new TypeError(
      `${where}: rateLimit.localShare must be given with redis: the share of each command's rate one process may use while Redis does not answer, e.g. 1 / 4 for four processes`,
    );
  }
  const perSecond = {} as Record<OperationId, number>;
  for (const id of Object.keys(operationTable) as OperationId[]) {
    perSecond[id] = operationTable[id].rateLimitPerSecond;
  }
  for (const [id, rate] of Object.entries(given.perSecond ?? {})) {
    if (!Object.hasOwn(operationTable, id)) {
      throw new TypeError(`${where}: rateLimit.perSecond: ${id} is not an operation of the spec`);
    }
    if (!isPerSecond(rate as number)) {
      throw new TypeError(
        `${where}: rateLimit.perSecond.${id} must be a positive integer, got ${describeValue(rate)}`,
      );
    }
    perSecond[id as OperationId] = rate as number;
  }
  return {
    perSecond,
    maxQueue: given.maxQueue ?? defaultRateLimit.maxQueue,
    marginMs: given.marginMs ?? defaultRateLimit.marginMs,
    redis,
    localShare: given.localShare ?? 1,
    redisTimeoutMs: given.redisTimeoutMs ?? defaultRateLimit.redisTimeoutMs,
    onRedisStatus: given.onRedisStatus,
  };
}

/** Checks the client options and fills in defaults; every mistake is a TypeError naming the option. */
export function resolveClientOptions(options: TimClientOptions): ResolvedClientOptions {
  const where = "createTimClient";
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${where}: expected an options object, got ${describeValue(options)}`);
  }
  checkOptions(where, options, clientChecks, ["sdkAppId", "identifier"]);
  const { secretKey, userSig } = options;
  // Only the type of a wrong secretKey or userSig is printed, never its value.
  if ((secretKey === undefined) === (userSig === undefined)) {
    throw new TypeError(`${where}: give exactly one of secretKey and userSig`);
  }
  if (secretKey !== undefined && (typeof secretKey !== "string" || secretKey === "")) {
    throw new TypeError(`${where}: secretKey must be a non-empty string, got ${typeof secretKey}`);
  }
  if (
    userSig !== undefined &&
    typeof userSig !== "function" &&
    (typeof userSig !== "string" || userSig === "")
  ) {
    throw new TypeError(`${where}: userSig must be a non-empty string or a function, got ${typeof userSig}`);
  }
  return {
    sdkAppId: options.sdkAppId,
    identifier: options.identifier,
    baseUrl: resolveBaseUrl(where, options.region, options.baseUrl),
    secretKey,
    userSig,
    userSigExpireSeconds: options.userSigExpireSeconds,
    rateLimit: resolveRateLimit(where, options.rateLimit),
    settings: {
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      ...defaultRetry,
      ...retrySettings(options.retry),
      fetch: options.fetch,
      signals: options.signal ? [options.signal] : [],
      validate: options.validate ?? true,
    },
  };
}

function resolveBaseUrl(where: string, region: unknown, baseUrl: unknown): string {
  if (baseUrl !== undefined) {
    const url = typeof baseUrl === "string" ? safeUrl(baseUrl) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash) {
      throw new TypeError(
        `${where}: baseUrl must be an http(s) URL without query, got ${describeValue(baseUrl)}`,
      );
    }
    return url.href.replace(/\/+$/, "");
  }
  const id = region ?? defaultRegion;
  if (typeof id !== "string" || !Object.hasOwn(regionTable, id)) {
    throw new TypeError(
      `${where}: region must be one of ${Object.keys(regionTable).join(", ")}, got ${describeValue(region)}`,
    );
  }
  return `https://${regionTable[id as Region].primary}`;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
