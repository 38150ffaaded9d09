import type { FieldRule } from "../generated/operation-table";
import { valuesAt } from "./field-paths";

/** A cross-field rule that a request body breaks, located precisely. */
export interface FieldRuleViolation {
  /** Where the wrong value is, e.g. `C2CMsgInfo[0].From_Account`. */
  readonly field: string;
  /** The field it must equal, e.g. `Peer_Account`. */
  readonly expected: string;
  readonly message: string;
}

/**
 * The first violation of the spec's cross-field rules (`x-timkit-rules`), or undefined when the body keeps
 * them all. Run it after schema validation: it only compares values that are present.
 *
 * @example
 * firstRuleViolation(operationTable.c2cMsgReadReceipt.rules, body)
 */
export function firstRuleViolation(
  rules: readonly FieldRule[],
  body: unknown,
): FieldRuleViolation | undefined {
  for (const rule of rules) {
    const [expected] = valuesAt(body, rule.equals);
    for (const { location, value } of valuesAt(body, rule.field)) {
      if (value !== expected?.value) return { field: location, expected: rule.equals, message: rule.message };
    }
  }
  return undefined;
}

/**
 * The distinct UserIDs a body names in the fields the spec marks as accounts (`x-timkit-accounts`).
 *
 * @example
 * accountsIn(operationTable.c2cMsgReadReceipt.accountFields, body) // → ["user1", "user2"]
 */
export function accountsIn(accountFields: readonly string[], body: unknown): string[] {
  const accounts = new Set<string>();
  for (const field of accountFields) {
    for (const { value } of valuesAt(body, field)) if (typeof value === "string") accounts.add(value);
  }
  return [...accounts];
}
