import {
  generatedHeader,
  type JsonSchema,
  listOperations,
  type OpenApiDocument,
  requestSchemaName,
} from "../openapi-document.ts";

// Keywords that describe rather than constrain: dropped so the validators stay small.
const descriptive = new Set(["description", "title", "example", "examples", "discriminator"]);

// Extensions that constrain: `x-timkit-max-bytes` bounds a string's UTF-8 length (UserIDs are limited in bytes).
const validatingExtensions = new Set(["x-timkit-max-bytes"]);

/** A schema without its descriptive keywords and descriptive `x-` extensions: what a validator checks. */
export function validationOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(validationOnly);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !descriptive.has(key) && (!key.startsWith("x-") || validatingExtensions.has(key)))
      .map(([key, entry]) => [key, validationOnly(entry)]),
  );
}

const refPrefix = "#/components/schemas/";

/**
 * The JSON Schema 2020-12 keywords the runtime below implements. A request schema that uses any other one
 * (or a `type` outside `supportedTypes`) stops generation, so nothing is ever silently left unchecked.
 */
const supportedKeywords = new Set([
  "type",
  "required",
  "properties",
  "items",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "x-timkit-max-bytes",
]);
const supportedTypes = new Set(["string", "object", "array"]);

/**
 * The schema in the runtime's compact form: `$ref` as a bare component name, `properties` as
 * `[name, schema]` pairs (so property order, which decides the first error, survives integer-like names).
 */
function compact(schema: JsonSchema, where: string, referenced: Set<string>): unknown {
  if (schema.$ref !== undefined) {
    if (Object.keys(schema).length > 1 || !schema.$ref.startsWith(refPrefix)) {
      throw new Error(`${where}: only a bare local $ref is supported by the request validators`);
    }
    const name = schema.$ref.slice(refPrefix.length);
    referenced.add(name);
    return { $ref: name };
  }
  const result: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (!supportedKeywords.has(keyword)) {
      throw new Error(`${where}: the request validators do not implement the keyword "${keyword}"`);
    }
    if (keyword === "type" && !supportedTypes.has(value as string)) {
      throw new Error(`${where}: the request validators do not implement type ${JSON.stringify(value)}`);
    }
    if (keyword === "properties") {
      result.properties = Object.entries(value as Record<string, JsonSchema>).map(([name, entry]) => [
        name,
        compact(entry, `${where}/properties/${name}`, referenced),
      ]);
    } else if (keyword === "items") {
      if (Array.isArray(value) || typeof value !== "object")
        throw new Error(`${where}: items must be a schema`);
      result.items = compact(value as JsonSchema, `${where}/items`, referenced);
    } else if (keyword === "x-timkit-max-bytes") result.maxBytes = value;
    else result[keyword] = value;
  }
  return result;
}

// The runtime: walks a compact schema in Ajv's keyword order (type; maxLength, minLength; maxItems,
// minItems; items; required; properties) and returns the first problem in Ajv's error shape and wording,
// or undefined. Lengths count UTF-16 code units, as Ajv's \`unicode: false\` does. A valid body allocates
// nothing: an error's instancePath is built on the way back up, only when there is an error.
const runtime = `const fail = (keyword, params, message) => ({ instancePath: "", keyword, params, message });
// Per JSON type: the keyword bounding its length from above, from below, and what the length counts.
const bounds = { string: ["maxLength", "minLength", "characters"], array: ["maxItems", "minItems", "items"] };

// UTF-8 length as TextEncoder counts it: a lone surrogate becomes U+FFFD, three bytes.
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function inside(error, step) {
  if (error) error.instancePath = \`/\${String(step).replace(/~/g, "~0").replace(/\\//g, "~1")}\${error.instancePath}\`;
  return error;
}

function check(schema, data) {
  if (schema.$ref) return check(schemas[schema.$ref], data);
  const type = Array.isArray(data) ? "array" : data === null ? "null" : typeof data;
  if (schema.type && schema.type !== type) return fail("type", { type: schema.type }, \`must be \${schema.type}\`);
  const bound = bounds[type];
  if (bound) {
    const [max, min, noun] = bound;
    if (data.length > schema[max]) return fail(max, { limit: schema[max] }, \`must NOT have more than \${schema[max]} \${noun}\`);
    if (data.length < schema[min]) return fail(min, { limit: schema[min] }, \`must NOT have fewer than \${schema[min]} \${noun}\`);
  }
  if (type === "string" && schema.maxBytes !== undefined && utf8Length(data) > schema.maxBytes) {
    return fail("x-timkit-max-bytes", { limit: schema.maxBytes }, \`must NOT have more than \${schema.maxBytes} bytes\`);
  }
  if (type === "array" && schema.items) {
    for (let i = 0; i < data.length; i++) {
      const error = inside(check(schema.items, data[i]), i);
      if (error) return error;
    }
  }
  if (type !== "object") return undefined;
  for (const name of schema.required ?? []) {
    if (data[name] === undefined) return fail("required", { missingProperty: name }, \`must have required property '\${name}'\`);
  }
  for (const [name, property] of schema.properties ?? []) {
    const error = data[name] !== undefined && inside(check(property, data[name]), name);
    if (error) return error;
  }
  return undefined;
}

function validator(name) {
  const validate = (data) => {
    const error = check(schemas[name], data);
    validate.errors = error ? [error] : null;
    return !error;
  };
  return validate;
}
`;

/**
 * One validator per operation's request body. The request schemas use a handful of JSON Schema keywords,
 * so instead of shipping Ajv's compiled code (about 9 kB for one operation) the generator emits the
 * schemas in a compact form and a small interpreter of exactly those keywords, with Ajv's error shape.
 * The spec tests compare it with Ajv 2020 on a corpus of bodies.
 */
export function generateRequestValidators(document: OpenApiDocument): { js: string; dts: string } {
  const exports: Record<string, string> = {};
  for (const { operation } of listOperations(document)) {
    const name = requestSchemaName(operation);
    if (name) exports[operation.operationId] = name;
  }
  const schemas: Record<string, unknown> = {};
  const pending = new Set(Object.values(exports));
  for (const name of pending) {
    const schema = document.components.schemas[name];
    if (!schema) throw new Error(`unresolved schema reference ${refPrefix}${name}`);
    schemas[name] = compact(validationOnly(schema) as JsonSchema, `${refPrefix}${name}`, pending);
  }
  const lines = Object.entries(schemas).map(
    ([name, schema]) => `  ${JSON.stringify(name)}: ${JSON.stringify(schema)},`,
  );
  const validators = Object.entries(exports).map(
    ([operationId, name]) => `export const ${operationId} = validator(${JSON.stringify(name)});`,
  );
  const declarations = Object.entries(exports).map(
    ([operationId, name]) =>
      `export declare const ${operationId}: RequestValidator<components["schemas"][${JSON.stringify(name)}]>;`,
  );
  return {
    js: `${generatedHeader("request-validators.ts")}
const schemas = {
${lines.join("\n")}
};

${runtime}
${validators.join("\n")}
`,
    dts: `${generatedHeader("request-validators.ts")}import type { components } from "./schema.js";

/** One problem found in a body, in Ajv's standard error shape and wording. */
export interface RequestValidationError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** A request-body validator: a type guard that keeps its first problem in \`errors\`. */
export interface RequestValidator<Body> {
  (body: unknown): body is Body;
  errors?: RequestValidationError[] | null;
}

${declarations.join("\n")}
`,
  };
}
