import type { components } from "@timkit/spec";
// A double-ended queue: the oldest message leaves from the front of the store's list and of the dedup
// list on every send past the cap, where an array's shift copies the list and a Map's first entry is
// found past every deleted one.
import Denque from "denque";
import { ConversationTimeline } from "./conversation-timeline.js";
import { copyJson } from "./json-text.js";

/** An element of a message body, as the spec types it. */
export type MessageElement = components["schemas"]["TIMMsgElement"];

/** A one-to-one message as the mock keeps it: what `admin_getroammsg` answers, and how it was sent. */
export interface StoredMessage {
  readonly From_Account: string;
  readonly To_Account: string;
  readonly MsgSeq: number;
  readonly MsgRandom: number;
  /** When it was sent, Unix seconds (the mock's clock). */
  readonly MsgTime: number;
  readonly MsgKey: string;
  readonly MsgId: string;
  readonly MsgBody: readonly MessageElement[];
  readonly CloudCustomData?: string;
  /** 0 normal, 8 recalled. */
  readonly MsgFlagBits: number;
  /** 1 once the recipient sent a read receipt for it. */
  readonly IsPeerRead: 0 | 1;
  /** 1 when the sender asked for a read receipt. */
  readonly IsNeedReadReceipt: 0 | 1;
  /** False when sent with `SyncOtherMachine: 2`: not in the sender's roaming. */
  readonly inSenderHistory: boolean;
  /** False when sent with `MsgLifeTime: 0`: online only, nothing stored for the recipient. */
  readonly inRecipientHistory: boolean;
  /** False when sent with `SendMsgControl: ["NoUnread"]`. */
  readonly countsAsUnread: boolean;
}

/** What `send` needs: the message as sendmsg's body gives it, its sender resolved. */
export interface OutgoingMessage {
  readonly From_Account: string;
  readonly To_Account: string;
  readonly MsgSeq?: number;
  readonly MsgRandom: number;
  readonly MsgBody: readonly MessageElement[];
  readonly CloudCustomData?: string;
  readonly IsNeedReadReceipt?: 0 | 1;
  readonly inSenderHistory?: boolean;
  readonly inRecipientHistory?: boolean;
  readonly countsAsUnread?: boolean;
}

/** What a message will be known by once stored: drawn before a before-send callback, which names it. */
export interface MessageDraft {
  readonly MsgSeq: number;
  readonly MsgTime: number;
  readonly MsgKey: string;
  readonly MsgId: string;
}

/** The one-to-one messages of the mock, by conversation, with each side's read state. Bounded. */
export interface MessageStore {
  /** The MsgSeq, time, MsgKey and MsgId a message sent now gets, without storing it (`send` takes it). */
  draft(message: Pick<OutgoingMessage, "MsgSeq" | "MsgRandom">): MessageDraft;
  /**
   * Stores a message sent now, and answers it; a duplicate (same sender, MsgSeq, MsgRandom and content
   * within `dedupSeconds`, default none) is not stored again: the first one is answered, `duplicate` set.
   */
  send(
    message: OutgoingMessage,
    options?: { readonly dedupSeconds?: number; readonly draft?: MessageDraft },
  ): { readonly message: StoredMessage; readonly duplicate: boolean };
  /** The messages of the conversation of `viewer` with `peer` that `viewer` sees, oldest first (read-only). */
  history(viewer: string, peer: string): readonly StoredMessage[];
  /**
   * The same messages, newest first, read one by one: a page of a long conversation costs only itself.
   * Read it before the store changes: once a message is sent or dropped, a reading already begun is no
   * longer reliable.
   */
  newestFirst(viewer: string, peer: string): Iterable<StoredMessage>;
  /** The message `sender` sent `recipient` under `msgKey`, if the mock still holds it (a copy). */
  find(sender: string, recipient: string, msgKey: string): StoredMessage | undefined;
  /** Sets IsPeerRead on the message `sender` sent `reader` under `msgKey`; false when there is none. */
  markPeerRead(reader: string, sender: string, msgKey: string): boolean;
  /** Marks `reader`'s side of the conversation with `peer` as read up to `time` (Unix seconds). */
  markRead(reader: string, peer: string, time: number): void;
  /** Unread messages of `owner` from `peer`, or from everyone when no peer is given. */
  unread(owner: string, peer?: string): number;
  /** Forgets every message `account` sent or received, and its read state: a deleted account's data. */
  forgetAccount(account: string): number;
  /** Every message, oldest first. */
  list(): StoredMessage[];
  /** Messages dropped because a cap was reached, since the last clear. */
  readonly dropped: number;
  /** Conversations that hold messages now. */
  readonly conversationCount: number;
  clear(): void;
}

