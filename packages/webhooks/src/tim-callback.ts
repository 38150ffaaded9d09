import type { CallbackCommand, WebhookBody } from "@timkit/spec/webhooks";

export type { CallbackCommand, WebhookBody, WebhookReply } from "@timkit/spec/webhooks";

/** A verified callback's body, discriminated by `CallbackCommand` (the spec's generated types). */
export type TimCallback = { [C in CallbackCommand]: WebhookBody<C> }[CallbackCommand];

/** What the query string of a verified callback said besides the command. */
export interface TimCallbackContext {
  readonly command: CallbackCommand;
  readonly sdkAppId: number;
  /** `ClientIP`, when Tencent sent it. */
  readonly clientIp?: string;
  /** `OptPlatform` (`RESTAPI`, `Web`, `Android`, `iOS`, …), when Tencent sent it. */
  readonly optPlatform?: string;
  /** `RequestTime` in Unix seconds, when the callback was signed. */
  readonly requestTime?: number;
}
