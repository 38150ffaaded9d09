// A UserSig is an admin credential and the secret key signs them all: neither may reach an error
// message, a stack, a serialized error or a logged URL. These helpers are applied wherever text that
// could have seen them (URLs, server messages, causes thrown by fetch) ends up in a TimError.

/** What replaces a secret in every text the client produces. */
export const redacted = "REDACTED";

const userSigParam = /([?&]usersig=)[^&#]*/gi;

/**
 * A URL with its `usersig` query parameter replaced by `REDACTED`.
 *
 * @example
 * redactUrl("https://console.tim.qq.com/v4/x?sdkappid=1&usersig=eJw...&random=7")
 * // → "https://console.tim.qq.com/v4/x?sdkappid=1&usersig=REDACTED&random=7"
 */
export function redactUrl(url: string): string {
  return url.replace(userSigParam, `$1${redacted}`);
}

/**
 * Text with every known secret (and its URL-encoded form) and every `usersig=` parameter replaced.
 *
 * @example
 * redactText("bad sig eJw*abc", ["eJw*abc"]) // → "bad sig REDACTED"
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = redactUrl(text);
  for (const secret of secrets) {
    if (secret.length < 4) continue; // too short to be a real secret, and replacing it would garble text
    result = result.split(secret).join(redacted);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) result = result.split(encoded).join(redacted);
  }
  return result;
}

/**
 * A cause that is safe to keep on an error: the original when it mentions no secret anywhere (message,
 * stack, own properties such as a `url` or `request` that loggers serialise), otherwise a copy of the same
 * class name with redacted message and stack and none of its other properties (a nested cause is redacted
 * the same way).
 */
export function redactCause(cause: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof cause === "string") return redactText(cause, secrets);
  if (!(cause instanceof Error)) return cause;
  const nested = depth < 3 && "cause" in cause ? redactCause(cause.cause, secrets, depth + 1) : undefined;
  const message = redactText(cause.message, secrets);
  const stack = cause.stack === undefined ? undefined : redactText(cause.stack, secrets);
  const nestedChanged = "cause" in cause && nested !== cause.cause;
  if (
    message === cause.message &&
    stack === cause.stack &&
    !nestedChanged &&
    !propertiesLeak(cause, secrets)
  ) {
    return cause;
  }
  const copy = new Error(message, "cause" in cause ? { cause: nested } : undefined);
  copy.name = cause.name;
  if (stack !== undefined) copy.stack = stack;
  return copy;
}

function propertiesLeak(error: Error, secrets: readonly string[]): boolean {
  const properties = Object.keys(error).filter((key) => key !== "cause");
  if (properties.length === 0) return false;
  let text: string;
  try {
    text = JSON.stringify(
      properties.map((key) => String((error as unknown as Record<string, unknown>)[key])),
    );
  } catch {
    return true; // what cannot be inspected cannot be shown to be safe
  }
  return redactText(text, secrets) !== text;
}
