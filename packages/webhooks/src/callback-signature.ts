// Tencent's callback authentication: Sign = lowercase hex SHA-256 of token + RequestTime (not an HMAC;
// the body is not signed), on Web Crypto so it runs wherever `crypto.subtle` does.

const encoder = new TextEncoder();
const hexDigits = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/**
 * The `Sign` Tencent appends for a token and a RequestTime.
 *
 * @example
 * await timCallbackSign("xxxxyyyy", "1669872112")
 * // → "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
 */
export async function timCallbackSign(token: string, requestTime: string | number): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", encoder.encode(`${token}${requestTime}`)),
  );
  let hex = "";
  for (const byte of digest) hex += hexDigits[byte];
  return hex;
}

/**
 * Whether two strings are equal, in time that depends on their lengths only, not on where they differ:
 * a Sign compared with `===` would tell an attacker how many leading characters were right.
 */
export function constantTimeEqual(actual: string, expected: string): boolean {
  let difference = actual.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) {
    // Past the end of `actual`, charCodeAt gives NaN, which `| 0` turns into 0: the loop length stays fixed.
    difference |= (actual.charCodeAt(index) | 0) ^ expected.charCodeAt(index);
  }
  return difference === 0;
}
