import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/im_open_login_svc/account_check`: one item per requested UserID, in order, saying whether it is
 * imported. An account that is not imported is a result, not an error.
 *
 * @example
 * // { "CheckItem": [{ "UserID": "user1" }, { "UserID": "nobody" }] } → Imported, NotImported
 */
export const accountCheck: OperationBehaviour<"accountCheck"> = (body, { store }) => ({
  ok: {
    ResultItem: body.CheckItem.map(({ UserID }) => ({
      UserID,
      ResultCode: 0,
      ResultInfo: "",
      AccountStatus: store.accounts.has(UserID) ? "Imported" : "NotImported",
    })),
  },
});
