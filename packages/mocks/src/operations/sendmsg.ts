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
 * @example
 * mock.store.messages.history("user1", "user2") // → [{ From_Account: "user2", MsgKey: "…", IsPeerRead: 0, … }]
 */
export const sendmsg: OperationBehaviour<"sendmsg"> = (body, { store, identifier, operation }) => {
  const { message } = store.messages.send(
    {
      From_Account: body.From_Account ?? identifier,
      To_Account: body.To_Account,
      ...(body.MsgSeq === undefined ? {} : { MsgSeq: body.MsgSeq }),
      MsgRandom: body.MsgRandom,
      MsgBody: body.MsgBody as MessageElement[],
      ...(body.CloudCustomData === undefined ? {} : { CloudCustomData: body.CloudCustomData }),
      IsNeedReadReceipt: body.IsNeedReadReceipt === 1 ? 1 : 0,
      inSenderHistory: body.SyncOtherMachine !== 2 && body.OnlineOnlyFlag !== 1,
      inRecipientHistory: body.MsgLifeTime !== 0 && body.OnlineOnlyFlag !== 1,
      countsAsUnread: !body.SendMsgControl?.includes("NoUnread") && body.OnlineOnlyFlag !== 1,
    },
    { dedupSeconds: operation.limits.dedupSeconds },
  );
  return { ok: { MsgTime: message.MsgTime, MsgKey: message.MsgKey, MsgId: message.MsgId } };
};
