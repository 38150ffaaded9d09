// What a request-validator error means to a person and to the server: which field, what the spec wants
// there, and the code the server answers (the spec's `x-timkit-codes`). Shared by the client, which
// refuses to send such a body, and the mock, which answers it as Tencent would.
import type { OperationInfo } from "../generated/operation-table";
import type { RequestValidationError } from "../generated/request-validators.js";

/** One problem of a body, located and worded. */
export interface SchemaProblem {
  /** Where, e.g. `C2CMsgInfo[0].MsgKey`, or `body` for the body as a whole. */
  readonly field: string;
  /** The field's path in the spec's notation, e.g. `C2CMsgInfo[].MsgKey` (`""` for the body). */
  readonly path: string;
  /** The JSON Schema keyword that failed (`required`, `type`, `maxLength`, `x-timkit-max-bytes`, …). */
  readonly keyword: string;
  /** What the spec wants there, worded to follow "must be": `a string`, `at most 32 bytes of UTF-8`. */
  readonly expected: string;
  /** Whether the body has a value there (a missing required field has none). */
  readonly present: boolean;
  /** The value found there, when present. */
  readonly value: unknown;
}

type Params = Record<string, unknown>;

const article = (type: string) =>
  type === "null" ? "null" : `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
const plural = (count: unknown, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
const comparisons: Record<string, string> = {
  "<=": "at most",
  ">=": "at least",
  "<": "less than",
  ">": "greater than",
};

const wordings: Record<string, (params: Params) => string> = {
  required: () => "present (a required field)",
  type: ({ type }) => (Array.isArray(type) ? type : String(type).split(",")).map(article).join(" or "),
  const: ({ allowedValue }) => `equal to ${JSON.stringify(allowedValue)}`,
  enum: ({ allowedValues }) =>
    `one of ${(allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}`,
  minimum: ({ comparison, limit }) => `${comparisons[String(comparison)]} ${limit}`,
  maximum: ({ comparison, limit }) => `${comparisons[String(comparison)]} ${limit}`,
  exclusiveMinimum: ({ comparison, limit }) => `${comparisons[String(comparison)]} ${limit}`,
  exclusiveMaximum: ({ comparison, limit }) => `${comparisons[String(comparison)]} ${limit}`,
  multipleOf: ({ multipleOf }) => `a multiple of ${multipleOf}`,
  minLength: ({ limit }) => `at least ${plural(limit, "character")} long`,
  maxLength: ({ limit }) => `at most ${plural(limit, "character")} long`,
  "x-timkit-max-bytes": ({ limit }) => `at most ${limit} bytes of UTF-8`,
  pattern: ({ pattern }) => `a string matching ${pattern}`,
  minItems: ({ limit }) => `a list of at least ${plural(limit, "item")}`,
  maxItems: ({ limit }) => `a list of at most ${plural(limit, "item")}`,
  uniqueItems: () => "a list without duplicates",
  contains: ({ minContains, maxContains }) =>
    maxContains !== undefined
      ? `a list with at most ${maxContains} of the items its description limits${minContains ? ` and at least ${minContains}` : ""}`
      : `a list with at least ${minContains ?? 1} of the items its description asks for`,
  additionalProperties: () => "absent (the spec defines no such field)",
  minProperties: ({ limit }) => `an object with at least ${plural(limit, "field")}`,
  maxProperties: ({ limit }) => `an object with at most ${plural(limit, "field")}`,
  oneOf: () => "exactly one of the forms the spec allows",
  anyOf: () => "one of the forms the spec allows",
  not: () => "not of the form the spec forbids",
  discriminator: ({ error, tag }) =>
    error === "tag"
      ? `an object whose "${tag}" is a string`
      : `an object whose "${tag}" is one the spec defines`,
};

/**
 * The error that says what went wrong: the first, unless it is a branch's complaint inside a `oneOf` or
 * `anyOf` that failed as a whole ("give Accounts or AccountList"): then that choice.
 */
function telling(errors: readonly RequestValidationError[]): RequestValidationError | undefined {
  const [first] = errors;
  if (!first) return undefined;
  const choice = errors.find(
    (error) =>
      (error.keyword === "oneOf" || error.keyword === "anyOf") &&
      first.schemaPath.startsWith(`${error.schemaPath}/`),
  );
  return choice ?? first;
}

/**
 * Locates and words the problem a request validator found.
 *
 * @example
 * requestValidators.c2cMsgReadReceipt(body) || schemaProblem(body, requestValidators.c2cMsgReadReceipt.errors)
 * // → { field: "C2CMsgInfo[0].MsgKey", path: "C2CMsgInfo[].MsgKey", keyword: "type", expected: "a string", … }
 */
export function schemaProblem(
  body: unknown,
  errors: readonly RequestValidationError[] | null | undefined,
): SchemaProblem {
  const error = telling(errors ?? []);
  const keyword = error?.keyword ?? "schema";
  const params = error?.params ?? {};
  const steps = (error?.instancePath ?? "")
    .split("/")
    .slice(1)
    .map((step) => step.replace(/~1/g, "/").replace(/~0/g, "~"));
  const named =
    keyword === "required"
      ? params.missingProperty
      : keyword === "additionalProperties"
        ? params.additionalProperty
        : undefined;
  if (typeof named === "string") steps.push(named);
  let field = "";
  let path = "";
  let value: unknown = body;
  let present = true;
  for (const step of steps) {
    const inArray = Array.isArray(value);
    field += inArray ? `[${step}]` : field ? `.${step}` : step;
    path += inArray ? "[]" : path ? `.${step}` : step;
    present = value !== null && typeof value === "object" && Object.hasOwn(value, step);
    value = present ? (value as Record<string, unknown>)[step] : undefined;
  }
  return {
    field: field || "body",
    path,
    keyword,
    expected: wordings[keyword]?.(params) ?? `valid (the spec's "${keyword}" rule)`,
    present,
    value: present ? value : undefined,
  };
}

/**
 * The code the server answers for a schema problem: the field's code for that keyword, else the nearest
 * `invalid` code of the field or of a field it is inside, else the operation's `bodyInvalid`.
 *
 * @example
 * schemaProblemCode(operationTable.sendmsg, problem) // → 90005 for a MsgRandom that is not an integer
 */
export function schemaProblemCode(operation: OperationInfo, problem: SchemaProblem): number {
  const { fieldCodes } = operation;
  const exact = fieldCodes[problem.path]?.[problem.keyword];
  if (exact !== undefined) return exact;
  // A missing or extra field is located at its own path, so its own `invalid` applies first.
  let path = problem.path;
  for (;;) {
    const invalid = fieldCodes[path]?.invalid;
    if (invalid !== undefined) return invalid;
    if (path === "") return operation.codes.bodyInvalid;
    path = parentPath(path);
  }
}

/** `MsgBody[].MsgContent.Text` → `MsgBody[].MsgContent`; `MsgBody[]` → `MsgBody`; `MsgBody` → `""`. */
function parentPath(path: string): string {
  if (path.endsWith("[]")) return path.slice(0, -2);
  const dot = path.lastIndexOf(".");
  return dot === -1 ? "" : path.slice(0, dot);
}
