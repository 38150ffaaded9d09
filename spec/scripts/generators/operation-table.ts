// The operation table: for every operation, what the spec declares beyond its types (path, limits, rules,
// account fields, and which code answers which mistake), checked here so that a declaration the mock or
// the client could not honour stops generation with the place named.
import {
  type CodeDeclarations,
  commandOf,
  errorCodeSchemaNames,
  type JsonSchema,
  listOperations,
  type OpenApiDocument,
  type Operation,
  operationIdOf,
  type RuleDeclaration,
  requestMedia,
  resolve,
  schemaName,
} from "../../src/openapi-document.ts";
import { generatedHeader } from "../generated-header.ts";

/** What a request-body property's `x-timkit-codes` may name besides JSON Schema keywords. */
const fieldOutcomes = ["invalid", "unknownAccount"];

// The keywords an error can carry (Ajv's, for the JSON Schema 2020-12 vocabularies and ours): a field code
// keyed by anything else could never be chosen.
const schemaKeywords = [
  "type",
  "required",
  "const",
  "enum",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "uniqueItems",
  "contains",
  "minProperties",
  "maxProperties",
  "additionalProperties",
  "propertyNames",
  "dependentRequired",
  "oneOf",
  "anyOf",
  "not",
  "discriminator",
  "unevaluatedProperties",
  "unevaluatedItems",
  "x-timkit-max-bytes",
];

const codeName = /^[a-z][A-Za-z0-9]*$/;

/** The codes of one field, by keyword or outcome, and where they were declared; the keywords its schemas use. */
interface DeclaredFieldCodes {
  codes: Record<string, number>;
  where: Record<string, string>;
  keywords: Set<string>;
}

/**
 * Every field path of a request schema (`C2CMsgInfo[].MsgKey`; `[]` steps into array items), with the
 * `x-timkit-codes` declared on it, following references and the branches of allOf, anyOf and oneOf.
 */
export function requestFields(
  document: OpenApiDocument,
  root: JsonSchema,
  where: string,
): Map<string, DeclaredFieldCodes> {
  const fields = new Map<string, DeclaredFieldCodes>();
  const seen = new Set<string>();
  const field = (path: string) => {
    const entry = fields.get(path) ?? { codes: {}, where: {}, keywords: new Set<string>() };
    fields.set(path, entry);
    return entry;
  };
  const visit = (schema: JsonSchema, path: string, place: string): void => {
    if (path !== "") for (const keyword of Object.keys(schema)) field(path).keywords.add(keyword);
    for (const name of schema.required ?? []) field(path ? `${path}.${name}` : name).keywords.add("required");
    const declared = schema["x-timkit-codes"] as CodeDeclarations | undefined;
    if (declared !== undefined) {
      if (path === "")
        throw new Error(`${place}: x-timkit-codes on a whole request body belongs on the operation`);
      const entry = field(path);
      for (const [key, code] of Object.entries(declared)) {
        if (!schemaKeywords.includes(key) && !fieldOutcomes.includes(key)) {
          throw new Error(
            `${place}/x-timkit-codes: "${key}" is neither a JSON Schema keyword nor one of ${fieldOutcomes.join(", ")}`,
          );
        }
        if (!Number.isInteger(code))
          throw new Error(`${place}/x-timkit-codes/${key}: ${JSON.stringify(code)} is not a code`);
        const known = entry.codes[key];
        if (known !== undefined && known !== code) {
          throw new Error(
            `${path}: "${key}" answers ${known} at ${entry.where[key]} but ${code} at ${place}: one field, one code`,
          );
        }
        entry.codes[key] = code;
        entry.where[key] = place;
      }
    }
    if (schema.$ref !== undefined) {
      const name = schemaName(schema.$ref);
      if (!name) throw new Error(`${place}: unsupported reference ${schema.$ref}`);
      const key = `${name}\u0000${path}`;
      if (seen.has(key)) return;
      seen.add(key);
      visit(resolve(document, schema), path, `#/components/schemas/${name}`);
    }
    for (const keyword of ["allOf", "anyOf", "oneOf"] as const) {
      for (const [i, branch] of (schema[keyword] ?? []).entries())
        visit(branch, path, `${place}/${keyword}/${i}`);
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const child = path ? `${path}.${name}` : name;
      field(child);
      visit(property, child, `${place}/properties/${name}`);
    }
    if (schema.items) visit(schema.items, `${path}[]`, `${place}/items`);
  };
  visit(root, "", where);
  return fields;
}

/** The codes an operation answers, its own and the common ones, from its ErrorCode schemas: codes and ranges. */
function documentedCodes(
  document: OpenApiDocument,
  operation: Operation,
): { codes: number[]; ranges: number[][] } {
  const entries = errorCodeSchemaNames(document, operation).flatMap(
    (name) => document.components.schemas[name]?.oneOf ?? [],
  );
  const codes = entries.filter((entry) => entry.const !== undefined).map((entry) => entry.const as number);
  const ranges = entries
    .filter((entry) => entry.const === undefined)
    .map((entry) => [entry.minimum as number, entry.maximum as number]);
  return { codes: [...new Set(codes)].sort((a, b) => a - b), ranges };
}

