import type { AccountField, FieldRule } from "../generated/operation-table";
import { visitValuesAt } from "./field-paths";

/** A cross-field rule that a request body breaks, located precisely, with both values. */
export interface FieldRuleViolation {
  /** Where the wrong value is, e.g. `C2CMsgInfo[0].From_Account`. */
  readonly field: string;
  /** The value found there. */
  readonly value: unknown;
  /** The field it must equal, e.g. `Peer_Account`. */
  readonly expected: string;
  /** The value of that field. */
  readonly expectedValue: unknown;
  readonly message: string;
  /** The code the server answers for it. */
  readonly code: number;
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
    let expectedValue: unknown;
    visitValuesAt(body, rule.equals, (value) => {
      expectedValue = value;
      return true;
    });
    let violation: FieldRuleViolation | undefined;
    visitValuesAt(body, rule.field, (value, location) => {
      if (value === expectedValue) return false;
      violation = {
        field: location(),
        value,
        expected: rule.equals,
        expectedValue,
        message: rule.message,
        code: rule.code,
      };
      return true;
    });
    if (violation) return violation;
  }
  return undefined;
}

/** A UserID a body names in an account field, with where it is and the code if it was never imported. */
export interface NamedAccount {
  readonly account: string;
  readonly field: string;
  readonly code: number;
}

/**
 * The distinct UserIDs a body names in the fields the spec marks as accounts (`x-timkit-accounts`), in the
 * order of those fields, each with the first place it appears.
 *
 * @example
 * accountsIn(operationTable.c2cMsgReadReceipt.accountFields, body).map(({ account }) => account) // → ["user1", "user2"]
 */
export function accountsIn(accountFields: readonly AccountField[], body: unknown): NamedAccount[] {
  const accounts = new Map<string, NamedAccount>();
  for (const { field, code } of accountFields) {
    visitValuesAt(body, field, (value, location) => {
      if (typeof value === "string" && !accounts.has(value)) {
        accounts.set(value, { account: value, field: location(), code });
      }
    });
  }
  return [...accounts.values()];
}