export interface MessageStoreOptions {
  /** The most messages kept in all; the oldest are dropped past it. */
  readonly maxMessages: number;
  /** The most messages kept in one conversation; its oldest are dropped past it. Default `maxMessages`. */
  readonly maxMessagesPerConversation?: number;
  /** The most conversations kept; the one quiet the longest is dropped whole past it. Default `maxMessages`. */
  readonly maxConversations?: number;
  readonly now: () => number;
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

/** Whether `viewer` sees a message of its conversation with `peer` in its roaming history. */
const seenBy = (viewer: string, peer: string) => (message: StoredMessage) =>
  message.From_Account === viewer && message.To_Account === peer
    ? message.inSenderHistory || viewer === peer
    : message.From_Account === peer && message.To_Account === viewer && message.inRecipientHistory;
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const sideKey = (owner: string, peer: string) => `${owner}\u0000${peer}`;
// The number of a MsgId: 144115200000000000 plus a serial, written out without a BigInt for the first
// 10^11 serials (the base's last 11 digits are zeros).
const msgIdNumber = (serial: number) =>
  serial < 1e11 ? `1441152${String(serial).padStart(11, "0")}` : String(144115200000000000n + BigInt(serial));
// A MsgSeq when sendmsg gives none: any number will do, none needs to be unguessable.
const uint32 = () => Math.floor(Math.random() * 0x1_0000_0000);

/**
 * Messages in memory: one list per conversation, oldest first, and at most `maxMessages` in all (the
 * oldest dropped first), `maxMessagesPerConversation` in one conversation (its oldest dropped) and
 * `maxConversations` conversations (the one quiet the longest dropped whole), so a sandbox under load
 * stays within a fixed amount of memory and one busy conversation cannot push every other one out. Read
 * state is one "read up to" time per side of a conversation, kept only for conversations that hold
 * messages.
 *
 * @example
 * const messages = createMessageStore({ maxMessages: 10_000, now });
 * messages.send({ From_Account: "user2", To_Account: "user1", MsgRandom: 1, MsgBody: [text("hi")] });
 */
export function createMessageStore(options: MessageStoreOptions): MessageStore {
  const perConversation = options.maxMessagesPerConversation ?? options.maxMessages;
  const maxConversations = options.maxConversations ?? options.maxMessages;
  // Every message in the order sent, which is time order: the mock's clock never runs backwards between
  // two sends of one test. A message dropped by another cap than maxMessages stays in it, marked gone,
  // until it reaches the front or the list is swept (when gone ones are half of it).
  let all = new Denque<Mutable<StoredMessage>>();
  const gone = new WeakSet<StoredMessage>();
  let live = 0;
  // In order of activity: a conversation moves to the end when it gets a message, so the first is the
  // one quiet the longest.
  const conversations = new Map<string, ConversationTimeline<Mutable<StoredMessage>>>();
  const readUpTo = new Map<string, number>();
  // MsgKey → the messages stored under it (one, but for a rare resend of different content), so that a
  // receipt finds its message without reading the whole conversation.
  const byKey = new Map<string, Mutable<StoredMessage>[]>();
  const unindex = (message: StoredMessage) => {
    const keyed = byKey.get(message.MsgKey)?.filter((candidate) => candidate !== message) ?? [];
    if (keyed.length > 0) byKey.set(message.MsgKey, keyed);
    else byKey.delete(message.MsgKey);
  };
  // Recent sends for deduplication by sender, MsgSeq and MsgRandom (their content compared only when
  // those match, so a send does not serialise its body), and the same entries oldest first; at most
  // maxMessages of them. Found by MsgRandom, then MsgSeq: numbers, which a send does not have to join
  // into a new string to look up; sends under both are told apart by sender.
  interface Sent {
    readonly at: number;
    readonly message: StoredMessage;
  }
  const recent = new Map<number, Map<number, Sent[]>>();
  let recentOrder = new Denque<Sent>();
  const sentUnder = (MsgRandom: number, MsgSeq: number) => recent.get(MsgRandom)?.get(MsgSeq);
  const unrecord = (entry: Sent) => {
    const { MsgRandom, MsgSeq } = entry.message;
    const bySeq = recent.get(MsgRandom);
    const sends = bySeq?.get(MsgSeq);
    if (!bySeq || !sends) return;
    const kept = sends.filter((candidate) => candidate !== entry);
    if (kept.length > 0) bySeq.set(MsgSeq, kept);
    else if (bySeq.size > 1) bySeq.delete(MsgSeq);
    else recent.delete(MsgRandom);
  };
  let dropped = 0;
  let serial = 0;

  // The conversation last written to, which is last in `conversations` already.
  let newestKey: string | undefined;
  const forgetConversation = (key: string, message: StoredMessage) => {
    conversations.delete(key);
    newestKey = undefined;
    readUpTo.delete(sideKey(message.From_Account, message.To_Account));
    readUpTo.delete(sideKey(message.To_Account, message.From_Account));
  };
  /** Drops one message of the store: from its conversation, its key and the count. */
  const drop = (message: StoredMessage, conversation: ConversationTimeline<Mutable<StoredMessage>>) => {
    conversation.remove(message as Mutable<StoredMessage>);
    unindex(message);
    gone.add(message);
    live -= 1;
    dropped += 1;
  };
  const dropOldest = () => {
    for (let oldest = all.shift(); oldest; oldest = all.shift()) {
      if (gone.has(oldest)) continue;
      const key = pairKey(oldest.From_Account, oldest.To_Account);
      const conversation = conversations.get(key);
      if (!conversation) return;
      drop(oldest, conversation);
      gone.delete(oldest);
      if (conversation.size === 0) forgetConversation(key, oldest);
      return;
    }
  };
  const sweep = () => {
    if (all.length > 2 * live + 64) all = new Denque(all.toArray().filter((message) => !gone.has(message)));
  };

  const forget = (now: number, seconds: number) => {
    for (let entry = recentOrder.peekFront(); entry; entry = recentOrder.peekFront()) {
      if (now - entry.at < seconds && recentOrder.length <= options.maxMessages) break;
      recentOrder.shift();
      unrecord(entry);
    }
  };

  const draft = (
    outgoing: Pick<OutgoingMessage, "MsgSeq" | "MsgRandom">,
    now = options.now(),
  ): MessageDraft => {
    const MsgSeq = outgoing.MsgSeq ?? uint32();
    serial += 1;
    return {
      MsgSeq,
      MsgTime: now,
      MsgKey: `${MsgSeq}_${outgoing.MsgRandom}_${now}`,
      // Shaped like Tencent's examples ({number}-{time}-{random}); its structure is not documented.
      MsgId: `${msgIdNumber(serial)}-${now}-${outgoing.MsgRandom}`,
    };
  };

  return {
    draft: (outgoing) => draft(outgoing),
    send(outgoing, { dedupSeconds = 0, draft: drawn } = {}) {
      const now = drawn?.MsgTime ?? options.now();
      if (dedupSeconds > 0) forget(now, dedupSeconds);
      const MsgSeq = drawn?.MsgSeq ?? outgoing.MsgSeq ?? uint32();
      const sameKey =
        dedupSeconds > 0
          ? sentUnder(outgoing.MsgRandom, MsgSeq)?.filter(
              ({ at, message }) => now - at < dedupSeconds && message.From_Account === outgoing.From_Account,
            )
          : undefined;
      if (sameKey?.length) {
        const content = JSON.stringify(outgoing.MsgBody);
        const known = sameKey.find((sent) => JSON.stringify(sent.message.MsgBody) === content);
        if (known) return { message: { ...known.message }, duplicate: true };
      }
      const names = drawn ?? draft({ MsgSeq, MsgRandom: outgoing.MsgRandom }, now);
      const message: Mutable<StoredMessage> = {
        From_Account: outgoing.From_Account,
        To_Account: outgoing.To_Account,
        MsgSeq,
        MsgRandom: outgoing.MsgRandom,
        MsgTime: names.MsgTime,
        MsgKey: names.MsgKey,
        MsgId: names.MsgId,
        MsgBody: copyJson(outgoing.MsgBody) as MessageElement[],
        MsgFlagBits: 0,
        IsPeerRead: 0,
        IsNeedReadReceipt: outgoing.IsNeedReadReceipt ?? 0,
        inSenderHistory: outgoing.inSenderHistory ?? true,
        inRecipientHistory: outgoing.inRecipientHistory ?? true,
        countsAsUnread: outgoing.countsAsUnread ?? true,
      };
      // Set after, not spread in: a spread in the literal made every message the slow way.
      if (outgoing.CloudCustomData !== undefined) message.CloudCustomData = outgoing.CloudCustomData;
      all.push(message);
      live += 1;
      const keyed = byKey.get(message.MsgKey);
      if (keyed) keyed.push(message);
      else byKey.set(message.MsgKey, [message]);
      const key = pairKey(message.From_Account, message.To_Account);
      let conversation = conversations.get(key);
      if (!conversation) {
        conversation = new ConversationTimeline();
        conversations.set(key, conversation);
      } else if (key !== newestKey) {
        // Moved to the end: the first conversation is the one quiet the longest.
        conversations.delete(key);
        conversations.set(key, conversation);
      }
      newestKey = key;
      conversation.add(message);
      if (conversation.size > perConversation) drop(conversation.oldest() as StoredMessage, conversation);
      if (conversations.size > maxConversations) {
        const [quietKey, quiet] = conversations.entries().next().value as [
          string,
          ConversationTimeline<Mutable<StoredMessage>>,
        ];
        const sample = quiet.oldest() as StoredMessage;
        for (const old of [...quiet.oldestFirst()]) drop(old, quiet);
        forgetConversation(quietKey, sample);
      }
      if (dedupSeconds > 0) {
        const entry = { at: now, message };
        let bySeq = recent.get(message.MsgRandom);
        if (!bySeq) {
          bySeq = new Map();
          recent.set(message.MsgRandom, bySeq);
        }
        const sends = bySeq.get(MsgSeq);
        if (sends) sends.push(entry);
        else bySeq.set(MsgSeq, [entry]);
        recentOrder.push(entry);
      }
      while (live > options.maxMessages) dropOldest();
      sweep();
      return { message: { ...message }, duplicate: false };
    },
    history(viewer, peer) {
      const sees = seenBy(viewer, peer);
      return [...(conversations.get(pairKey(viewer, peer))?.oldestFirst() ?? [])].filter(sees);
    },
    *newestFirst(viewer, peer) {
      const sees = seenBy(viewer, peer);
      for (const message of conversations.get(pairKey(viewer, peer))?.newestFirst() ?? []) {
        if (sees(message)) yield message;
      }
    },
    find(sender, recipient, msgKey) {
      const message = byKey
        .get(msgKey)
        ?.find((candidate) => candidate.From_Account === sender && candidate.To_Account === recipient);
      return message && { ...message };
    },
    markPeerRead(reader, sender, msgKey) {
      const messages = (byKey.get(msgKey) ?? []).filter(
        (candidate) => candidate.From_Account === sender && candidate.To_Account === reader,
      );
      for (const message of messages) message.IsPeerRead = 1;
      return messages.length > 0;
    },
    markRead(reader, peer, time) {
      if (!conversations.has(pairKey(reader, peer))) return;
      const key = sideKey(reader, peer);
      readUpTo.set(key, Math.max(readUpTo.get(key) ?? 0, time));
    },
    unread(owner, peer) {
      const count = (other: string) => {
        const since = readUpTo.get(sideKey(owner, other)) ?? Number.NEGATIVE_INFINITY;
        return [...(conversations.get(pairKey(owner, other))?.oldestFirst() ?? [])].filter(
          (message) =>
            message.To_Account === owner &&
            message.From_Account === other &&
            message.From_Account !== owner &&
            message.inRecipientHistory &&
            message.countsAsUnread &&
            message.MsgTime > since,
        ).length;
      };
      if (peer !== undefined) return count(peer);
      let total = 0;
      for (const conversation of conversations.values()) {
        const first = conversation.oldest();
        if (!first) continue;
        const other =
          first.From_Account === owner
            ? first.To_Account
            : first.To_Account === owner
              ? first.From_Account
              : undefined;
        if (other !== undefined && other !== owner) total += count(other);
      }
      return total;
    },
    forgetAccount(account) {
      const involves = (message: StoredMessage) =>
        message.From_Account === account || message.To_Account === account;
      const present = all.toArray().filter((message) => !gone.has(message));
      const kept = present.filter((message) => !involves(message));
      const forgotten = present.length - kept.length;
      if (forgotten === 0) return 0;
      for (const message of present) {
        if (!involves(message)) continue;
        unindex(message);
        conversations.delete(pairKey(message.From_Account, message.To_Account));
        newestKey = undefined;
        readUpTo.delete(sideKey(message.From_Account, message.To_Account));
        readUpTo.delete(sideKey(message.To_Account, message.From_Account));
      }
      all = new Denque(kept);
      live = kept.length;
      // Nor is a message of theirs a duplicate any more: an account imported again starts afresh.
      for (const entry of recentOrder.toArray()) if (involves(entry.message)) unrecord(entry);
      recentOrder = new Denque(recentOrder.toArray().filter((entry) => !involves(entry.message)));
      return forgotten;
    },
    list: () =>
      all
        .toArray()
        .filter((message) => !gone.has(message))
        .map((message) => ({ ...message })),
    get dropped() {
      return dropped;
    },
    get conversationCount() {
      return conversations.size;
    },
    clear() {
      all.clear();
      live = 0;
      byKey.clear();
      conversations.clear();
      newestKey = undefined;
      readUpTo.clear();
      recent.clear();
      recentOrder.clear();
      dropped = 0;
    },
  };
}
