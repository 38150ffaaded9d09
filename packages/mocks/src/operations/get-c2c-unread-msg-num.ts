import type { OperationBehaviour } from "../operation-behaviour.js";

/**
 * `v4/openim/get_c2c_unread_msg_num`: To_Account's unread messages, all conversations together when no
 * Peer_Account is given, else per peer, with the peers that do not exist in ErrorList (the spec's
 * `peerMissing` code).
 *
 * @example
 * // { "To_Account": "user1", "Peer_Account": ["user2", "nobody"] } → [{ user2, 1 }] and ErrorList [{ nobody, 70107 }]
 */
export const getC2cUnreadMsgNum: OperationBehaviour<"getC2cUnreadMsgNum"> = (body, { store, codes }) => {
  if (body.Peer_Account === undefined) {
    return { ok: { AllC2CUnreadMsgNum: store.messages.unread(body.To_Account) } };
  }
  const peers = [...new Set(body.Peer_Account)];
  return {
    ok: {
      C2CUnreadMsgNumList: peers
        .filter((peer) => store.accounts.has(peer))
        .map((peer) => ({
          Peer_Account: peer,
          C2CUnreadMsgNum: store.messages.unread(body.To_Account, peer),
        })),
      ErrorList: peers
        .filter((peer) => !store.accounts.has(peer))
        .map((peer) => ({ Peer_Account: peer, ErrorCode: codes.peerMissing })),
    },
  };
};
