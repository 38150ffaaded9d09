const encoder = new TextEncoder();

/**
 * Tencent's callback signature: lowercase hex of SHA-256 over the token followed by the decimal
 * RequestTime (not an HMAC; the body is not signed). Web Crypto, so it runs in browsers too.
 *
 * @example
 * await callbackSign("xxxxyyyy", 1669872112) // → "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061"
 */
export async function callbackSign(token: string, requestTime: number): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(`${token}${requestTime}`));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
