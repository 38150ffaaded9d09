// A double-ended queue of the receipts' keys, oldest first: past the cap the oldest leaves from the front.
import Denque from "denque";

/** One read receipt the mock accepted: `reader` read `msgKey`, which `sender` had sent them. */
export interface ReadReceipt {
  /** `Operator_Account`: who read the message and sent the receipt (user B). */
  readonly reader: string;
  /** `Peer_Account`: who sent the message and gets the receipt (user A). */
  readonly sender: string;
  readonly msgKey: string;
  /** When the receipt was first sent, in Unix seconds (the mock's `now`). */
  readonly at: number;
}

/** Which receipts to list: every given field must match. */
export interface ReadReceiptFilter {
  reader?: string;
  sender?: string;
  msgKey?: string;
}

/** The read receipts the mock accepted, oldest first, at most `maxReceipts` of them. */
export interface ReceiptStore {
  /** Records a receipt; the same reader, sender and MsgKey again keeps the first one. */
  record(receipt: ReadReceipt): void;
  /** Receipts oldest first, optionally filtered. */
  list(filter?: ReadReceiptFilter): ReadReceipt[];
  /** Receipts dropped because `maxReceipts` was reached, since the last clear. */
  readonly dropped: number;
  clear(): void;
}

/**
 * Receipts in insertion order; past `maxReceipts` the oldest are dropped, so a long-running sandbox under
 * load stays within a fixed amount of memory.
 *
 * @example
 * const receipts = createReceiptStore({ maxReceipts: 10_000 });
 * receipts.record({ reader: "user1", sender: "user2", msgKey: "k", at: 0 });
 */
export function createReceiptStore(options: { readonly maxReceipts: number }): ReceiptStore {
  // Keyed by reader, sender and MsgKey, and the keys oldest first: a Map keeps insertion order too, but
  // finding its first key passes every entry deleted before it, which under load cost more than the rest
  // of a receipt.
  const receipts = new Map<string, ReadReceipt>();
  const order = new Denque<string>();
  let dropped = 0;
  const matches = (receipt: ReadReceipt, filter: ReadReceiptFilter) =>
    (filter.reader === undefined || receipt.reader === filter.reader) &&
    (filter.sender === undefined || receipt.sender === filter.sender) &&
    (filter.msgKey === undefined || receipt.msgKey === filter.msgKey);
  return {
    record(receipt) {
      const key = `${receipt.reader}\u0000${receipt.sender}\u0000${receipt.msgKey}`;
      if (receipts.has(key)) return;
      receipts.set(key, { ...receipt });
      order.push(key);
      if (receipts.size > options.maxReceipts) {
        receipts.delete(order.shift() as string);
        dropped += 1;
      }
    },
    list: (filter = {}) =>
      [...receipts.values()].filter((receipt) => matches(receipt, filter)).map((receipt) => ({ ...receipt })),
    get dropped() {
      return dropped;
    },
    clear() {
      receipts.clear();
      order.clear();
      dropped = 0;
    },
  };
}
