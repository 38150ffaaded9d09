import {
  type CallbackCommand,
  schemaProblem,
  type WebhookReply,
  type WebhookVerdict,
  webhookReplyValidators,
  webhookTable,
} from "@timkit/spec/webhooks";

type BeforeSendReply = WebhookReply<"C2C.CallbackBeforeSendMsg">;

/**
 * What a before-send handler decides about the message: deliver it, refuse it (the sender gets the spec's
 * code for a block), drop it silently, refuse it with the App's own code (120001–130000) and text, or
 * deliver it with its body or custom data replaced.
 */
export type BeforeSendVerdict =
  | { readonly allow: true }
  | { readonly block: true }
  | { readonly drop: true }
  | { readonly code: number; readonly info?: string }
  | {
      readonly replace: {
        readonly MsgBody?: BeforeSendReply["MsgBody"];
        readonly CloudCustomData?: string;
      };
    };

/** Whether Tencent acts on the reply of a command's callback (a before-event callback). */
export type DecidesCommand<C extends CallbackCommand> = (typeof webhookTable)[C]["timing"] extends "before"
  ? true
  : false;

const envelope = (code: number, info = "") => ({ ActionStatus: "OK", ErrorInfo: info, ErrorCode: code });

/** The reply that accepts a callback: ErrorCode 0, the same for every command. */
export const acceptedReply = envelope(0) as WebhookReply<CallbackCommand>;

/** The reply of a failed callback: ErrorCode 1 (a before-send callback's block). */
export const failedReply = (info: string) => ({ ...envelope(1, info), ActionStatus: "FAIL" });

function codeOf(verdicts: readonly WebhookVerdict[], verdict: WebhookVerdict["verdict"]): number {
  const entry = verdicts.find((candidate) => candidate.verdict === verdict && candidate.code !== undefined);
  if (entry?.code === undefined) throw new Error(`the spec gives no code for the verdict "${verdict}"`);
  return entry.code;
}

/**
 * The reply Tencent expects for what a handler returned, checked against the spec's reply schema; throws
 * (a handler's mistake) for a verdict the spec does not allow, such as a code outside 120001–130000.
 */
export function replyFor(command: CallbackCommand, result: unknown): WebhookReply<CallbackCommand> {
  const info = webhookTable[command];
  if (info.timing === "after" || result === undefined) return acceptedReply;
  const verdicts: readonly WebhookVerdict[] = "verdicts" in info ? info.verdicts : [];
  const verdict = (result ?? {}) as Record<string, unknown>;
  let reply: Record<string, unknown>;
  if (verdict.allow === true) reply = envelope(codeOf(verdicts, "allow"));
  else if (verdict.block === true) reply = envelope(codeOf(verdicts, "block"));
  else if (verdict.drop === true) reply = envelope(codeOf(verdicts, "drop"));
  else if (typeof verdict.code === "number") {
    const code = verdict.code;
    const inRange = verdicts.some(
      (entry) =>
        entry.verdict === "pass-through" &&
        entry.minimum !== undefined &&
        entry.maximum !== undefined &&
        code >= entry.minimum &&
        code <= entry.maximum,
    );
    if (!inRange) {
      const ranges = verdicts.filter((entry) => entry.verdict === "pass-through");
      throw new RangeError(
        `${command}: { code } must be one of the codes passed to the sender (${ranges.map((entry) => `${entry.minimum}–${entry.maximum}`).join(", ")}), got ${code}`,
      );
    }
    reply = envelope(code, typeof verdict.info === "string" ? verdict.info : "");
  } else if (verdict.replace !== null && typeof verdict.replace === "object") {
    reply = { ...envelope(codeOf(verdicts, "allow")), ...verdict.replace };
  } else {
    throw new TypeError(
      `${command}: the handler must return { allow: true }, { block: true }, { drop: true }, { code, info } or { replace: { MsgBody?, CloudCustomData? } }`,
    );
  }
  const validate = webhookReplyValidators[command];
  if (!validate(reply)) {
    const problem = schemaProblem(reply, validate.errors);
    throw new TypeError(`${command}: the reply's ${problem.field} must be ${problem.expected}`);
  }
  return reply as WebhookReply<CallbackCommand>;
}
