// Stand-in for the spec's `webhookTable` and webhook types (`@timkit/spec`), with the names agreed for
// them, until the spec's webhooks section is merged; then this file only re-exports the generated ones.
import type { OperationId } from "@timkit/spec";

export type CallbackCommand =
  | "C2C.CallbackBeforeSendMsg"
  | "C2C.CallbackAfterSendMsg"
  | "C2C.CallbackAfterMsgReadReceipt"
  | "C2C.CallbackAfterMsgReport";

export type CallbackVerdictRow =
  | { readonly code: number; readonly verdict: "allow" | "drop" | "block"; readonly senderCode?: number }
  | { readonly minimum: number; readonly maximum: number; readonly verdict: "pass-through" };

export interface CallbackInfo {
  readonly operationId: string;
  readonly firedBy: readonly OperationId[];
  readonly timing: "before" | "after";
  readonly timeoutMilliseconds: number;
  readonly retries: number;
  readonly verdicts?: readonly CallbackVerdictRow[];
  readonly timeoutFailCode?: number;
  readonly onTimeout?: "deliver" | "fail";
}

export const webhookTable = {
  "C2C.CallbackBeforeSendMsg": {
    operationId: "callbackBeforeSendMsg",
    firedBy: ["sendmsg"],
    timing: "before",
    timeoutMilliseconds: 2000,
    retries: 0,
    verdicts: [
      { code: 0, verdict: "allow" },
      { code: 1, verdict: "block", senderCode: 20006 },
      { code: 2, verdict: "drop" },
      { minimum: 120001, maximum: 130000, verdict: "pass-through" },
    ],
    timeoutFailCode: 80003,
    onTimeout: "deliver",
  },
  "C2C.CallbackAfterSendMsg": {
    operationId: "callbackAfterSendMsg",
    firedBy: ["sendmsg"],
    timing: "after",
    timeoutMilliseconds: 2000,
    retries: 0,
  },
  "C2C.CallbackAfterMsgReadReceipt": {
    operationId: "callbackAfterMsgReadReceipt",
    firedBy: ["c2cMsgReadReceipt"],
    timing: "after",
    timeoutMilliseconds: 2000,
    retries: 0,
  },
  "C2C.CallbackAfterMsgReport": {
    operationId: "callbackAfterMsgReport",
    firedBy: ["adminSetMsgRead"],
    timing: "after",
    timeoutMilliseconds: 2000,
    retries: 0,
  },
} as const satisfies { readonly [C in CallbackCommand]: CallbackInfo };

type MessageBody = readonly unknown[];

interface WebhookBodies {
  "C2C.CallbackBeforeSendMsg": {
    CallbackCommand: "C2C.CallbackBeforeSendMsg";
    From_Account: string;
    To_Account: string;
    MsgSeq: number;
    MsgRandom: number;
    MsgTime: number;
    MsgKey: string;
    MsgId: string;
    OnlineOnlyFlag: number;
    MsgBody: MessageBody;
    CloudCustomData?: string;
  };
  "C2C.CallbackAfterSendMsg": WebhookBodies["C2C.CallbackBeforeSendMsg"] extends infer B
    ? Omit<B, "CallbackCommand"> & {
        CallbackCommand: "C2C.CallbackAfterSendMsg";
        SendMsgResult: number;
        ErrorInfo: string;
        UnreadMsgNum: number;
      }
    : never;
  "C2C.CallbackAfterMsgReadReceipt": {
    CallbackCommand: "C2C.CallbackAfterMsgReadReceipt";
    Operator_Account: string;
    Peer_Account: string;
    C2CMsgInfo: { From_Account: string; To_Account: string; MsgKey: string; MsgId?: string }[];
    EventTime: number;
  };
  "C2C.CallbackAfterMsgReport": {
    CallbackCommand: "C2C.CallbackAfterMsgReport";
    Report_Account: string;
    Peer_Account: string;
    LastReadTime: number;
    EventTime: number;
    UnreadMsgNum: number;
  };
}

export type WebhookBody<C extends CallbackCommand> = WebhookBodies[C];

export interface WebhookReplyEnvelope {
  ActionStatus: "OK" | "FAIL";
  ErrorCode: number;
  ErrorInfo: string;
  MsgBody?: MessageBody;
  CloudCustomData?: string;
}

/** Checks a reply; until the spec's validators are merged, the envelope's three fields and their types. */
export const webhookReplyValidators: { readonly [C in CallbackCommand]: (value: unknown) => boolean } =
  Object.fromEntries(
    Object.keys(webhookTable).map((command) => [
      command,
      (value: unknown) => {
        const reply = value as Partial<WebhookReplyEnvelope> | null;
        return (
          typeof reply === "object" &&
          reply !== null &&
          (reply.ActionStatus === "OK" || reply.ActionStatus === "FAIL") &&
          Number.isInteger(reply.ErrorCode) &&
          typeof reply.ErrorInfo === "string"
        );
      },
    ]),
  ) as never;
