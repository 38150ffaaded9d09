// The client refuses to send what the server would reject, with the checks the spec defines: the request
// validators Ajv compiled from the spec, the spec's cross-field rules (`x-timkit-rules`) and the documented
// body size limit (`x-timkit-max-body-bytes`). Problems are located and worded by `@timkit/spec`, as the
// mock words them.
import {
  firstRuleViolation,
  type OperationId,
  operationTable,
  type RequestValidator,
  requestValidators,
  schemaProblem,
  utf8ByteLength,
} from "@timkit/spec";
import { TimValidationError } from "./tim-errors.js";
import { describeValue } from "./value-description.js";

// Typed as a complete record so that an operation without a generated validator fails to compile.
const validators: Record<OperationId, RequestValidator<unknown>> = requestValidators;

/**
 * The JSON to send for `body`, after checking it against the operation's schema, cross-field rules and
 * size limit (unless `validate` is false).
 *
 * @throws {TimValidationError} naming the first field that breaks the spec and what it should be.
 *
 * @example
 * serializeRequestBody("c2cMsgReadReceipt", { Operator_Account: "bob" }, true)
 * // throws TimValidationError: c2cMsgReadReceipt: Peer_Account must be present (a required field). Nothing was sent.
 */
export function serializeRequestBody(operation: OperationId, body: unknown, validate: boolean): string {
  const info = operationTable[operation];
  if (validate) {
    const validator = validators[operation];
    if (!validator(body)) {
      const problem = schemaProblem(body, validator.errors);
      throw new TimValidationError({
        operation,
        field: problem.field,
        expected: problem.expected,
        received: problem.present ? describeValue(problem.value) : undefined,
        rule: problem.keyword,
      });
    }
    const violation = firstRuleViolation(info.rules, body);
    if (violation) {
      throw new TimValidationError({
        operation,
        field: violation.field,
        expected: `equal to ${violation.expected} (${describeValue(violation.expectedValue)})`,
        received: describeValue(violation.value),
        rule: "equals",
      });
    }
  }
  // Tencent rejects an empty body: a command without fields still gets `{}`.
  const json = JSON.stringify(body) ?? "{}";
  const limit = info.maxBodyBytes;
  // A UTF-16 code unit is at most 3 UTF-8 bytes, so short bodies skip the exact count.
  if (validate && limit !== null && json.length * 3 > limit) {
    const bytes = utf8ByteLength(json);
    if (bytes > limit) {
      throw new TimValidationError({
        operation,
        field: "body",
        expected: `at most ${limit} bytes of JSON (the operation's documented limit)`,
        received: `${bytes} bytes`,
        rule: "maxBodyBytes",
      });
    }
  }
  return json;
}
