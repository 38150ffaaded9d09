import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** The header that carries the control token: `Authorization: Bearer <token>`. */
export const controlTokenScheme = "Bearer";

/**
 * Checks a control token given by the operator. The token itself never appears in the message, since the
 * mistake may be a real secret with a typo.
 *
 * @example
 * checkControlToken(process.env.TIMKIT_SANDBOX_CONTROL_TOKEN, "--control-token")
 */
export function checkControlToken(token: string, option: string): string {
  if (!/^[\x21-\x7e]{16,512}$/.test(token)) {
    throw new Error(
      `${option} must be 16 to 512 printable ASCII characters without spaces (the value given is not shown)`,
    );
  }
  return token;
}

/** A fresh token for a sandbox that listens beyond this machine and was given none: 256 random bits. */
export function newControlToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Tells whether an `Authorization` header carries the token, in time that does not depend on how much of it
 * matched: both sides are hashed first, so even their lengths stay hidden.
 *
 * @example
 * const carries = controlTokenCheck(token);
 * carries(request.headers.authorization) // → true for "Bearer <token>"
 */
export function controlTokenCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = sha256(token);
  return (authorization) => {
    const match = /^bearer +(\S+) *$/i.exec(authorization ?? "");
    return timingSafeEqual(sha256(match?.[1] ?? ""), expected) && match !== null;
  };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();
