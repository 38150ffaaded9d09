import { assertUserIds, isUserId } from "./user-ids.js";

/** One imported account, as `account_import` and `multiaccount_import` leave it. */
export interface TimAccount {
  readonly UserID: string;
  readonly Nick?: string;
  readonly FaceUrl?: string;
  /** When it was first imported, in Unix seconds (the mock's `now`). */
  readonly importedAt: number;
}

/** What an import gives: the UserID, and optionally the profile fields the account commands take. */
export interface AccountProfile {
  readonly UserID: string;
  readonly Nick?: string;
  readonly FaceUrl?: string;
}

/** The imported accounts of the mock: what every "accounts must exist" check reads. Bounded. */
export interface AccountStore {
  /**
   * Imports or updates one account: a new UserID is created, an existing one keeps its identity and gets
   * the profile fields given. Throws a RangeError past `maxAccounts`, a TypeError for a bad UserID.
   */
  import(profile: AccountProfile): "created" | "updated";
  /** Imports UserIDs without profiles (fixtures, `/__sandbox/accounts`); returns how many were new. All or none. */
  importIds(ids: readonly string[]): number;
  /** Deletes an account; false when it did not exist. */
  delete(userId: string): boolean;
  has(userId: string): boolean;
  get(userId: string): TimAccount | undefined;
  /** UserIDs, oldest import first. */
  ids(): string[];
  /** Accounts, oldest import first. */
  list(): TimAccount[];
  readonly size: number;
}

export interface AccountStoreOptions {
  readonly maxAccounts: number;
  readonly now: () => number;
}

/**
 * The accounts in memory, in import order, at most `maxAccounts` of them.
 *
 * @example
 * const accounts = createAccountStore({ maxAccounts: 10_000, now: () => 1_700_000_000 });
 * accounts.import({ UserID: "alice", Nick: "Alice" }); // → "created"
 */
export function createAccountStore(options: AccountStoreOptions): AccountStore {
  const accounts = new Map<string, TimAccount>();
  const room = (fresh: number) => {
    if (accounts.size + fresh > options.maxAccounts) {
      throw new RangeError(
        `importing ${fresh} more accounts would exceed maxAccounts (${options.maxAccounts}); ${accounts.size} are imported`,
      );
    }
  };
  return {
    import(profile) {
      if (!isUserId(profile?.UserID)) {
        throw new TypeError(
          `UserID must be a UserID as the spec's UserId schema allows, got ${JSON.stringify(profile?.UserID)}`,
        );
      }
      const known = accounts.get(profile.UserID);
      if (!known) room(1);
      // Fields not given keep their value: an import with only a UserID does not clear the nickname.
      const account: { -readonly [Key in keyof TimAccount]: TimAccount[Key] } = {
        UserID: profile.UserID,
        importedAt: known?.importedAt ?? options.now(),
      };
      const nick = profile.Nick ?? known?.Nick;
      const faceUrl = profile.FaceUrl ?? known?.FaceUrl;
      if (nick !== undefined) account.Nick = nick;
      if (faceUrl !== undefined) account.FaceUrl = faceUrl;
      accounts.set(profile.UserID, account);
      return known ? "updated" : "created";
    },
    importIds(ids) {
      assertUserIds(ids, "accounts");
      const fresh = [...new Set(ids)].filter((id) => !accounts.has(id));
      room(fresh.length);
      const at = options.now();
      for (const id of fresh) accounts.set(id, { UserID: id, importedAt: at });
      return fresh.length;
    },
    delete: (userId) => accounts.delete(userId),
    has: (userId) => accounts.has(userId),
    get: (userId) => {
      const account = accounts.get(userId);
      return account && { ...account };
    },
    ids: () => [...accounts.keys()],
    list: () => [...accounts.values()].map((account) => ({ ...account })),
    get size() {
      return accounts.size;
    },
  };
}
