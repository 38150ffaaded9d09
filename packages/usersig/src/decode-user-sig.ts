import { decodeBase64 } from "./base64.js";
import { UserSigDecodeError } from "./errors.js";
import { userSigLimits } from "./limits.js";
import { inflate } from "./zlib-stream.js";

/** The fields of a UserSig, as `decodeUserSig` returns them. */
export interface DecodedUserSig {
  /** `TLS.ver`: `"2.0"` for every UserSig this package and Tencent's v2 libraries make. */
  ver: string;
  /** `TLS.identifier`: the UserID the UserSig was issued to. */
  identifier: string;
  /** `TLS.sdkappid`. */
  sdkAppId: number;
  /** `TLS.time`: when it was issued, in Unix seconds. */
  time: number;
  /** `TLS.expire`: how long it is valid, in seconds after `time`. */
  expire: number;
  /** `TLS.sig`: standard base64 of the HMAC-SHA256 signature. */
  sig: string;
  /** `TLS.userbuf`, decoded from base64, when the UserSig carries one. */
  userBuf?: Uint8Array;
}

/** A decoded UserSig plus the userbuf exactly as written, which is what the signature covers. */
export interface UserSigDocument {
  fields: DecodedUserSig;
  userBufBase64: string | undefined;
}

/**
 * Reads a UserSig's fields without checking its signature or expiry (use `verifyUserSig` for that). Async
 * because inflating goes through `DecompressionStream`. Any JSON layout is accepted: key order and spacing
 * differ between Tencent's libraries.
 *
 * @throws {UserSigDecodeError} when the input is not a well-formed UserSig; `reason` says which stage failed.
 *
 * @example
 * const { identifier, time, expire } = await decodeUserSig(userSig);
 * console.log(`${identifier}'s UserSig expires at ${new Date((time + expire) * 1000).toISOString()}`);
 */
export async function decodeUserSig(userSig: string): Promise<DecodedUserSig> {
  return (await readUserSigDocument(userSig)).fields;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export async function readUserSigDocument(userSig: unknown): Promise<UserSigDocument> {
  if (typeof userSig !== "string") {
    throw new UserSigDecodeError("not-a-string", `A UserSig is a string, got ${typeof userSig}`);
  }
  if (userSig.length === 0) throw new UserSigDecodeError("empty", "The UserSig is empty");
  // Checked before any work, so an oversized input costs nothing but this comparison.
  if (userSig.length > userSigLimits.maxUserSigLength) {
    throw new UserSigDecodeError(
      "too-long",
      `The UserSig is ${userSig.length} characters, over the limit of ${userSigLimits.maxUserSigLength}`,
    );
  }
  const compressed = decodeBase64(userSig);
  if (!compressed) {
    throw new UserSigDecodeError("invalid-base64", "The UserSig is not valid (URL-safe) base64");
  }
  const inflated = await inflate(compressed, userSigLimits.maxInflatedBytes);
  if (!inflated.ok) {
    throw inflated.reason === "inflated-too-large"
      ? new UserSigDecodeError(
          "inflated-too-large",
          `The UserSig inflates to more than the limit of ${userSigLimits.maxInflatedBytes} bytes`,
        )
      : new UserSigDecodeError("invalid-zlib", "The UserSig is not a valid zlib stream");
  }
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(inflated.bytes));
  } catch {
    throw new UserSigDecodeError("invalid-json", "The UserSig does not hold UTF-8 JSON");
  }
  return readFields(json);
}

function readFields(json: unknown): UserSigDocument {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new UserSigDecodeError("not-an-object", "The UserSig's JSON is not an object");
  }
  const document = json as Record<string, unknown>;
  const fields: DecodedUserSig = {
    ver: readString(document, "TLS.ver"),
    identifier: readString(document, "TLS.identifier"),
    sdkAppId: readInteger(document, "TLS.sdkappid"),
    time: readInteger(document, "TLS.time"),
    expire: readInteger(document, "TLS.expire"),
    sig: readString(document, "TLS.sig"),
  };
  if (!Object.hasOwn(document, "TLS.userbuf")) return { fields, userBufBase64: undefined };
  const userBufBase64 = readString(document, "TLS.userbuf");
  const userBuf = decodeBase64(userBufBase64);
  if (!userBuf) throw invalidField("TLS.userbuf", "is not base64");
  fields.userBuf = userBuf;
  return { fields, userBufBase64 };
}

function readString(document: Record<string, unknown>, field: string): string {
  // Own properties only: JSON.parse never sets the prototype, but a polluted Object.prototype could.
  const value = Object.hasOwn(document, field) ? document[field] : undefined;
  if (typeof value !== "string") throw invalidField(field, `must be a string, got ${typeName(value)}`);
  return value;
}

function readInteger(document: Record<string, unknown>, field: string): number {
  const value = Object.hasOwn(document, field) ? document[field] : undefined;
  if (typeof value !== "number") throw invalidField(field, `must be a number, got ${typeName(value)}`);
  if (!Number.isSafeInteger(value)) throw invalidField(field, "must be an integer");
  return value;
}

function invalidField(field: string, problem: string): UserSigDecodeError {
  return new UserSigDecodeError("invalid-field", `The UserSig's ${field} ${problem}`, field);
}

function typeName(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : typeof value;
}
