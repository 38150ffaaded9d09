import {
  accountsIn,
  firstRuleViolation,
  type OperationId,
  operationTable,
  type RequestValidator,
  requestValidators,
} from "@timkit/spec";
import type { MistakeCodes, Rejection } from "./mistake-codes.js";
import type { TimMockStore } from "./mock-store.js";
import type { RequestBodyOf } from "./operation-behaviour.js";

/** A body that passed every check, or the code to answer and a short note saying what was wrong. */
export type BodyCheck<Id extends OperationId> = { readonly body: RequestBodyOf<Id> } | Rejection;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks a body already read within the size limit, in the server's order: UTF-8 JSON, then the
 * operation's schema (the validators generated from the spec), then its cross-field rules
 * (`x-timkit-rules`), then that every account it names is imported (`x-timkit-accounts`).
 *
 * @example
 * const checked = checkBody("c2cMsgReadReceipt", bytes, store, codes);
 * if ("code" in checked) return fail(checked.code);
 */
export function checkBody<Id extends OperationId>(
  operationId: Id,
  bytes: Uint8Array,
  store: TimMockStore,
  codes: MistakeCodes,
): BodyCheck<Id> {
  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(bytes));
  } catch {
    return { code: codes.bodyNotJson, detail: "the body is not UTF-8 JSON" };
  }
  const validate = requestValidators[operationId] as RequestValidator<RequestBodyOf<Id>>;
  if (!validate(body)) {
    const [problem] = validate.errors ?? [];
    const where = problem?.instancePath || "the body";
    return { code: codes.bodyInvalid, detail: `${where} ${problem?.message ?? "does not match the schema"}` };
  }
  const operation = operationTable[operationId];
  const violation = firstRuleViolation(operation.rules, body);
  if (violation) return { code: codes.ruleViolated, detail: `${violation.field}: ${violation.message}` };
  for (const account of accountsIn(operation.accountFields, body)) {
    if (!store.hasAccount(account))
      return { code: codes.accountNotImported, detail: `account ${account} is not imported` };
  }
  return { body };
}
