import { type AccountStore, createAccountStore, type TimAccount } from "./account-store.js";
import {
  createMessageStore,
  type MessageStore,
  type OutgoingMessage,
  type StoredMessage,
} from "./message-store.js";
import { createReceiptStore, type ReadReceipt, type ReceiptStore } from "./receipt-store.js";

/** The whole state as plain JSON: safe to `JSON.stringify`, compare with `toEqual`, or serve over HTTP. */
export interface TimMockSnapshot {
  sdkAppId: number;
  admins: string[];
  accounts: TimAccount[];
  messages: StoredMessage[];
  /** Messages dropped since the last reset because a cap of messages or conversations was reached. */
  droppedMessages: number;
  receipts: ReadReceipt[];
  /** Receipts dropped since the last reset because `maxReceipts` was reached. */
  droppedReceipts: number;
  limits: {
    maxAccounts: number;
    maxMessages: number;
    maxMessagesPerConversation: number;
    maxConversations: number;
    maxReceipts: number;
  };
}

/**
 * The state of one mocked Tencent app, shared by every command: its accounts, the one-to-one messages
 * with each side's read state, and the read receipts sent, each part bounded. Every command's "accounts
 * must exist" check reads `accounts`.
 */
export interface TimMockStore {
  readonly accounts: AccountStore;
  readonly messages: MessageStore;
  readonly receipts: ReceiptStore;
  /** The caps of each part (the mock's `maxAccounts`, `maxMessages`, … and `maxReceipts`). */
  readonly limits: {
    readonly maxAccounts: number;
    readonly maxMessages: number;
    readonly maxMessagesPerConversation: number;
    readonly maxConversations: number;
    readonly maxReceipts: number;
  };
  snapshot(): TimMockSnapshot;
  /** Back to the start: the options' admins, accounts and messages, nothing else. */
  reset(): void;
}

export interface TimMockStoreOptions {
  sdkAppId: number;
  admins: readonly string[];
  accounts: readonly string[];
  /** Messages stored at start and after every reset, sent at the mock's `now` in this order. */
  messages: readonly (Omit<OutgoingMessage, "MsgRandom"> & { MsgRandom?: number })[];
  maxReceipts: number;
  maxAccounts: number;
  maxMessages: number;
  maxMessagesPerConversation: number;
  maxConversations: number;
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
  const messages = createMessageStore(options);
  const receipts = createReceiptStore(options);
  const reset = () => {
    for (const id of accounts.ids()) accounts.delete(id);
    messages.clear();
    receipts.clear();
    // Administrators are accounts too: they can be named wherever an imported account is required.
    accounts.importIds([...options.admins, ...options.accounts]);
    for (const message of options.messages) {
      messages.send({ MsgRandom: crypto.getRandomValues(new Uint32Array(1))[0] as number, ...message });
    }
  };
  reset();
  const limits = {
    maxAccounts: options.maxAccounts,
    maxMessages: options.maxMessages,
    maxMessagesPerConversation: options.maxMessagesPerConversation,
    maxConversations: options.maxConversations,
    maxReceipts: options.maxReceipts,
  };
  return {
    accounts,
    messages,
    receipts,
    limits,
    snapshot: () => ({
      sdkAppId: options.sdkAppId,
      admins: [...options.admins],
      accounts: accounts.list(),
      messages: messages.list(),
      droppedMessages: messages.dropped,
      receipts: receipts.list(),
      droppedReceipts: receipts.dropped,
      limits: { ...limits },
    }),
    reset,
  };
}
