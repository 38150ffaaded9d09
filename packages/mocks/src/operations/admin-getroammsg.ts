import { utf8ByteLength } from "@timkit/spec";
import { jsonTextOf, withJsonText } from "../json-text.js";
import type { StoredMessage } from "../message-store.js";
import type { OperationBehaviour } from "../operation-behaviour.js";

type RoamMessage = ReturnType<typeof asRoamMessage>;

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

// Each stored message as answered, with its JSON text and its size in an answer, made once: a conversation
// is pulled again and again, and serialising its pages was most of what a pull cost. Made anew when
// what can change of a stored message (IsPeerRead, MsgFlagBits) has changed.
const answered = new WeakMap<StoredMessage, { readonly item: RoamMessage; readonly bytes: number }>();
function answeredItem(message: StoredMessage): { readonly item: RoamMessage; readonly bytes: number } {
  const known = answered.get(message);
  if (known && known.item.IsPeerRead === message.IsPeerRead && known.item.MsgFlagBits === message.MsgFlagBits)
    return known;
  const item = withJsonText(asRoamMessage(message));
  const made = { item, bytes: utf8ByteLength(jsonTextOf(item) as string) };
  answered.set(message, made);
  return made;
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
  const oldest = Math.max(body.MinTime, now - operation.limits.historySeconds);
  // The messages of the range one by one, newest first, then undefined: read from the newest end, so
  // that a page costs what it holds, not what the conversation holds.
  const inRange = () => {
    const newest = store.messages.newestFirst(body.Operator_Account, body.Peer_Account)[Symbol.iterator]();
    let done = false;
    return (): StoredMessage | undefined => {
      while (!done) {
        const step = newest.next();
        if (step.done || step.value.MsgTime < oldest) done = true;
        else if (step.value.MsgTime <= body.MaxTime) return step.value;
      }
      return undefined;
    };
  };
  let older = inRange();
  if (body.LastMsgKey !== undefined) {
    // Everything older than the last message answered; a key no longer in the range pulls from MaxTime.
    // Two messages under one key (a resend of other content) are told apart by nothing in the request:
    // the newer one counts, so a page may answer the older one again but never skips it.
    const probe = inRange();
    for (let message = probe(); message; message = probe()) {
      if (message.MsgKey !== body.LastMsgKey) continue;
      older = probe;
      break;
    }
  }
  const limit = operation.maxAnswerBytes ?? Number.POSITIVE_INFINITY;
  const page: RoamMessage[] = [];
  // The envelope and the paging fields, as long as they can be, then each message and its comma.
  let bytes = 200;
  let complete: 0 | 1 = 1;
  for (let message = older(); message; message = older()) {
    const { item, bytes: itemBytes } = answeredItem(message);
    const size = itemBytes + 1;
    if (page.length === body.MaxCnt || (page.length > 0 && bytes + size > limit)) {
      complete = 0;
      break;
    }
    bytes += size;
    page.push(item);
  }
  page.reverse();
  const first = page[0];
  return {
    ok: {
      Complete: complete,
      MsgCnt: page.length,
      LastMsgTime: first?.MsgTimeStamp ?? 0,
      LastMsgKey: first?.MsgKey ?? "",
      MsgList: page,
    },
  };
};
