import type { components } from "@timkit/spec";

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

/** The one-to-one messages of the mock, by conversation, with each side's read state. Bounded. */
export interface MessageStore {
  /**
   * Stores a message sent now, and answers it; a duplicate (same sender, MsgSeq, MsgRandom and content
   * within `dedupSeconds`, default none) is not stored again: the first one is answered, `duplicate` set.
   */
  send(
    message: OutgoingMessage,
    options?: { readonly dedupSeconds?: number },
  ): { readonly message: StoredMessage; readonly duplicate: boolean };
  /** The messages of the conversation of `viewer` with `peer` that `viewer` sees, oldest first (read-only). */
  history(viewer: string, peer: string): readonly StoredMessage[];
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
  /** Messages dropped because `maxMessages` was reached, since the last clear. */
  readonly dropped: number;
  clear(): void;
}

export interface MessageStoreOptions {
  /** The most messages kept in all; the oldest are dropped past it. */
  readonly maxMessages: number;
  readonly now: () => number;
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

const sortsAfter = (a: StoredMessage, b: StoredMessage) =>
  a.MsgTime > b.MsgTime || (a.MsgTime === b.MsgTime && a.MsgSeq > b.MsgSeq);
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
const sideKey = (owner: string, peer: string) => `${owner}\u0000${peer}`;
const uint32 = () => crypto.getRandomValues(new Uint32Array(1))[0] as number;

/**
 * Messages in memory: one list per conversation, oldest first, and at most `maxMessages` in all (the
 * oldest dropped first), so a sandbox under load stays within a fixed amount of memory. Read state is one
 * "read up to" time per side of a conversation, kept only for conversations that hold messages.
 *
 * @example
 * const messages = createMessageStore({ maxMessages: 10_000, now });
 * messages.send({ From_Account: "user2", To_Account: "user1", MsgRandom: 1, MsgBody: [text("hi")] });
 */
export function createMessageStore(options: MessageStoreOptions): MessageStore {
  // Insertion order is time order: the mock's clock never runs backwards between two sends of one test.
  const all = new Map<string, Mutable<StoredMessage>>();
  const conversations = new Map<string, Mutable<StoredMessage>[]>();
  const readUpTo = new Map<string, number>();
  // Identities of recent messages, oldest first, for deduplication; at most maxMessages of them.
  const recent = new Map<string, { at: number; message: StoredMessage }>();
  let dropped = 0;
  let serial = 0;

  const dropOldest = () => {
    const [id, oldest] = all.entries().next().value as [string, StoredMessage];
    all.delete(id);
    dropped += 1;
    const key = pairKey(oldest.From_Account, oldest.To_Account);
    const list = conversations.get(key);
    const index = list?.indexOf(oldest as Mutable<StoredMessage>) ?? -1;
    if (list && index >= 0) list.splice(index, 1);
    if (list && list.length === 0) {
      conversations.delete(key);
      readUpTo.delete(sideKey(oldest.From_Account, oldest.To_Account));
      readUpTo.delete(sideKey(oldest.To_Account, oldest.From_Account));
    }
  };

  const forget = (now: number, seconds: number) => {
    for (const [key, entry] of recent) {
      if (now - entry.at < seconds && recent.size <= options.maxMessages) break;
      recent.delete(key);
    }
  };

  return {
    send(outgoing, { dedupSeconds = 0 } = {}) {
      const now = options.now();
      if (dedupSeconds > 0) forget(now, dedupSeconds);
      const MsgSeq = outgoing.MsgSeq ?? uint32();
      const identity = `${outgoing.From_Account}\u0000${MsgSeq}\u0000${outgoing.MsgRandom}\u0000${JSON.stringify(outgoing.MsgBody)}`;
      const known = recent.get(identity);
      if (known && now - known.at < dedupSeconds) return { message: { ...known.message }, duplicate: true };
      serial += 1;
      const message: Mutable<StoredMessage> = {
        From_Account: outgoing.From_Account,
        To_Account: outgoing.To_Account,
        MsgSeq,
        MsgRandom: outgoing.MsgRandom,
        MsgTime: now,
        MsgKey: `${MsgSeq}_${outgoing.MsgRandom}_${now}`,
        // Shaped like Tencent's examples ({number}-{time}-{random}); its structure is not documented.
        MsgId: `${144115200000000000n + BigInt(serial)}-${now}-${outgoing.MsgRandom}`,
        MsgBody: structuredClone(outgoing.MsgBody) as MessageElement[],
        ...(outgoing.CloudCustomData === undefined ? {} : { CloudCustomData: outgoing.CloudCustomData }),
        MsgFlagBits: 0,
        IsPeerRead: 0,
        IsNeedReadReceipt: outgoing.IsNeedReadReceipt ?? 0,
        inSenderHistory: outgoing.inSenderHistory ?? true,
        inRecipientHistory: outgoing.inRecipientHistory ?? true,
        countsAsUnread: outgoing.countsAsUnread ?? true,
      };
      all.set(`${serial}`, message);
      const key = pairKey(message.From_Account, message.To_Account);
      const list = conversations.get(key) ?? [];
      // History is sorted by time, then by MsgSeq within one second (Tencent's order): a message goes in
      // after every one that sorts before it or beside it, which is almost always at the end.
      let at = list.length;
      while (at > 0 && sortsAfter(list[at - 1] as StoredMessage, message)) at--;
      list.splice(at, 0, message);
      conversations.set(key, list);
      if (dedupSeconds > 0) recent.set(identity, { at: now, message });
      while (all.size > options.maxMessages) dropOldest();
      return { message: { ...message }, duplicate: false };
    },
    history(viewer, peer) {
      return (conversations.get(pairKey(viewer, peer)) ?? []).filter((message) =>
        message.From_Account === viewer && message.To_Account === peer
          ? message.inSenderHistory || viewer === peer
          : message.From_Account === peer && message.To_Account === viewer && message.inRecipientHistory,
      );
    },
    markPeerRead(reader, sender, msgKey) {
      const message = conversations
        .get(pairKey(reader, sender))
        ?.find(
          (candidate) =>
            candidate.MsgKey === msgKey &&
            candidate.From_Account === sender &&
            candidate.To_Account === reader,
        );
      if (!message) return false;
      message.IsPeerRead = 1;
      return true;
    },
    markRead(reader, peer, time) {
      if (!conversations.has(pairKey(reader, peer))) return;
      const key = sideKey(reader, peer);
      readUpTo.set(key, Math.max(readUpTo.get(key) ?? 0, time));
    },
    unread(owner, peer) {
      const count = (other: string) => {
        const since = readUpTo.get(sideKey(owner, other)) ?? Number.NEGATIVE_INFINITY;
        return (conversations.get(pairKey(owner, other)) ?? []).filter(
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
      for (const list of conversations.values()) {
        const [first] = list;
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
      let forgotten = 0;
      for (const [id, message] of all) {
        if (message.From_Account !== account && message.To_Account !== account) continue;
        all.delete(id);
        forgotten += 1;
        const key = pairKey(message.From_Account, message.To_Account);
        conversations.delete(key);
        readUpTo.delete(sideKey(message.From_Account, message.To_Account));
        readUpTo.delete(sideKey(message.To_Account, message.From_Account));
      }
      return forgotten;
    },
    list: () => [...all.values()].map((message) => ({ ...message })),
    get dropped() {
      return dropped;
    },
    clear() {
      all.clear();
      conversations.clear();
      readUpTo.clear();
      recent.clear();
      dropped = 0;
    },
  };
}
