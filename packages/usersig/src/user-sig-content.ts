import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { encodeBase64 } from "./base64.js";

/** The fields covered by `TLS.sig`, with `userBuf` already in the base64 form that is signed. */
export interface UserSigSignedFields {
  identifier: string;
  sdkAppId: number;
  time: number;
  expire: number;
  userBufBase64?: string | undefined;
}

/**
 * The text TLSSigAPIv2 signs: one `TLS.name:value` line per field, each ending in `\n`, in this fixed
 * order whatever the JSON's key order, and the userbuf line only when the UserSig carries one.
 */
export function userSigContent(fields: UserSigSignedFields): string {
  let content =
    `TLS.identifier:${fields.identifier}\n` +
    `TLS.sdkappid:${fields.sdkAppId}\n` +
    `TLS.time:${fields.time}\n` +
    `TLS.expire:${fields.expire}\n`;
  if (fields.userBufBase64 !== undefined) content += `TLS.userbuf:${fields.userBufBase64}\n`;
  return content;
}

const encoder = new TextEncoder();

/**
 * HMAC-SHA256 of the content, keyed by the secret key's UTF-8 bytes: the raw bytes of `TLS.sig`.
 *
 * Synchronous JavaScript (@noble/hashes), not Web Crypto: `crypto.subtle.sign` alone takes longer than
 * Tencent's whole Node generator (a round trip through a worker thread for two SHA-256 blocks), and
 * `crypto.subtle` is missing from insecure browser contexts. SHA-256 has no secret-dependent branches or
 * table lookups, so a JavaScript implementation leaks no more timing than a native one.
 */
export function signUserSigContent(secretKey: string, content: string): Uint8Array {
  return hmac(sha256, encoder.encode(secretKey), encoder.encode(content));
}

/** Standard base64 of the signature, as it appears in `TLS.sig`. */
export function userSigSignature(secretKey: string, fields: UserSigSignedFields): string {
  return encodeBase64(signUserSigContent(secretKey, userSigContent(fields)));
}

/** Compares two byte strings in time that depends only on their lengths, never on where they differ. */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
