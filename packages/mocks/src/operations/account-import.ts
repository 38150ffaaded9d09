import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/im_open_login_svc/account_import`: creates the account, or updates the nickname and profile photo of
 * one that exists (one identity per UserID). Past the store's `maxAccounts` it answers the spec's
 * `accountLimit` code, as Tencent does at the edition's account limit.
 *
 * @example
 * mock.store.accounts.get("test") // → { UserID: "test", Nick: "test", FaceUrl: "http://www.qq.com", importedAt: … }
 */
export const accountImport: OperationBehaviour<"accountImport"> = (body, { store }) => {
  if (!store.accounts.has(body.UserID) && store.accounts.size >= store.limits.maxAccounts) {
    return { fail: "accountLimit" };
  }
  store.accounts.import(body);
  return { ok: {} };
};
