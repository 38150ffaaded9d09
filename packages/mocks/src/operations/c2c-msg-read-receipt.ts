import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/openim/c2c_msg_read_receipt`: `Operator_Account` (user B) has read what `Peer_Account` (user A) sent.
 * The generic checks already made sure that every item's `From_Account`/`To_Account` agree with them and
 * that everyone is imported, so all that is left is to remember the receipts.
 *
 * @example
 * mock.store.receipts.list({ reader: "user1" }) // → [{ reader: "user1", sender: "user2", msgKey: "…", at: … }]
 */
export const c2cMsgReadReceipt: OperationBehaviour<"c2cMsgReadReceipt"> = (body, { store, now }) => {
  for (const message of body.C2CMsgInfo) {
    store.receipts.record({
      reader: body.Operator_Account,
      sender: body.Peer_Account,
      msgKey: message.MsgKey,
      at: now,
    });
  }
  return { ok: {} };
};
