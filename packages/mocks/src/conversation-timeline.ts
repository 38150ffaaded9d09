// A double-ended queue of seconds: the oldest second leaves from the front as the store drops its oldest
// messages, where an array's shift copies the list.
import Denque from "denque";

interface Timed {
  readonly MsgTime: number;
  readonly MsgSeq: number;
}

interface Second<Message> {
  readonly time: number;
  /** Sorted by MsgSeq, ties in the order sent; may still hold removed messages (see `remove`). */
  messages: Message[];
  live: number;
  /** Every message before this index is removed: where reading from the oldest end starts. */
  head: number;
}

/**
 * One conversation's messages in Tencent's order: by time, then by MsgSeq within one second, ties in the
 * order sent. Adding a message and removing the oldest cost what one second holds at most, not what the
 * conversation holds, and reading from the newest end costs only what is read: a conversation that the
 * whole sandbox writes to under load stays cheap to page through.
 *
 * @example
 * const timeline = new ConversationTimeline<StoredMessage>();
 * timeline.add(message);
 * for (const newest of timeline.newestFirst()) …
 */
export class ConversationTimeline<Message extends Timed> {
  readonly #seconds = new Denque<Second<Message>>();
  // Removed messages not yet swept out of their second: a second is compacted when half of it is gone.
  readonly #removed = new WeakSet<Message>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(message: Message): void {
    const seconds = this.#seconds;
    // The mock's clock runs forward, so the message's second is the last one or a new one after it.
    let index = seconds.length - 1;
    while (index >= 0 && (seconds.peekAt(index) as Second<Message>).time > message.MsgTime) index--;
    let second = index >= 0 ? (seconds.peekAt(index) as Second<Message>) : undefined;
    if (second?.time !== message.MsgTime) {
      second = { time: message.MsgTime, messages: [], live: 0, head: 0 };
      if (index === seconds.length - 1) seconds.push(second);
      else seconds.splice(index + 1, 0, second);
    }
    // After every message of the same or a lower MsgSeq.
    const { messages } = second;
    let low = 0;
    let high = messages.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((messages[middle] as Message).MsgSeq <= message.MsgSeq) low = middle + 1;
      else high = middle;
    }
    if (low === messages.length) messages.push(message);
    else messages.splice(low, 0, message);
    second.live += 1;
    this.#size += 1;
  }

  /** Removes a message added before: the store removes its oldest, which is of the first second. */
  remove(message: Message): void {
    const seconds = this.#seconds;
    let index = 0;
    while (index < seconds.length && (seconds.peekAt(index) as Second<Message>).time !== message.MsgTime)
      index++;
    const second = seconds.peekAt(index);
    if (!second || this.#removed.has(message)) return;
    this.#removed.add(message);
    second.live -= 1;
    this.#size -= 1;
    if (second.live === 0) {
      if (index === 0) seconds.shift();
      else seconds.removeOne(index);
    } else if (second.live * 2 < second.messages.length) {
      second.messages = second.messages.filter((kept) => !this.#removed.has(kept));
      second.head = 0;
    }
  }

  /** The oldest message in Tencent's order: the first of the oldest second. */
  oldest(): Message | undefined {
    const second = this.#seconds.peekFront();
    if (!second) return undefined;
    // Removed messages at the front are passed once: `head` remembers where the live ones start.
    while (
      second.head < second.messages.length &&
      this.#removed.has(second.messages[second.head] as Message)
    ) {
      second.head += 1;
    }
    return second.messages[second.head];
  }

  *newestFirst(): Generator<Message, void, undefined> {
    const seconds = this.#seconds;
    for (let index = seconds.length - 1; index >= 0; index--) {
      const { messages } = seconds.peekAt(index) as Second<Message>;
      for (let at = messages.length - 1; at >= 0; at--) {
        const message = messages[at] as Message;
        if (!this.#removed.has(message)) yield message;
      }
    }
  }

  *oldestFirst(): Generator<Message, void, undefined> {
    const seconds = this.#seconds;
    for (let index = 0; index < seconds.length; index++) {
      const { messages, head } = seconds.peekAt(index) as Second<Message>;
      for (let at = head; at < messages.length; at++) {
        const message = messages[at] as Message;
        if (!this.#removed.has(message)) yield message;
      }
    }
  }
}
