import {
  accountsIn,
  firstRuleViolation,
  type OperationId,
  type OperationInfo,
  type RequestValidator,
  requestValidators,
  schemaProblem,
  schemaProblemCode,
} from "@timkit/spec";
import type { TimMockStore } from "./mock-store.js";
import type { RequestBodyOf } from "./operation-behaviour.js";
import type { Rejection } from "./rejection.js";

/** A body that passed every check, or the code to answer and a short note saying what was wrong. */
export type BodyCheck<Id extends OperationId> = { readonly body: RequestBodyOf<Id> } | Rejection;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks a body already read within the size limit, in the server's order: UTF-8 JSON, then the
 * operation's schema (the validators generated from the spec), then its cross-field rules
 * (`x-timkit-rules`), then that every account it names is imported (`x-timkit-accounts`). Each mistake is
 * answered with the code the spec declares for it (`x-timkit-codes`), or the mock's override of it.
 *
 * @example
 * const checked = checkBody("c2cMsgReadReceipt", options.operations.c2cMsgReadReceipt, bytes, store);
 * if ("code" in checked) return fail(checked.code);
 */
export function checkBody<Id extends OperationId>(
  operationId: Id,
  operation: OperationInfo,
  bytes: Uint8Array,
  store: TimMockStore,
): BodyCheck<Id> {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    return { code: operation.codes.bodyNotJson, detail: "the body is not UTF-8 JSON" };
  }
  const validate = requestValidators[operationId] as RequestValidator<RequestBodyOf<Id>>;
  if (!validate(body)) {
    const problem = schemaProblem(body, validate.errors);
    return {
      code: schemaProblemCode(operation, problem),
      detail: `${problem.field} must be ${problem.expected}`,
    };
  }
  const violation = firstRuleViolation(operation.rules, body);
  if (violation) {
    return { code: violation.code, detail: `${violation.field}: ${violation.message}` };
  }
  for (const { account, field, code } of accountsIn(operation.accountFields, body)) {
    if (!store.accounts.has(account)) return { code, detail: `${field}: account ${account} is not imported` };
  }
  return { body };
}
