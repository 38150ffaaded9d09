import { type AccountStore, createAccountStore, type TimAccount } from "./account-store.js";
import { createReceiptStore, type ReadReceipt, type ReceiptStore } from "./receipt-store.js";

/** The whole state as plain JSON: safe to `JSON.stringify`, compare with `toEqual`, or serve over HTTP. */
export interface TimMockSnapshot {
  sdkAppId: number;
  admins: string[];
  accounts: TimAccount[];
  receipts: ReadReceipt[];
  /** Receipts dropped since the last reset because `maxReceipts` was reached. */
  droppedReceipts: number;
  limits: { maxAccounts: number; maxReceipts: number };
}

/**
 * The state of one mocked Tencent app, shared by every command: its accounts and the read receipts sent,
 * each part bounded. Every command's "accounts must exist" check reads `accounts`.
 */
export interface TimMockStore {
  readonly accounts: AccountStore;
  readonly receipts: ReceiptStore;
  /** The caps of each part (the mock's `maxAccounts` and `maxReceipts`). */
  readonly limits: { readonly maxAccounts: number; readonly maxReceipts: number };
  snapshot(): TimMockSnapshot;
  /** Back to the start: the options' admins and accounts, nothing else. */
  reset(): void;
}

export interface TimMockStoreOptions {
  sdkAppId: number;
  admins: readonly string[];
  accounts: readonly string[];
  maxReceipts: number;
  maxAccounts: number;
  now: () => number;
}

/**
 * The in-memory store behind a mock.
 *
 * @example
 * const store = createTimMockStore({ sdkAppId: 88888888, admins: ["admin"], accounts: ["user1"], maxReceipts: 10_000, maxAccounts: 10_000, now });
 * store.accounts.importIds(["user3"]); // → 1
 */
export function createTimMockStore(options: TimMockStoreOptions): TimMockStore {
  const accounts = createAccountStore(options);
  const receipts = createReceiptStore(options);
  const reset = () => {
    for (const id of accounts.ids()) accounts.delete(id);
    receipts.clear();
    // Administrators are accounts too: they can be named wherever an imported account is required.
    accounts.importIds([...options.admins, ...options.accounts]);
  };
  reset();
  const limits = { maxAccounts: options.maxAccounts, maxReceipts: options.maxReceipts };
  return {
    accounts,
    receipts,
    limits,
    snapshot: () => ({
      sdkAppId: options.sdkAppId,
      admins: [...options.admins],
      accounts: accounts.list(),
      receipts: receipts.list(),
      droppedReceipts: receipts.dropped,
      limits: { ...limits },
    }),
    reset,
  };
}
