import {
  callbackCommands,
  schemaProblem,
  webhookBodyValidators,
  webhookSignature,
} from "@timkit/spec/webhooks";
import { constantTimeEqual, timCallbackSign } from "./callback-signature";
import { callbackToken } from "./callback-token";
import { defaultMaxBodyBytes, readCappedText } from "./capped-body";
import type { TimCallback, TimCallbackContext } from "./tim-callback";
import { TimWebhookError } from "./webhook-error";

/** How a receiver recognises its own App's callbacks. */
export interface TimCallbackOptions {
  /** The App's SDKAppID: a callback whose `SdkAppid` differs is refused (`wrong-app`). */
  readonly sdkAppId: number;
  /**
   * The callback token set in the console ("开启鉴权"). With it, `Sign` must be SHA-256 of token +
   * RequestTime and RequestTime within 60 s of now. `false` (or leaving the key out) checks no signature:
   * anyone who knows the URL can post callbacks. `""` or `undefined` is refused with a TypeError, so that
   * a missing environment variable cannot turn the check off.
   */
  readonly token?: string | false;
  /** The clock, in milliseconds since the epoch (default `Date.now`). */
  readonly now?: (() => number) | undefined;
  /** The largest body read, in bytes (default 64 KiB); a larger one is refused (`too-large`) unread. */
  readonly maxBodyBytes?: number | undefined;
}

const knownCommands: ReadonlySet<string> = new Set(callbackCommands);

/**
 * Verifies a request as one of Tencent's callbacks to this App and returns its typed body; rejects with
 * a `TimWebhookError` whose `reason` says why not. Checked in this order: the method, the SDKAppID, the
 * signature and its age (with a token), the command, the body's size, JSON and shape (against the spec).
 *
 * @example
 * const token = process.env.TIM_CALLBACK_TOKEN;
 * if (!token) throw new Error("TIM_CALLBACK_TOKEN is not set");
 * const callback = await parseTimCallback(request, { sdkAppId: 1400000000, token });
 * if (callback.CallbackCommand === "C2C.CallbackAfterMsgReadReceipt") markRead(callback.C2CMsgInfo);
 */
export async function parseTimCallback(request: Request, options: TimCallbackOptions): Promise<TimCallback> {
  return (await verifyTimCallback(request, options)).callback;
}

/** `parseTimCallback`, with what the query string said. */
export async function verifyTimCallback(
  request: Request,
  options: TimCallbackOptions,
): Promise<{ callback: TimCallback; context: TimCallbackContext }> {
  const token = callbackToken(options);
  if (request.method !== "POST")
    throw new TimWebhookError("method", `Tencent posts callbacks: ${request.method} is refused`);
  const query = new URL(request.url).searchParams;
  const sdkAppId = query.get("SdkAppid");
  if (sdkAppId === null || sdkAppId !== String(options.sdkAppId))
    throw new TimWebhookError("wrong-app", "SdkAppid is missing or is not this App's SDKAppID");
  const requestTime = token === false ? undefined : await checkedRequestTime(query, token, options);
  const command = query.get("CallbackCommand") ?? "";
  if (!knownCommands.has(command))
    throw new TimWebhookError("unknown-command", "CallbackCommand is not a callback the spec describes");
  const text = await readCappedText(request, options.maxBodyBytes ?? defaultMaxBodyBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new TimWebhookError("invalid-body", "the body is not JSON", "body");
  }
  const validate = webhookBodyValidators[command as TimCallbackContext["command"]];
  if (!validate(body)) {
    const problem = schemaProblem(body, validate.errors);
    throw new TimWebhookError(
      "invalid-body",
      `${command}: ${problem.field} must be ${problem.expected}`,
      problem.field,
    );
  }
  const clientIp = query.get("ClientIP");
  const optPlatform = query.get("OptPlatform");
  return {
    callback: body as TimCallback,
    context: {
      command: command as TimCallbackContext["command"],
      sdkAppId: options.sdkAppId,
      ...(clientIp === null ? {} : { clientIp }),
      ...(optPlatform === null ? {} : { optPlatform }),
      ...(requestTime === undefined ? {} : { requestTime }),
    },
  };
}

/** The signed RequestTime, after checking the Sign over it (constant time) and its age. */
async function checkedRequestTime(
  query: URLSearchParams,
  token: string,
  options: TimCallbackOptions,
): Promise<number> {
  const sign = query.get("Sign");
  const requestTime = query.get("RequestTime");
  if (sign === null || requestTime === null)
    throw new TimWebhookError("bad-signature", "Sign and RequestTime are required when a token is set");
  const expected = await timCallbackSign(token, requestTime);
  if (!constantTimeEqual(sign, expected))
    throw new TimWebhookError("bad-signature", "Sign does not match the token and RequestTime");
  const seconds = /^\d{1,15}$/.test(requestTime) ? Number(requestTime) : Number.NaN;
  const now = (options.now ?? Date.now)() / 1000;
  if (!(Math.abs(now - seconds) <= webhookSignature.maxAgeSeconds))
    throw new TimWebhookError(
      "stale",
      `RequestTime is more than ${webhookSignature.maxAgeSeconds} seconds from now (a replay, or a wrong clock)`,
    );
  return seconds;
}
