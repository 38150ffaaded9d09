// A B+ tree: a conversation's messages stay sorted as they come, in any order of MsgSeq, at a cost that
// grows with the logarithm of what it holds (a sorted array moved half of a busy second per insert).
import sortedBtree from "sorted-btree";

// The package is CommonJS with `exports.default`: Node hands an ES module the whole `exports` object,
// a bundler hands it the class.
const BTree = ((sortedBtree as unknown as { default?: typeof sortedBtree }).default ??
  sortedBtree) as typeof sortedBtree;

interface Timed {
  readonly MsgTime: number;
  readonly MsgSeq: number;
}

/**
 * One conversation's messages in Tencent's order: by time, then by MsgSeq within one second, ties in the
 * order added. Adding and removing a message cost the logarithm of what the conversation holds, and
 * reading from either end costs only what is read: a conversation that the whole sandbox writes to under
 * load stays cheap to write to and to page through.
 *
 * @example
 * const timeline = new ConversationTimeline<StoredMessage>();
 * timeline.add(message);
 * for (const newest of timeline.newestFirst()) …
 */
export class ConversationTimeline<Message extends Timed> {
  // The order each message was added in, for ties of time and MsgSeq; also what the timeline holds.
  readonly #added = new Map<Message, number>();
  #count = 0;
  readonly #tree = new BTree<Message, undefined>(undefined, (a, b) => {
    if (a === b) return 0;
    return (
      a.MsgTime - b.MsgTime ||
      a.MsgSeq - b.MsgSeq ||
      (this.#added.get(a) as number) - (this.#added.get(b) as number)
    );
  });

  get size(): number {
    return this.#tree.size;
  }

  add(message: Message): void {
    if (this.#added.has(message)) return;
    this.#added.set(message, this.#count++);
    this.#tree.set(message, undefined);
  }

  /** Removes a message added before; one it does not hold is ignored. */
  remove(message: Message): void {
    if (!this.#added.has(message)) return;
    this.#tree.delete(message);
    this.#added.delete(message);
  }

  /** The oldest message in Tencent's order. */
  oldest(): Message | undefined {
    return this.#tree.minKey();
  }

  *newestFirst(): Generator<Message, void, undefined> {
    const pair: (Message | undefined)[] = [];
    for (const [message] of this.#tree.entriesReversed(undefined, pair)) yield message as Message;
  }

  *oldestFirst(): Generator<Message, void, undefined> {
    yield* this.#tree.keys();
  }
}
