import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/openim/c2c_msg_read_receipt`: `Operator_Account` (user B) has read what `Peer_Account` (user A) sent.
 * The generic checks already made sure that every item's `From_Account`/`To_Account` agree with them and
 * that everyone is imported. Each named message A sent B gets `IsPeerRead: 1`, and every receipt is
 * remembered. A MsgKey that names no such message (one sent before the mock started, or dropped past its
 * caps) is accepted and only remembered: Tencent documents no check of it, and a client cannot tell an
 * expired message from a wrong key. With callbacks on, `C2C.CallbackAfterMsgReadReceipt` follows, each
 * message with its MsgId when the mock holds it.
 *
 * @example
 * mock.store.receipts.list({ reader: "user1" }) // → [{ reader: "user1", sender: "user2", msgKey: "…", at: … }]
 */
export const c2cMsgReadReceipt: OperationBehaviour<"c2cMsgReadReceipt"> = (
  body,
  { store, now, nowMilliseconds, callbacks },
) => {
  for (const message of body.C2CMsgInfo) {
    store.messages.markPeerRead(body.Operator_Account, body.Peer_Account, message.MsgKey);
    store.receipts.record({
      reader: body.Operator_Account,
      sender: body.Peer_Account,
      msgKey: message.MsgKey,
      at: now,
    });
  }
  callbacks.after("C2C.CallbackAfterMsgReadReceipt", () => ({
    CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
    Operator_Account: body.Operator_Account,
    Peer_Account: body.Peer_Account,
    C2CMsgInfo: body.C2CMsgInfo.map(({ From_Account, To_Account, MsgKey }) => {
      const MsgId = store.messages.find(From_Account, To_Account, MsgKey)?.MsgId;
      return { From_Account, To_Account, MsgKey, ...(MsgId === undefined ? {} : { MsgId }) };
    }),
    EventTime: nowMilliseconds,
  }));
  return { ok: {} };
};
