import type { TimUserSigProvider } from "./client-options.js";

/** Where a client's UserSigs come from. */
export interface UserSigSource {
  /** The UserSig for the next request (synchronous when nothing has to be made). */
  get(): string | Promise<string>;
  /** Tencent answered 70001 (expired) for `userSig`: forget it. True when the next `get` makes a new one. */
  expired(userSig: string): boolean;
  /** Strings that must never appear in an error: the secret key and the UserSigs handed out. */
  secrets(): readonly string[];
}

/**
 * A fixed UserSig string, or a provider called before every request. A provider decides about caching and
 * renewal itself; a 70001 answer is not retried because the client cannot tell whether the provider would
 * hand out another one.
 *
 * @example
 * const source = userSigFromProvider(() => vault.read("tim/admin-usersig"));
 */
export function userSigFromProvider(userSig: string | TimUserSigProvider): UserSigSource {
  if (typeof userSig === "string")
    return { get: () => userSig, expired: () => false, secrets: () => [userSig] };
  let last = "";
  const accept = (value: unknown): string => {
    if (typeof value !== "string" || value === "") {
      throw new TypeError(
        `the userSig function returned ${value === "" ? "an empty string" : typeof value} instead of a UserSig`,
      );
    }
    last = value;
    return value;
  };
  return {
    get() {
      const value = userSig();
      // Any thenable counts, not only this realm's Promise.
      return typeof (value as PromiseLike<string>)?.then === "function"
        ? Promise.resolve(value).then(accept)
        : accept(value);
    },
    expired: () => false,
    secrets: () => (last ? [last] : []),
  };
}

/** What `userSigFromSecretKey` needs. */
export interface SecretKeyUserSigOptions {
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  /** Validity of each UserSig in seconds (default one day). */
  expireSeconds?: number | undefined;
}

/** Validity of the UserSigs the client makes when the caller does not say: the usersig package's default. */
const defaultExpireSeconds = 86_400;

/**
 * Makes the admin UserSig from the secret key once, hands the same one to every request, and makes a new
 * one shortly before it expires: when 10% of its validity is left, but at least 5 minutes ahead (at most
 * half-way). Concurrent requests wait for one shared generation. `@timkit/usersig` is loaded on first use,
 * so a browser build that never holds a secret key never downloads the signer.
 *
 * @example
 * const source = userSigFromSecretKey({ sdkAppId: 1400000000, identifier: "administrator", secretKey });
 * const userSig = await source.get();
 */
export function userSigFromSecretKey(options: SecretKeyUserSigOptions): UserSigSource {
  const { sdkAppId, identifier, secretKey } = options;
  const expireSeconds = options.expireSeconds ?? defaultExpireSeconds;
  const renewBeforeSeconds = Math.min(Math.max(expireSeconds * 0.1, 300), expireSeconds / 2);
  let current: { userSig: string; renewAtMs: number } | undefined;
  let pending: Promise<string> | undefined;
  const issued: string[] = [];

  async function generate(): Promise<string> {
    const { genUserSig } = await import("@timkit/usersig");
    const now = Math.floor(Date.now() / 1000);
    const userSig = await genUserSig({ sdkAppId, identifier, secretKey, expireSeconds, now });
    current = { userSig, renewAtMs: (now + expireSeconds - renewBeforeSeconds) * 1000 };
    // Errors of late-finishing requests may still carry an older one, so the last few stay redacted.
    issued.unshift(userSig);
    issued.length = Math.min(issued.length, 4);
    return userSig;
  }

  return {
    get() {
      if (current && Date.now() < current.renewAtMs) return current.userSig;
      pending ??= generate().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    expired(userSig) {
      if (current?.userSig === userSig) current = undefined;
      return true;
    },
    secrets: () => [secretKey, ...issued],
  };
}
