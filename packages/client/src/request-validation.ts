// The client refuses to send what the server would reject, with the checks the spec defines: JSON Schema
// validators generated from the spec (a small interpreter of the schema keywords it uses; no Ajv in the bundle), the spec's
// cross-field rules (`x-timkit-rules`), and the documented body size limit (`x-timkit-max-body-bytes`).
import {
  firstRuleViolation,
  type OperationId,
  operationTable,
  type RequestValidationError,
  type RequestValidator,
  requestValidators,
  valuesAt,
} from "@timkit/spec";
import { TimValidationError } from "./tim-errors.js";
import { describeValue } from "./value-description.js";

// Typed as a complete record so that an operation without a generated validator fails to compile.
const validators: Record<OperationId, RequestValidator<unknown>> = requestValidators;

/**
 * The UTF-8 length of a string, counted without encoding it: what TextEncoder (and so `fetch`) would send.
 *
 * @example
 * utf8ByteLength("é") // → 2
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 2 code units, 4 bytes
      i++;
    } else bytes += 2; // 3 bytes, a lone surrogate included (sent as U+FFFD)
  }
  return bytes;
}

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
    if (!validator(body)) throw schemaError(operation, body, validator.errors?.[0]);
    const violation = firstRuleViolation(info.rules, body);
    if (violation) {
      const [expected] = valuesAt(body, violation.expected);
      throw new TimValidationError({
        operation,
        field: violation.field,
        expected: `equal to ${violation.expected} (${describeValue(expected?.value)})`,
        received: describeValue(valueAt(body, locationSteps(violation.field))),
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

/** What each JSON Schema keyword wants, worded to follow "must be"; others fall back to Ajv's own message. */
type KeywordParams = { type: string; limit: number; missingProperty: string };

const keywordExpectations: Record<string, (params: KeywordParams) => string> = {
  required: () => "present (a required field)",
  type: ({ type }) => (/^[aeiou]/.test(type) ? "an " : "a ") + type,
  minLength: ({ limit }) => `at least ${limit} character${limit === 1 ? "" : "s"} long`,
  maxLength: ({ limit }) => `at most ${limit} characters long`,
  "x-timkit-max-bytes": ({ limit }) => `at most ${limit} bytes of UTF-8`,
  minItems: ({ limit }) => `a list of at least ${limit} item${limit === 1 ? "" : "s"}`,
  maxItems: ({ limit }) => `a list of at most ${limit} items`,
};

function schemaError(
  operation: OperationId,
  body: unknown,
  error: RequestValidationError | undefined,
): TimValidationError {
  const steps = pointerSteps(error?.instancePath ?? "");
  const params = (error?.params ?? {}) as KeywordParams;
  const keyword = error?.keyword ?? "schema";
  const missing = keyword === "required";
  if (missing) steps.push(params.missingProperty);
  return new TimValidationError({
    operation,
    field: fieldName(steps),
    expected:
      keywordExpectations[keyword]?.(params) ?? `valid (the spec says it ${error?.message ?? "is not"})`,
    received: missing ? undefined : describeValue(valueAt(body, steps)),
    rule: keyword,
  });
}

/** JSON-pointer steps of Ajv's `instancePath`. */
function pointerSteps(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Steps of a location such as `C2CMsgInfo[0].From_Account`. */
function locationSteps(location: string): string[] {
  return location.split(/\.|(?=\[)/).map((step) => step.replace(/^\[(\d+)\]$/, "$1"));
}

/** `["C2CMsgInfo", "0", "From_Account"]` → `C2CMsgInfo[0].From_Account`. */
function fieldName(steps: string[]): string {
  let name = "";
  for (const step of steps) name += /^\d+$/.test(step) ? `[${step}]` : name ? `.${step}` : step;
  return name || "body";
}

function valueAt(body: unknown, steps: string[]): unknown {
  let value = body;
  for (const step of steps) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}
