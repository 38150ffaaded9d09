import { randomBytes } from "node:crypto";
import { hashStaffPassword } from "./staff-password.js";

/** The callback token the sandbox signs with in development (`pnpm start` passes it to both). */
export const developmentCallbackToken = "timkit-dev-callback-token";

/**
 * The staff password in development: the configured hash when there is one, else a new password made at
 * each start (printed once, by the caller), so no fixed password works on a developer's machine.
 */
export async function developmentPassword(
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ hash: string; plain?: string }> {
  const configured = env.TIMKIT_CONSOLE_STAFF_PASSWORD_HASH?.trim();
  if (configured) return { hash: configured };
  const plain = randomBytes(9).toString("base64url");
  return { hash: await hashStaffPassword(plain), plain };
}
