import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/im_open_login_svc/account_delete`: deletes each requested account; one that does not exist gets the
 * spec's `accountMissing` code in its item, and the call itself succeeds. A deleted account is gone for
 * every command (a read receipt naming it then answers that it is not imported), and so are its messages:
 * Tencent says deleted data cannot be recovered, so importing it again brings no history back.
 *
 * @example
 * // { "DeleteItem": [{ "UserID": "user1" }, { "UserID": "nobody" }] } → ResultCode 0, then 70107
 */
export const accountDelete: OperationBehaviour<"accountDelete"> = (body, { store, codes, describe }) => ({
  ok: {
    ResultItem: body.DeleteItem.map(({ UserID }) => {
      if (!store.accounts.delete(UserID)) {
        return { ResultCode: codes.accountMissing, ResultInfo: describe(codes.accountMissing), UserID };
      }
      store.messages.forgetAccount(UserID);
      return { ResultCode: 0, ResultInfo: "", UserID };
    }),
  },
});
