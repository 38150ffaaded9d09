import type { AccountProfile } from "../account-store.js";
import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/im_open_login_svc/multiaccount_import`: imports every account of either form (`Accounts` UserIDs or
 * `AccountList` profiles), updating the ones that exist. Accounts that no longer fit under the store's
 * `maxAccounts` are not imported and are listed in `FailAccounts`; the call itself succeeds.
 *
 * @example
 * // { "Accounts": ["a", "b"] } with room for one more account → { …, "FailAccounts": ["b"] }
 */
export const multiaccountImport: OperationBehaviour<"multiaccountImport"> = (body, { store }) => {
  const profiles: AccountProfile[] =
    "AccountList" in body && body.AccountList
      ? body.AccountList
      : (body.Accounts ?? []).map((UserID) => ({ UserID }));
  const failed: string[] = [];
  for (const profile of profiles) {
    if (!store.accounts.has(profile.UserID) && store.accounts.size >= store.limits.maxAccounts) {
      failed.push(profile.UserID);
      continue;
    }
    store.accounts.import(profile);
  }
  return { ok: { FailAccounts: failed } };
};
