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

// Importing the key is as costly as signing, and a process signs with very few keys: keep the last
// few imports, keyed by the secret (which the caller holds in memory anyway). The promise is cached so
// concurrent first calls share one import.
const maxCachedKeys = 8;
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secretKey: string): Promise<CryptoKey> {
  const cached = hmacKeys.get(secretKey);
  if (cached) return cached;
  const imported = crypto.subtle.importKey(
    "raw",
    encoder.encode(secretKey),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  if (hmacKeys.size >= maxCachedKeys) {
    const oldest = hmacKeys.keys().next();
    if (!oldest.done) hmacKeys.delete(oldest.value);
  }
  hmacKeys.set(secretKey, imported);
  imported.catch(() => hmacKeys.delete(secretKey));
  return imported;
}

/** HMAC-SHA256 of the content, keyed by the secret key's UTF-8 bytes: the raw bytes of `TLS.sig`. */
export async function signUserSigContent(secretKey: string, content: string): Promise<Uint8Array> {
  const key = await hmacKey(secretKey);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(content)));
}

/** Standard base64 of the signature, as it appears in `TLS.sig`. */
export async function userSigSignature(secretKey: string, fields: UserSigSignedFields): Promise<string> {
  return encodeBase64(await signUserSigContent(secretKey, userSigContent(fields)));
}

/** Compares two byte strings in time that depends only on their lengths, never on where they differ. */
export function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
