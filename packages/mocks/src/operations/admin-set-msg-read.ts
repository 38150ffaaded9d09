import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/openim/admin_set_msg_read`: Report_Account has read the conversation with Peer_Account up to
 * MsgReadTime (now when absent). Unread counts go down; no message's IsPeerRead changes, that is what
 * read receipts do. With callbacks on, `C2C.CallbackAfterMsgReport` follows, with Report_Account's unread
 * count after the report.
 *
 * @example
 * // { "Report_Account": "user1", "Peer_Account": "user2" } → get_c2c_unread_msg_num for user1 and user2 answers 0
 */
export const adminSetMsgRead: OperationBehaviour<"adminSetMsgRead"> = (
  body,
  { store, now, nowMilliseconds, callbacks },
) => {
  const upTo = body.MsgReadTime === undefined ? now : Number(body.MsgReadTime);
  store.messages.markRead(body.Report_Account, body.Peer_Account, upTo);
  callbacks.after("C2C.CallbackAfterMsgReport", () => ({
    CallbackCommand: "C2C.CallbackAfterMsgReport",
    Report_Account: body.Report_Account,
    Peer_Account: body.Peer_Account,
    LastReadTime: upTo,
    EventTime: nowMilliseconds,
    UnreadMsgNum: store.messages.unread(body.Report_Account),
  }));
  return { ok: {} };
};
