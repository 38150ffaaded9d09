import { userSigLimits } from "./limits.js";

// Argument checks shared by generate and verify. A wrong argument is a programming error, so it throws a
// TypeError naming the argument; messages describe values by type or size, and never echo the secret key.

const encoder = new TextEncoder();

export function assertOptionsObject(options: unknown, fn: string): void {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn} expects an options object, got ${describe(options)}`);
  }
}

export function assertSdkAppId(sdkAppId: unknown): asserts sdkAppId is number {
  if (!Number.isSafeInteger(sdkAppId) || (sdkAppId as number) <= 0) {
    throw new TypeError(`sdkAppId must be a positive integer, got ${describe(sdkAppId)}`);
  }
}

export function assertIdentifier(identifier: unknown): asserts identifier is string {
  if (typeof identifier !== "string" || identifier.length === 0) {
    throw new TypeError(`identifier must be a non-empty string, got ${describe(identifier)}`);
  }
  const bytes = utf8Length(identifier);
  if (bytes > userSigLimits.maxIdentifierBytes) {
    throw new TypeError(
      `identifier must be at most ${userSigLimits.maxIdentifierBytes} bytes of UTF-8, got ${bytes} bytes`,
    );
  }
}

export function assertSecretKey(secretKey: unknown): asserts secretKey is string {
  if (typeof secretKey !== "string" || secretKey.length === 0) {
    // Only the type: even a wrongly typed key may be the real secret.
    throw new TypeError(`secretKey must be a non-empty string, got ${typeof secretKey}`);
  }
}

export function assertExpireSeconds(expireSeconds: unknown): asserts expireSeconds is number {
  if (!Number.isSafeInteger(expireSeconds) || (expireSeconds as number) <= 0) {
    throw new TypeError(`expireSeconds must be a positive integer, got ${describe(expireSeconds)}`);
  }
}

// 10^11 seconds is the year 5138, while Date.now() is over 10^12: a larger `now` is milliseconds by mistake.
const maxPlausibleUnixSeconds = 1e11;

export function assertNow(now: unknown): asserts now is number {
  if (!Number.isSafeInteger(now) || (now as number) < 0) {
    throw new TypeError(`now must be a non-negative integer of Unix seconds, got ${describe(now)}`);
  }
  if ((now as number) >= maxPlausibleUnixSeconds) {
    throw new TypeError(`now must be Unix seconds, got ${now} which looks like milliseconds`);
  }
}

/** The userbuf's bytes: a string counts as its UTF-8 encoding, as in Tencent's libraries. */
export function userBufBytes(userBuf: unknown): Uint8Array {
  let bytes: Uint8Array;
  if (typeof userBuf === "string") bytes = encoder.encode(userBuf);
  // By tag rather than instanceof, so bytes from another realm (an iframe, a vm context) are accepted.
  else if (Object.prototype.toString.call(userBuf) === "[object Uint8Array]") bytes = userBuf as Uint8Array;
  else throw new TypeError(`userBuf must be a Uint8Array or a string, got ${describe(userBuf)}`);
  if (bytes.length > userSigLimits.maxUserBufBytes) {
    throw new TypeError(
      `userBuf must be at most ${userSigLimits.maxUserBufBytes} bytes, got ${bytes.length} bytes`,
    );
  }
  return bytes;
}

/** The length of `text` in UTF-8, as TextEncoder would encode it (a lone surrogate counts as U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code < 0xdc00 && code >= 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair: one code point above U+FFFF
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function describe(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === null) return "null";
  if (typeof value === "string") return value.length === 0 ? "an empty string" : "a string";
  return typeof value;
}
