import type { TimCallbackOptions } from "./parse-tim-callback";

/**
 * The token to check Signs with, or `false` for none. A token that is `""` or a key present but
 * `undefined` (an unset environment variable) is a setup mistake: it would turn verification off, or make
 * the Sign a SHA-256 of RequestTime alone that anyone can compute. The message never quotes the value.
 */
export function callbackToken(options: TimCallbackOptions): string | false {
  if (!("token" in options) || options.token === false) return false;
  const { token } = options as { token: unknown };
  if (token === undefined)
    throw new TypeError(
      "token is undefined (an unset environment variable?): pass the console's callback token, or token: false to accept unsigned callbacks",
    );
  if (typeof token !== "string")
    throw new TypeError("token must be a string (the console's callback token) or false");
  if (token === "")
    throw new TypeError(
      "token is empty: the Sign would be a SHA-256 of RequestTime alone, which anyone can compute; pass the console's callback token, or token: false",
    );
  return token;
}
