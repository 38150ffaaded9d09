import type { TimValidationError } from "@timkit/client";

/** The form's fields, by what they hold. */
export type FormField = "reader" | "sender" | "msgKeys";

/** A message next to each field the client refused. */
export type FieldErrors = Partial<Record<FormField, string>>;

const fieldNames: Record<FormField, string> = {
  reader: "Reader (Operator_Account)",
  sender: "Sender (Peer_Account)",
  msgKeys: "MsgKey",
};

/**
 * Which field of the form a validation error of the client is about: its `field` names either the
 * method's parameter (`reader`) or the body field it becomes (`Operator_Account`, `C2CMsgInfo[3].MsgKey`).
 *
 * @example
 * formFieldOf("C2CMsgInfo[3].From_Account") // → "sender"
 */
export function formFieldOf(field: string): FormField | undefined {
  if (/^(reader|Operator_Account)\b|\.To_Account$/.test(field)) return "reader";
  if (/^(sender|Peer_Account)\b|\.From_Account$/.test(field)) return "sender";
  if (/^(msgKeys?|C2CMsgInfo|MsgKey)\b/.test(field)) return "msgKeys";
  return undefined;
}

/**
 * The client's validation error as the form shows it next to the field: what is wrong, without the
 * operation's name.
 *
 * @example
 * fieldErrorsOf(error) // → { reader: "Reader (Operator_Account) must be different from the sender." }
 */
export function fieldErrorsOf(error: TimValidationError): FieldErrors | undefined {
  const field = formFieldOf(error.field);
  if (!field) return undefined;
  const index = /\[(\d+)\]/.exec(error.field)?.[1];
  const subject =
    field === "msgKeys" && index !== undefined ? `MsgKey ${Number(index) + 1}` : fieldNames[field];
  const received = error.received === undefined ? "" : `, got ${error.received}`;
  return { [field]: `${subject} must be ${error.expected}${received}.` };
}
