import { type CallbackCommand, callbackCommands } from "@timkit/spec";
import type { CallbackRecord } from "./callback-delivery.js";

/** A fetch-like function the mock hands each callback to: `fetch` itself, or a webhook handler under test. */
export type CallbackDeliver = (request: Request) => Promise<Response>;

/** Where and how the mock sends Tencent's callbacks (Tencent's console settings for third-party callbacks). */
export interface CallbacksOption {
  /** The app backend's callback URL, http(s); Tencent's query parameters are appended to it. */
  url: string;
  /** The authentication token: when set, each callback carries `Sign` and `RequestTime`. */
  token?: string;
  /** The callbacks switched on; default every one the spec lists. */
  commands?: readonly CallbackCommand[];
  /**
   * What a before-callback that times out or fails does to the command: `"deliver"` (the spec's
   * default, Tencent's) goes on as if allowed, `"fail"` refuses with the spec's code (80003).
   */
  beforeSendTimeout?: "deliver" | "fail";
  /** Sends the request; default `fetch`. Give a webhook handler to test it without a server. */
  deliver?: CallbackDeliver;
  /** The `ClientIP` query parameter. Default `127.0.0.1`. */
  clientIp?: string;
  /** Told about each callback once it is in the log (a server's log line, say); what it throws is ignored. */
  onRecord?: (record: CallbackRecord) => void;
}

/** The callback settings in effect, defaults filled in. */
export interface ResolvedCallbacks {
  readonly url: string;
  readonly token: string | undefined;
  readonly commands: ReadonlySet<CallbackCommand>;
  readonly beforeSendTimeout: "deliver" | "fail";
  readonly deliver: CallbackDeliver | undefined;
  readonly clientIp: string;
  readonly onRecord: ((record: CallbackRecord) => void) | undefined;
}

const optionKeys = new Set([
  "url",
  "token",
  "commands",
  "beforeSendTimeout",
  "deliver",
  "clientIp",
  "onRecord",
]);
// Tencent documents no length for the token; this keeps a mistake (a file pasted in) from being sent.
const maxTokenLength = 512;
const printableAscii = /^[\x21-\x7e]+$/;

/**
 * Checks the `callbacks` option and fills in its defaults; throws a TypeError naming the field. `false`
 * or undefined: no callbacks. Never quotes the token.
 *
 * @example
 * resolveCallbacks({ url: "http://127.0.0.1:3000/tim", token: "xxxxyyyy" }, "callbacks")
 */
export function resolveCallbacks(option: unknown, name = "callbacks"): ResolvedCallbacks | undefined {
  if (option === undefined || option === false || option === null) return undefined;
  if (typeof option !== "object" || Array.isArray(option)) {
    throw new TypeError(`${name} must be an object such as { url: "http://127.0.0.1:3000/tim" }, or false`);
  }
  const given = option as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!optionKeys.has(key))
      throw new TypeError(`${name}.${key} is no option of ${name}; use ${[...optionKeys].join(", ")}`);
  }
  const url = callbackUrl(given.url, `${name}.url`);
  const { token } = given;
  if (token !== undefined) {
    if (typeof token !== "string" || !printableAscii.test(token) || token.length > maxTokenLength) {
      throw new TypeError(
        `${name}.token must be 1 to ${maxTokenLength} printable ASCII characters without spaces`,
      );
    }
  }
  const known: readonly string[] = callbackCommands;
  const commands = given.commands ?? known;
  if (!Array.isArray(commands)) throw new TypeError(`${name}.commands must be an array of CallbackCommands`);
  for (const command of commands) {
    if (!known.includes(command)) {
      throw new TypeError(
        `${name}.commands: ${JSON.stringify(command)} is not a callback the spec lists (${known.join(", ")})`,
      );
    }
  }
  const policy = given.beforeSendTimeout ?? "deliver";
  if (policy !== "deliver" && policy !== "fail") {
    throw new TypeError(
      `${name}.beforeSendTimeout must be "deliver" or "fail", got ${JSON.stringify(policy)}`,
    );
  }
  if (given.deliver !== undefined && typeof given.deliver !== "function") {
    throw new TypeError(`${name}.deliver must be a fetch-like function (request) => Promise<Response>`);
  }
  if (given.onRecord !== undefined && typeof given.onRecord !== "function") {
    throw new TypeError(`${name}.onRecord must be a function (record) => void`);
  }
  const clientIp = given.clientIp ?? "127.0.0.1";
  if (typeof clientIp !== "string" || !printableAscii.test(clientIp) || clientIp.length > 64) {
    throw new TypeError(`${name}.clientIp must be an address such as 127.0.0.1`);
  }
  return {
    url,
    token,
    commands: new Set(commands as CallbackCommand[]),
    beforeSendTimeout: policy,
    deliver: given.deliver as CallbackDeliver | undefined,
    clientIp,
    onRecord: given.onRecord as ((record: CallbackRecord) => void) | undefined,
  };
}

function callbackUrl(value: unknown, name: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new TypeError(`${name} must be an absolute http(s) URL, such as http://127.0.0.1:3000/tim`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TypeError(`${name} must not carry a user name or password`);
  }
  if (url.hash !== "") throw new TypeError(`${name} must not have a #fragment`);
  return url.href;
}
