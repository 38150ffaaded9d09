import { decodeBase64 } from "./base64.js";
import { readUserSigDocument, type UserSigDocument } from "./decode-user-sig.js";
import { UserSigDecodeError } from "./errors.js";
import {
  assertIdentifier,
  assertNow,
  assertOptionsObject,
  assertSdkAppId,
  assertSecretKey,
  userBufBytes,
} from "./user-sig-arguments.js";
import { equalInConstantTime, signUserSigContent, userSigContent } from "./user-sig-content.js";

export interface VerifyUserSigOptions {
  /** The UserSig to check. Anything that is not a well-formed UserSig gives `malformed`, never a throw. */
  userSig: string;
  /** The SDKAppID the UserSig must be for. */
  sdkAppId: number;
  /** The UserID the UserSig must be for (the `identifier` query parameter of a REST call). */
  identifier: string;
  /** The application's secret key. */
  secretKey: string;
  /** The time to check expiry against, in Unix **seconds**; defaults to the current clock. */
  now?: number;
  /** When given, the UserSig must carry exactly these userbuf bytes (a string counts as UTF-8). */
  userBuf?: Uint8Array | string;
}

/** Why a UserSig was rejected, in the order the checks run. */
export type VerifyUserSigFailure =
  | "malformed"
  | "unsupported-version"
  | "sdkappid-mismatch"
  | "identifier-mismatch"
  | "signature-mismatch"
  | "userbuf-mismatch"
  | "expired";

export type VerifyUserSigResult =
  | {
      ok: true;
      /** Issue time, Unix seconds. */
      time: number;
      /** Validity, seconds after `time`. */
      expire: number;
      /** `time + expire`: the last second at which the UserSig is still valid. */
      expiresAt: number;
      /** The signed userbuf, when the UserSig carries one. */
      userBuf?: Uint8Array;
    }
  | { ok: false; reason: VerifyUserSigFailure };

/**
 * Checks a UserSig as Tencent's server does: well-formed, version 2.0, issued for this SDKAppID and
 * identifier, signed with this secret key (compared in constant time), and not expired
 * (`now > time + expire` is expired). The signature is checked before expiry, so `expired` is only ever
 * reported for a genuine UserSig.
 *
 * @throws {TypeError} only for invalid `sdkAppId`, `identifier`, `secretKey`, `now` or `userBuf`; a bad
 * UserSig resolves to `{ ok: false, reason }`.
 *
 * @example
 * const result = await verifyUserSig({ userSig, sdkAppId: 1400000000, identifier: "administrator", secretKey });
 * if (!result.ok) return reject(result.reason); // e.g. "expired"
 */
export async function verifyUserSig(options: VerifyUserSigOptions): Promise<VerifyUserSigResult> {
  assertOptionsObject(options, "verifyUserSig");
  const { userSig, sdkAppId, identifier, secretKey } = options;
  assertSdkAppId(sdkAppId);
  assertIdentifier(identifier);
  assertSecretKey(secretKey);
  const now = options.now === undefined ? Math.floor(Date.now() / 1000) : options.now;
  assertNow(now);
  const expectedUserBuf = options.userBuf === undefined ? undefined : userBufBytes(options.userBuf);

  let document: UserSigDocument;
  try {
    document = await readUserSigDocument(userSig);
  } catch (error) {
    if (error instanceof UserSigDecodeError) return { ok: false, reason: "malformed" };
    throw error;
  }
  const { fields, userBufBase64 } = document;
  if (fields.ver !== "2.0") return { ok: false, reason: "unsupported-version" };
  if (fields.sdkAppId !== sdkAppId) return { ok: false, reason: "sdkappid-mismatch" };
  if (fields.identifier !== identifier) return { ok: false, reason: "identifier-mismatch" };

  // The content is rebuilt from the fields as written (the userbuf's base64 included), since that is
  // exactly what the issuer signed.
  const expected = signUserSigContent(secretKey, userSigContent({ ...fields, userBufBase64 }));
  const actual = decodeBase64(fields.sig);
  if (!actual || !equalInConstantTime(actual, expected)) return { ok: false, reason: "signature-mismatch" };

  if (expectedUserBuf && !(fields.userBuf && equalInConstantTime(fields.userBuf, expectedUserBuf))) {
    return { ok: false, reason: "userbuf-mismatch" };
  }
  // Signed, yet beyond what a number holds exactly: no issuer makes such a UserSig, so it is not one.
  const expiresAt = fields.time + fields.expire;
  if (!Number.isSafeInteger(expiresAt)) return { ok: false, reason: "malformed" };
  if (now > expiresAt) return { ok: false, reason: "expired" };

  const result: VerifyUserSigResult = { ok: true, time: fields.time, expire: fields.expire, expiresAt };
  if (fields.userBuf) result.userBuf = fields.userBuf;
  return result;
}