function checkCodes(
  declared: unknown,
  place: string,
  allowNew: boolean,
  known: readonly string[],
): CodeDeclarations {
  if (declared === undefined) return {};
  if (declared === null || typeof declared !== "object" || Array.isArray(declared)) {
    throw new Error(`${place}/x-timkit-codes must map names to codes`);
  }
  for (const [name, code] of Object.entries(declared)) {
    if (!codeName.test(name)) throw new Error(`${place}/x-timkit-codes: "${name}" is not a camelCase name`);
    if (!allowNew && !known.includes(name))
      throw new Error(`${place}/x-timkit-codes: unknown mistake "${name}"`);
    if (!Number.isInteger(code))
      throw new Error(`${place}/x-timkit-codes/${name}: ${JSON.stringify(code)} is not a code`);
  }
  return declared as CodeDeclarations;
}

/** One operation's row of the table, every declaration checked. */
export function operationRow(document: OpenApiDocument, path: string, method: string, operation: Operation) {
  const { operationId } = operation;
  const place = `paths/${path}/${method}`;
  const { service, command } = commandOf(path);
  if (operationId !== operationIdOf(command)) {
    throw new Error(
      `${place}: the operationId of ${command} must be ${operationIdOf(command)}, not ${operationId}`,
    );
  }
  const rateLimit = operation["x-timkit-rate-limit"];
  if (!Number.isSafeInteger(rateLimit) || (rateLimit as number) <= 0) {
    throw new Error(
      `${place}: x-timkit-rate-limit must be the documented calls per second, a positive integer`,
    );
  }
  const limit = (name: "x-timkit-max-body-bytes" | "x-timkit-max-answer-bytes") => {
    const bytes = operation[name] ?? null;
    if (bytes !== null && !(Number.isSafeInteger(bytes) && bytes > 0)) {
      throw new Error(`${place}: ${name} must be a positive integer`);
    }
    return bytes;
  };
  const maxBodyBytes = limit("x-timkit-max-body-bytes");
  const limits = operation["x-timkit-limits"] ?? {};
  for (const [name, value] of Object.entries(limits)) {
    if (!codeName.test(name) || !(typeof value === "number" && value > 0)) {
      throw new Error(`${place}/x-timkit-limits/${name}: a limit is a camelCase name and a positive number`);
    }
  }
  const maxAnswerBytes = limit("x-timkit-max-answer-bytes");
  const { codes: errorCodes, ranges: errorCodeRanges } = documentedCodes(document, operation);
  const answerable = (code: number, where: string) => {
    if (
      !errorCodes.includes(code) &&
      !errorCodeRanges.some(([min = 0, max = 0]) => code >= min && code <= max)
    ) {
      throw new Error(`${where}: the mock would answer ${code}, which ${operationId} does not document`);
    }
  };

  const common = checkCodes(document["x-timkit-codes"], "#", true, []);
  const own = checkCodes(operation["x-timkit-codes"], place, true, Object.keys(common));
  const codes = { ...common, ...own };
  for (const [name, code] of Object.entries(codes)) {
    answerable(
      code,
      Object.hasOwn(own, name) ? `${place}/x-timkit-codes/${name}` : `#/x-timkit-codes/${name}`,
    );
  }

  const schemaRef = requestMedia(document, operation)?.schema;
  if (!schemaRef)
    throw new Error(`${place}: every command takes a JSON body (send {} when it has no fields)`);
  const bodyName = schemaName(schemaRef.$ref) ?? "(inline)";
  const body = resolve(document, schemaRef);
  const bodyPlace = `#/components/schemas/${bodyName}`;
  const fields = requestFields(document, schemaRef, place);
  const fieldCodes: Record<string, Record<string, number>> = {};
  for (const [field, declared] of fields) {
    for (const [key, code] of Object.entries(declared.codes)) {
      const where = `${declared.where[key]}/x-timkit-codes/${key}`;
      answerable(code, where);
      // A code for a keyword the field's schemas do not use could never be chosen.
      if (!fieldOutcomes.includes(key) && !declared.keywords.has(key)) {
        throw new Error(`${where}: ${field} has no "${key}" to fail, so this code could never be answered`);
      }
    }
    if (Object.keys(declared.codes).length > 0) fieldCodes[field] = declared.codes;
  }
  const knownField = (field: unknown, where: string): string => {
    if (typeof field !== "string" || !fields.has(field)) {
      throw new Error(`${where}: ${JSON.stringify(field)} names no field of ${bodyName}`);
    }
    return field;
  };

  const rules = ((body["x-timkit-rules"] ?? []) as RuleDeclaration[]).map((rule, i) => {
    const where = `${bodyPlace}/x-timkit-rules/${i}`;
    const extra = Object.keys(rule).filter((key) => !["field", "equals", "message", "code"].includes(key));
    if (extra.length > 0) throw new Error(`${where}: unknown key ${extra[0]}`);
    if (typeof rule.message !== "string" || rule.message === "")
      throw new Error(`${where}: a rule needs a message`);
    const code = rule.code ?? codes.ruleViolated;
    if (code === undefined)
      throw new Error(`${where}: no code for it (give one, or ruleViolated in x-timkit-codes)`);
    answerable(code, where);
    return {
      field: knownField(rule.field, `${where}/field`),
      equals: knownField(rule.equals, `${where}/equals`),
      message: rule.message,
      code,
    };
  });

  const accountFields = ((body["x-timkit-accounts"] ?? []) as string[]).map((field, i) => {
    const where = `${bodyPlace}/x-timkit-accounts/${i}`;
    const code = fieldCodes[knownField(field, where)]?.unknownAccount ?? codes.accountNotImported;
    if (code === undefined) throw new Error(`${where}: no code for an unknown account`);
    return { field, code };
  });

  return {
    operationId,
    method: method.toUpperCase(),
    path,
    service,
    command,
    summary: operation.summary ?? "",
    tags: operation.tags ?? [],
    maxBodyBytes,
    maxAnswerBytes,
    limits,
    rateLimitPerSecond: rateLimit as number,
    rules,
    accountFields,
    fieldCodes,
    codes: own,
    errorCodes,
    errorCodeRanges,
  };
}

