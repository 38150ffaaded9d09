/** Why a request was refused as a Tencent callback. */
export type TimWebhookErrorReason =
  | "method"
  | "too-large"
  | "wrong-app"
  | "bad-signature"
  | "stale"
  | "unknown-command"
  | "invalid-body";

/** The HTTP status a refusal is answered with: Tencent counts anything but 200 as a failed callback. */
const statusOf: Record<TimWebhookErrorReason, number> = {
  method: 405,
  "too-large": 413,
  "wrong-app": 403,
  "bad-signature": 401,
  stale: 401,
  "unknown-command": 400,
  "invalid-body": 400,
};

/**
 * A request that is not a valid callback of this App. Its message names what is wrong (and, for a body,
 * the field) but never the token, the Sign or the body's values.
 *
 * @example
 * try { await parseTimCallback(request, { sdkAppId, token }); }
 * catch (error) { if (error instanceof TimWebhookError && error.reason === "stale") … }
 */
export class TimWebhookError extends Error {
  override readonly name = "TimWebhookError";
  readonly reason: TimWebhookErrorReason;
  /** The HTTP status `createTimWebhookHandler` answers it with. */
  readonly status: number;
  /** For `invalid-body`: the field, e.g. `C2CMsgInfo[0].MsgKey`, or `body`. */
  readonly field?: string;

  constructor(reason: TimWebhookErrorReason, message: string, field?: string) {
    super(message);
    this.reason = reason;
    this.status = statusOf[reason];
    if (field !== undefined) this.field = field;
  }
}
