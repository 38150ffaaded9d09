import { defaultRegion, type Region, regionTable, requestValidators } from "@timkit/spec";
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
  settings: CallSettings;
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
