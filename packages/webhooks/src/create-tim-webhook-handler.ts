import type { CallbackCommand, WebhookBody } from "@timkit/spec/webhooks";
import {
  acceptedReply,
  type BeforeSendVerdict,
  type DecidesCommand,
  failedReply,
  replyFor,
} from "./callback-reply";
import { callbackToken } from "./callback-token";
import { type TimCallbackOptions, verifyTimCallback } from "./parse-tim-callback";
import type { TimCallbackContext } from "./tim-callback";
import { TimWebhookError } from "./webhook-error";

/** The handler of one command: gets the typed body, returns a verdict (before-send) or nothing. */
export type TimCallbackHandler<C extends CallbackCommand> = (
  event: WebhookBody<C>,
  context: TimCallbackContext,
) => DecidesCommand<C> extends true ? BeforeSendVerdict | Promise<BeforeSendVerdict> : void | Promise<void>;

/** Where a refused request or a failed handler is reported. */
export interface TimWebhookErrorReport {
  /** `verify`: the request was refused (the error is a `TimWebhookError`); `handler`: your handler threw. */
  readonly phase: "verify" | "handler";
  /** The command, once known. */
  readonly command?: CallbackCommand;
}

export interface TimWebhookHandlerOptions extends TimCallbackOptions {
  /** One handler per command; a callback with none is answered OK. */
  readonly on?: { readonly [C in CallbackCommand]?: TimCallbackHandler<C> };
  /**
   * Told about every refused request and every handler that threw (default: one line on console.error).
   * Never given the token or the Sign; what it throws is ignored.
   */
  readonly onError?: (error: unknown, report: TimWebhookErrorReport) => void;
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

const defaultOnError = (error: unknown, report: TimWebhookErrorReport) => {
  const what =
    error instanceof TimWebhookError
      ? `${error.reason}: ${error.message}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  console.error(`@timkit/webhooks: ${report.command ?? "callback"} ${report.phase} failed: ${what}`);
};

/**
 * A `(request: Request) => Promise<Response>` for the App's callback URL: it verifies each request
 * (`parseTimCallback`), calls the command's handler and answers Tencent's reply envelope with HTTP 200.
 * A handler that throws answers ErrorCode 1; a refused request answers its status (401, 403, 413, …) with
 * ErrorCode 1. It never rejects. It throws a TypeError at creation when `token` is `""` or `undefined`.
 *
 * @example
 * const handle = createTimWebhookHandler({
 *   sdkAppId: 1400000000,
 *   token: process.env.TIM_CALLBACK_TOKEN, // undefined when unset: a TypeError here, not unsigned callbacks
 *   on: {
 *     "C2C.CallbackAfterMsgReadReceipt": async (event) => markRead(event.C2CMsgInfo),
 *     "C2C.CallbackBeforeSendMsg": async (event) => (isSpam(event.MsgBody) ? { block: true } : { allow: true }),
 *   },
 * });
 */
export function createTimWebhookHandler(
  options: TimWebhookHandlerOptions,
): (request: Request) => Promise<Response> {
  // Refused here, at creation, rather than on the first callback: a missing token is a setup mistake.
  callbackToken(options);
  const report = (error: unknown, details: TimWebhookErrorReport) => {
    try {
      (options.onError ?? defaultOnError)(error, details);
    } catch {
      // A reporter that fails must not turn a callback into an unanswered request.
    }
  };
  return async (request) => {
    let verified: Awaited<ReturnType<typeof verifyTimCallback>>;
    try {
      verified = await verifyTimCallback(request, options);
    } catch (error) {
      const refusal =
        error instanceof TimWebhookError
          ? error
          : new TimWebhookError("invalid-body", "the request could not be read");
      report(refusal, { phase: "verify" });
      return json(failedReply(`${refusal.reason}: ${refusal.message}`), refusal.status);
    }
    const { callback, context } = verified;
    const handler = options.on?.[context.command] as
      | ((event: unknown, context: TimCallbackContext) => unknown)
      | undefined;
    if (!handler) return json(acceptedReply, 200);
    try {
      return json(replyFor(context.command, await handler(callback, context)), 200);
    } catch (error) {
      report(error, { phase: "handler", command: context.command });
      return json(failedReply("the App's callback handler failed"), 200);
    }
  };
}
