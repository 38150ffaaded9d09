import { assertUserIds } from "./user-ids.js";

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

/** The whole state as plain JSON: safe to `JSON.stringify`, compare with `toEqual`, or serve over HTTP. */
export interface TimMockSnapshot {
  sdkAppId: number;
  admins: string[];
  accounts: string[];
  receipts: ReadReceipt[];
  /** Receipts dropped since the last reset because `maxReceipts` was reached. */
  droppedReceipts: number;
  limits: { maxAccounts: number; maxReceipts: number };
}

/** The mock's state: imported accounts and recorded read receipts, both bounded. */
export interface TimMockStore {
  /** Imports UserIDs (like `account_import`); returns how many were new. Throws past `maxAccounts`. */
  importAccounts(accounts: readonly string[]): number;
  hasAccount(account: string): boolean;
  accounts(): string[];
  /** Records a receipt; the same reader, sender and MsgKey again keeps the first one. */
  recordReadReceipt(receipt: ReadReceipt): void;
  /** Receipts oldest first, optionally filtered. */
  receipts(filter?: ReadReceiptFilter): ReadReceipt[];
  snapshot(): TimMockSnapshot;
  /** Back to the options' accounts and no receipts. */
  reset(): void;
}

export interface TimMockStoreOptions {
  sdkAppId: number;
  admins: readonly string[];
  accounts: readonly string[];
  maxReceipts: number;
  maxAccounts: number;
}

/**
 * The in-memory store behind a mock. Receipts are kept in insertion order and the oldest are dropped past
 * `maxReceipts`, so a long-running sandbox under load stays within a fixed amount of memory.
 *
 * @example
 * const store = createTimMockStore({ sdkAppId: 88888888, admins: ["admin"], accounts: ["user1"], maxReceipts: 10_000, maxAccounts: 10_000 });
 * store.importAccounts(["user3"]); // → 1
 */
export function createTimMockStore(options: TimMockStoreOptions): TimMockStore {
  const accounts = new Set<string>();
  // Keyed by reader, sender and MsgKey: a Map keeps insertion order, so the first key is the oldest.
  const receipts = new Map<string, ReadReceipt>();
  let droppedReceipts = 0;

  const importAccounts = (ids: readonly string[]): number => {
    assertUserIds(ids, "accounts");
    const fresh = [...new Set(ids)].filter((id) => !accounts.has(id));
    if (accounts.size + fresh.length > options.maxAccounts) {
      throw new RangeError(
        `importing ${fresh.length} accounts would exceed maxAccounts (${options.maxAccounts}); ${accounts.size} are imported`,
      );
    }
    for (const id of fresh) accounts.add(id);
    return fresh.length;
  };

  const reset = () => {
    accounts.clear();
    receipts.clear();
    droppedReceipts = 0;
    importAccounts([...options.admins, ...options.accounts]);
  };

  const matches = (receipt: ReadReceipt, filter: ReadReceiptFilter) =>
    (filter.reader === undefined || receipt.reader === filter.reader) &&
    (filter.sender === undefined || receipt.sender === filter.sender) &&
    (filter.msgKey === undefined || receipt.msgKey === filter.msgKey);

  reset();
  return {
    importAccounts,
    hasAccount: (account) => accounts.has(account),
    accounts: () => [...accounts],
    recordReadReceipt(receipt) {
      const key = `${receipt.reader}\u0000${receipt.sender}\u0000${receipt.msgKey}`;
      if (receipts.has(key)) return;
      receipts.set(key, { ...receipt });
      if (receipts.size > options.maxReceipts) {
        const oldest = receipts.keys().next().value as string;
        receipts.delete(oldest);
        droppedReceipts += 1;
      }
    },
    receipts: (filter = {}) =>
      [...receipts.values()].filter((receipt) => matches(receipt, filter)).map((receipt) => ({ ...receipt })),
    snapshot: () => ({
      sdkAppId: options.sdkAppId,
      admins: [...options.admins],
      accounts: [...accounts],
      receipts: [...receipts.values()].map((receipt) => ({ ...receipt })),
      droppedReceipts,
      limits: { maxAccounts: options.maxAccounts, maxReceipts: options.maxReceipts },
    }),
    reset,
  };
}
