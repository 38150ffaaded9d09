import { createTimWebhookHandler, TimWebhookError } from "@timkit/webhooks";
import type { CallbackFeed } from "./callback-feed.js";

export interface CallbackRouteOptions {
  sdkAppId: number;
  /** The callback token set in the Chat console: each callback's Sign is checked with it. */
  token: string;
  feed: CallbackFeed;
  log?: (line: string) => void;
  now?: () => number;
}

/**
 * Tencent's callbacks, verified by `@timkit/webhooks` (SDKAppID, Sign, RequestTime within 60 s, size,
 * the spec's body shape), each handed to the page's event stream. The before-send callback is answered
 * "allow", as a console that only watches should.
 *
 * @example
 * consoleApp({ ..., callbacks: callbackRoute({ sdkAppId, token, feed }) })
 */
export function callbackRoute(options: CallbackRouteOptions): (request: Request) => Promise<Response> {
  const { feed } = options;
  const log = options.log ?? (() => {});
  return createTimWebhookHandler({
    sdkAppId: options.sdkAppId,
    token: options.token,
    ...(options.now ? { now: options.now } : {}),
    on: {
      // After-event handlers answer nothing (undefined): Tencent ignores their reply.
      "C2C.CallbackAfterMsgReadReceipt": (event) =>
        void feed.publish({
          command: event.CallbackCommand,
          reader: event.Operator_Account,
          sender: event.Peer_Account,
          msgKeys: event.C2CMsgInfo.map((message) => message.MsgKey),
        }),
      "C2C.CallbackAfterSendMsg": (event) =>
        void feed.publish({
          command: event.CallbackCommand,
          from: event.From_Account,
          to: event.To_Account,
          msgKey: event.MsgKey,
        }),
      "C2C.CallbackAfterMsgReport": (event) =>
        void feed.publish({
          command: event.CallbackCommand,
          reader: event.Report_Account,
          sender: event.Peer_Account,
        }),
    },
    // The reason only: never the query string, which carries the Sign.
    onError: (error, report) =>
      log(
        `console: callback${report.command ? ` ${report.command}` : ""} refused (${report.phase}): ${
          error instanceof TimWebhookError ? error.reason : error instanceof Error ? error.name : "error"
        }`,
      ),
  });
}
