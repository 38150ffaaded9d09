import { utf8ByteLength } from "@timkit/spec";
import type { StoredMessage } from "../message-store.js";
import type { OperationBehaviour } from "../operation-behaviour.js";

/** A stored message as `admin_getroammsg` answers it. */
const asRoamMessage = (message: StoredMessage) => ({
  From_Account: message.From_Account,
  To_Account: message.To_Account,
  MsgSeq: message.MsgSeq,
  MsgRandom: message.MsgRandom,
  MsgTimeStamp: message.MsgTime,
  MsgFlagBits: message.MsgFlagBits,
  IsPeerRead: message.IsPeerRead,
  MsgKey: message.MsgKey,
  MsgBody: [...message.MsgBody],
  ...(message.CloudCustomData === undefined ? {} : { CloudCustomData: message.CloudCustomData }),
  MsgId: message.MsgId,
});

// A stored message's size in an answer, counted once: what can change later (IsPeerRead 0 → 1) keeps its
// length, and a conversation is pulled again and again.
const sizes = new WeakMap<StoredMessage, number>();
function answerBytes(message: StoredMessage, item: ReturnType<typeof asRoamMessage>): number {
  let size = sizes.get(message);
  if (size === undefined) {
    size = utf8ByteLength(JSON.stringify(item));
    sizes.set(message, size);
  }
  return size;
}

/**
 * `v4/openim/admin_getroammsg`: Operator_Account's view of the conversation with Peer_Account, MinTime to
 * MaxTime within the spec's `historySeconds` before the mock's now. An answer holds the newest messages
 * of what is left, at most MaxCnt and within the spec's `maxAnswerBytes`, in time order; its first
 * message is the LastMsgKey (and its time the LastMsgTime) with which the next pull goes on, older.
 *
 * @example
 * // 150 messages, MaxCnt 100 → the newest 100 and Complete 0; again with LastMsgTime and LastMsgKey → the 50 before
 */
export const adminGetroammsg: OperationBehaviour<"adminGetroammsg"> = (body, { store, now, operation }) => {
  const since = now - operation.limits.historySeconds;
  let candidates = store.messages
    .history(body.Operator_Account, body.Peer_Account)
    .filter(({ MsgTime }) => MsgTime >= body.MinTime && MsgTime <= body.MaxTime && MsgTime >= since);
  if (body.LastMsgKey !== undefined) {
    const last = candidates.findIndex(({ MsgKey }) => MsgKey === body.LastMsgKey);
    // Everything before the last message answered; a key no longer in the range pulls from MaxTime.
    if (last >= 0) candidates = candidates.slice(0, last);
  }
  const limit = operation.maxAnswerBytes ?? Number.POSITIVE_INFINITY;
  const page: ReturnType<typeof asRoamMessage>[] = [];
  // The envelope and the paging fields, as long as they can be, then each message and its comma.
  let bytes = 200;
  for (let i = candidates.length - 1; i >= 0 && page.length < body.MaxCnt; i--) {
    const message = candidates[i] as StoredMessage;
    const item = asRoamMessage(message);
    const size = answerBytes(message, item) + 1;
    if (page.length > 0 && bytes + size > limit) break;
    bytes += size;
    page.unshift(item);
  }
  const first = page[0];
  return {
    ok: {
      Complete: page.length === candidates.length ? 1 : 0,
      MsgCnt: page.length,
      LastMsgTime: first?.MsgTimeStamp ?? 0,
      LastMsgKey: first?.MsgKey ?? "",
      MsgList: page,
    },
  };
};
