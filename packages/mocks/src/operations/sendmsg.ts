import type { MessageElement } from "../message-store.js";
import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/openim/sendmsg`: stores the message in the conversation of its sender (the administrator when
 * From_Account is absent) and its recipient, and answers its time, key and MsgId. `SyncOtherMachine: 2`
 * keeps it out of the sender's history, `MsgLifeTime: 0` stores nothing for the recipient (online only),
 * `OnlineOnlyFlag: 1` stores it for neither side,
 * `SendMsgControl: ["NoUnread"]` keeps it out of the recipient's unread count. A resend with the same
 * sender, MsgSeq, MsgRandom and content within the spec's `dedupSeconds` is not stored again.
 *
 * With callbacks on, `C2C.CallbackBeforeSendMsg` goes first and its verdict acts: a refusal answers its
 * code (and the backend's text), a drop answers success and stores nothing, a replacement MsgBody or
 * CloudCustomData is what is stored; then `C2C.CallbackAfterSendMsg` carries the message as stored.
 *
 * @example
 * mock.store.messages.history("user1", "user2") // → [{ From_Account: "user2", MsgKey: "…", IsPeerRead: 0, … }]
 */
export const sendmsg: OperationBehaviour<"sendmsg"> = async (
  body,
  { store, identifier, operation, callbacks },
) => {
  const From_Account = body.From_Account ?? identifier;
  const draft = store.messages.draft({
    ...(body.MsgSeq === undefined ? {} : { MsgSeq: body.MsgSeq }),
    MsgRandom: body.MsgRandom,
  });
  // What both callbacks say of the message (made only for a callback that is on).
  const announced = () => ({
    From_Account,
    To_Account: body.To_Account,
    MsgSeq: draft.MsgSeq,
    MsgRandom: body.MsgRandom,
    MsgTime: draft.MsgTime,
    MsgKey: draft.MsgKey,
    MsgId: draft.MsgId,
    OnlineOnlyFlag: body.OnlineOnlyFlag === 1 ? (1 as const) : (0 as const),
  });
  const answer = { ok: { MsgTime: draft.MsgTime, MsgKey: draft.MsgKey, MsgId: draft.MsgId } };
  const verdict = await callbacks.before("C2C.CallbackBeforeSendMsg", () => ({
    CallbackCommand: "C2C.CallbackBeforeSendMsg",
    ...announced(),
    MsgBody: body.MsgBody,
    ...(body.CloudCustomData === undefined ? {} : { CloudCustomData: body.CloudCustomData }),
  }));
  if (verdict.verdict === "refuse") return { refuse: verdict };
  // Dropped silently: the sender is told it was sent.
  if (verdict.verdict === "drop") return answer;
  const MsgBody = (verdict.replace?.MsgBody ?? body.MsgBody) as MessageElement[];
  const CloudCustomData = verdict.replace?.CloudCustomData ?? body.CloudCustomData;
  const { message, duplicate } = store.messages.send(
    {
      From_Account,
      To_Account: body.To_Account,
      MsgSeq: draft.MsgSeq,
      MsgRandom: body.MsgRandom,
      MsgBody,
      ...(CloudCustomData === undefined ? {} : { CloudCustomData }),
      IsNeedReadReceipt: body.IsNeedReadReceipt === 1 ? 1 : 0,
      inSenderHistory: body.SyncOtherMachine !== 2 && body.OnlineOnlyFlag !== 1,
      inRecipientHistory: body.MsgLifeTime !== 0 && body.OnlineOnlyFlag !== 1,
      countsAsUnread: !body.SendMsgControl?.includes("NoUnread") && body.OnlineOnlyFlag !== 1,
    },
    { dedupSeconds: operation.limits.dedupSeconds, draft },
  );
  if (!duplicate) {
    callbacks.after("C2C.CallbackAfterSendMsg", () => ({
      CallbackCommand: "C2C.CallbackAfterSendMsg",
      ...announced(),
      MsgBody,
      ...(CloudCustomData === undefined ? {} : { CloudCustomData }),
      SendMsgResult: 0,
      ErrorInfo: "send msg succeed",
      UnreadMsgNum: store.messages.unread(body.To_Account),
    }));
  }
  return { ok: { MsgTime: message.MsgTime, MsgKey: message.MsgKey, MsgId: message.MsgId } };
};