/** operationId → path, limits, rules, account fields, field codes and the codes for each mistake. */
export function generateOperationTable(document: OpenApiDocument): string {
  const common = checkCodes(document["x-timkit-codes"], "#", true, []);
  const rows = listOperations(document).map(({ path, method, operation }) => {
    const { codes, ...row } = operationRow(document, path, method, operation);
    const ownCodes = Object.entries(codes).map(([name, code]) => `, ${name}: ${code}`);
    return `  ${operation.operationId}: { ${JSON.stringify(row).slice(1, -1)}, codes: { ...commonCodes${ownCodes.join("")} } },`;
  });
  return `${generatedHeader("operation-table.ts")}
/**
 * A cross-field rule of a request body: every value at \`field\` must equal the value at \`equals\`, else
 * the server answers \`code\`. Paths are dot-separated; \`[]\` steps into every item of an array.
 */
export interface FieldRule {
  readonly field: string;
  readonly equals: string;
  readonly message: string;
  readonly code: number;
}

/** A body field that holds a UserID which must have been imported, and the code when it was not. */
export interface AccountField {
  readonly field: string;
  readonly code: number;
}

/**
 * The code for each kind of mistake every command shares (\`x-timkit-codes\` of the document), by name:
 * what the mock answers, and what the client recognises (an expired UserSig, say).
 */
export const commonCodes = ${JSON.stringify(common, null, 2)} as const;

/** The names of the mistakes every command shares. */
export type CommonMistake = keyof typeof commonCodes;

/** What the spec says about one operation beyond its types. */
export interface OperationInfo {
  readonly operationId: string;
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH";
  readonly path: string;
  /** The service and command of the path: \`/v4/{service}/{command}\`. */
  readonly service: string;
  readonly command: string;
  readonly summary: string;
  readonly tags: readonly string[];
  /** The documented limit of the JSON body in bytes, or null when none is documented. */
  readonly maxBodyBytes: number | null;
  /** The documented limit of a successful answer in bytes (\`x-timkit-max-answer-bytes\`), or null. */
  readonly maxAnswerBytes: number | null;
  /** Other documented limits of the command's behaviour, by name (\`x-timkit-limits\`), such as a time window. */
  readonly limits: Readonly<Record<string, number>>;
  /** Calls per second per SDKAppID Tencent allows (\`x-timkit-rate-limit\`). */
  readonly rateLimitPerSecond: number;
  readonly rules: readonly FieldRule[];
  readonly accountFields: readonly AccountField[];
  /**
   * Codes declared on body fields (\`x-timkit-codes\` of a property), by field path and then by JSON Schema
   * keyword, \`invalid\` (any mistake at or inside the field) or \`unknownAccount\`.
   */
  readonly fieldCodes: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The code for each mistake: the common ones, overridden or extended by the operation's own. */
  readonly codes: Readonly<Record<CommonMistake, number>> & Readonly<Record<string, number>>;
  /** Every code this operation can answer, common codes included. */
  readonly errorCodes: readonly number[];
  /** Ranges of codes it can answer too, \`[first, last]\` (a before-send callback's own codes, say). */
  readonly errorCodeRanges: readonly (readonly [number, number])[];
}

/** Every operation of the API, keyed by operationId. */
export const operationTable = {
${rows.join("\n")}
} as const satisfies Record<string, OperationInfo>;

/** An operationId, such as "c2cMsgReadReceipt". */
export type OperationId = keyof typeof operationTable;
`;
}
