import type { TimValidationError } from "@timkit/client";

/** The API's own name for each body field the client may refuse, per route. */
export type FieldNames = Readonly<Record<string, { name: string; label: string }>>;

/** `POST /api/read-receipts`: the client's parameters and the body fields they become. */
export const receiptFields: FieldNames = {
  reader: { name: "reader", label: "Reader (Operator_Account)" },
  Operator_Account: { name: "reader", label: "Reader (Operator_Account)" },
  To_Account: { name: "reader", label: "Reader (Operator_Account)" },
  sender: { name: "sender", label: "Sender (Peer_Account)" },
  Peer_Account: { name: "sender", label: "Sender (Peer_Account)" },
  From_Account: { name: "sender", label: "Sender (Peer_Account)" },
  msgKeys: { name: "msgKeys", label: "MsgKey" },
  C2CMsgInfo: { name: "msgKeys", label: "MsgKey" },
  MsgKey: { name: "msgKeys", label: "MsgKey" },
};

/** `GET /api/conversation`: admin_getroammsg's and get_c2c_unread_msg_num's fields. */
export const conversationFields: FieldNames = {
  operator: { name: "user", label: "User" },
  Operator_Account: { name: "user", label: "User" },
  peer: { name: "peer", label: "Peer" },
  Peer_Account: { name: "peer", label: "Peer" },
  To_Account: { name: "user", label: "User" },
};

/** `POST /api/test-messages`: sendmsg's fields. */
export const testMessageFields: FieldNames = {
  From_Account: { name: "sender", label: "Sender" },
  To_Account: { name: "recipient", label: "Recipient" },
  MsgBody: { name: "text", label: "Text" },
};

/**
 * The client's validation error as the API answers it: the route's field name and a sentence without the
 * operation's name. Undefined when the field is none the route's caller chose.
 *
 * @example
 * fieldErrorOf(error, receiptFields) // → { field: "sender", message: "Sender (Peer_Account) must be …" }
 */
export function fieldErrorOf(
  error: TimValidationError,
  names: FieldNames,
): { field: string; message: string } | undefined {
  const head = /^[A-Za-z_]+/.exec(error.field)?.[0] ?? "";
  const last = /\.([A-Za-z_]+)$/.exec(error.field)?.[1];
  const known = (last && names[last]) || names[head];
  if (!known) return undefined;
  const index = /\[(\d+)\]/.exec(error.field)?.[1];
  const subject =
    known.name === "msgKeys" && index !== undefined ? `MsgKey ${Number(index) + 1}` : known.label;
  const received = error.received === undefined ? "" : `, got ${error.received}`;
  return { field: known.name, message: `${subject} must be ${error.expected}${received}.` };
}
