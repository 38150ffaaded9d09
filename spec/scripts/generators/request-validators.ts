import {
  generatedHeader,
  type JsonSchema,
  listOperations,
  type OpenApiDocument,
  requestSchemaName,
} from "../openapi-document.ts";

// Keywords that describe rather than constrain: dropped so the validators stay small. (`discriminator` is
// kept: it decides which branch of a `oneOf` a body is checked against, and so which error it gets.)
const descriptive = new Set(["description", "title", "example", "examples"]);

// Extensions that constrain: `x-timkit-max-bytes` bounds a string's UTF-8 length (UserIDs are limited in bytes).
const validatingExtensions = new Set(["x-timkit-max-bytes"]);

/**
 * A schema without its descriptive keywords and descriptive `x-` extensions: what a validator checks. Only
 * keyword positions are filtered: a property may well be called `title` or `x-id`.
 */
function validationOnly(schema: unknown): unknown {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return schema;
  const result: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (descriptive.has(keyword) || (keyword.startsWith("x-") && !validatingExtensions.has(keyword)))
      continue;
    if (keyword === "properties" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      result[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, entry]) => [name, validationOnly(entry)]),
      );
    } else if (keyword === "items") result[keyword] = validationOnly(value);
    else if (keyword === "oneOf" && Array.isArray(value)) result[keyword] = value.map(validationOnly);
    else result[keyword] = value; // a keyword's own value: an enum list, a const, required names…
  }
  return result;
}

// OpenAPI's rule for component names; `__proto__` also matches it but would set an object literal's prototype.
const componentName = /^[A-Za-z0-9._-]+$/;
const isSafeName = (name: string) => name !== "__proto__";

/** Keyword values the runtime relies on the shape of: each is checked, so a typo cannot silently coerce. */
const valueChecks: Record<string, [(value: unknown) => boolean, string]> = {
  maxLength: [isCount, "a non-negative integer"],
  minLength: [isCount, "a non-negative integer"],
  maxItems: [isCount, "a non-negative integer"],
  minItems: [isCount, "a non-negative integer"],
  "x-timkit-max-bytes": [isCount, "a non-negative integer"],
  maximum: [Number.isFinite, "a finite number"],
  minimum: [Number.isFinite, "a finite number"],
  exclusiveMaximum: [Number.isFinite, "a finite number (OpenAPI 3.0's boolean form is not 3.1)"],
  exclusiveMinimum: [Number.isFinite, "a finite number (OpenAPI 3.0's boolean form is not 3.1)"],
  pattern: [(value) => typeof value === "string", "a string"],
  required: [
    (value) => Array.isArray(value) && value.every((name) => typeof name === "string" && isSafeName(name)),
    'a list of property names (not "__proto__")',
  ],
  properties: [
    (value) =>
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      !Object.hasOwn(value, "__proto__"),
    'an object of property schemas (no property "__proto__")',
  ],
  oneOf: [Array.isArray, "a list of schemas"],
};

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

const refPrefix = "#/components/schemas/";

// The JSON Schema 2020-12 keywords the runtime below implements, by the JSON type they apply to (Ajv's
// keyword groups; `any` applies to every type). A request schema that uses any other keyword, a `type`
// outside `supportedTypes`, or a keyword of another type's group stops generation, so nothing is ever
// silently left unchecked.
const keywordGroups = {
  any: ["type", "const", "enum", "oneOf"],
  number: ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"],
  string: ["maxLength", "minLength", "pattern", "x-timkit-max-bytes"],
  array: ["maxItems", "minItems", "items"],
  object: ["required", "properties", "discriminator"],
} as const;
type Group = keyof typeof keywordGroups;
const groupOf = new Map<string, Group>(
  Object.entries(keywordGroups).flatMap(([group, keywords]) => keywords.map((k) => [k, group as Group])),
);
const supportedTypes = new Set(["string", "object", "array", "integer", "number", "boolean", "null"]);

/** What parts of the runtime the compact schemas need; the generated file carries only those. */
type Feature = "numericType" | "number" | "pattern" | "maxBytes" | "const" | "enum" | "late" | "tag";

interface Compacting {
  document: OpenApiDocument;
  referenced: Set<string>;
  features: Set<Feature>;
}

const isPrimitive = (value: unknown) =>
  value === null || ["string", "number", "boolean"].includes(typeof value);

/**
 * The schema in the runtime's compact form: `$ref` as a bare component name, `properties` as
 * `[name, schema]` pairs (so property order, which decides the first error, survives integer-like names),
 * `x-timkit-max-bytes` as `maxBytes`, and a discriminated `oneOf` as `tag` plus `branches` (tag value →
 * component name).
 */
function compact(schema: JsonSchema, where: string, context: Compacting): unknown {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) {
    throw new Error(`${where}: a schema must be an object (boolean schemas are not supported)`);
  }
  if (schema.$ref !== undefined) {
    if (Object.keys(schema).length > 1 || !schema.$ref.startsWith(refPrefix)) {
      throw new Error(`${where}: only a bare local $ref is supported by the request validators`);
    }
    const name = schema.$ref.slice(refPrefix.length);
    if (!componentName.test(name) || !isSafeName(name)) {
      throw new Error(`${where}: ${JSON.stringify(name)} is not a component name the validators can use`);
    }
    context.referenced.add(name);
    return { $ref: name };
  }
  const type = schema.type as string | undefined;
  if (type !== undefined && !supportedTypes.has(type)) {
    throw new Error(`${where}: the request validators do not implement type ${JSON.stringify(type)}`);
  }
  if (type === "integer" || type === "number") context.features.add("numericType");
  const result: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    const group = groupOf.get(keyword);
    if (!group) throw new Error(`${where}: the request validators do not implement the keyword "${keyword}"`);
    const valueCheck = valueChecks[keyword];
    if (valueCheck && !valueCheck[0](value)) throw new Error(`${where}: ${keyword} must be ${valueCheck[1]}`);
    if (group !== "any" && type !== undefined && group !== (type === "integer" ? "number" : type)) {
      throw new Error(`${where}: "${keyword}" does not apply to type ${type}`);
    }
    if (group === "number") context.features.add("number");
    if (keyword === "properties") {
      result.properties = Object.entries(value as Record<string, JsonSchema>).map(([name, entry]) => [
        name,
        compact(entry, `${where}/properties/${name}`, context),
      ]);
    } else if (keyword === "items") {
      if (Array.isArray(value) || typeof value !== "object")
        throw new Error(`${where}: items must be a schema`);
      result.items = compact(value as JsonSchema, `${where}/items`, context);
    } else if (keyword === "x-timkit-max-bytes") {
      context.features.add("maxBytes");
      result.maxBytes = value;
    } else if (keyword === "const" || keyword === "enum") {
      const values = keyword === "const" ? [value] : value;
      if (!Array.isArray(values) || values.length === 0 || !values.every(isPrimitive)) {
        throw new Error(`${where}: ${keyword} must list strings, numbers, booleans or null`);
      }
      context.features.add(keyword);
      result[keyword] = value;
    } else if (keyword === "pattern") {
      new RegExp(value as string, "u"); // fails generation on a pattern no runtime could compile
      context.features.add("pattern");
      result.pattern = value;
    } else if (keyword === "oneOf") {
      Object.assign(result, discriminated(schema, where, context));
    } else if (keyword !== "discriminator") result[keyword] = value;
  }
  if (schema.discriminator !== undefined && schema.oneOf === undefined) {
    throw new Error(`${where}: discriminator needs a oneOf`);
  }
  // Ajv checks a single type up front, unless the schema has keywords of that type's group: then `const`
  // and `enum` run first and the type error comes after them. Only that case needs marking.
  const typeGroup = type === "integer" ? undefined : (type as Group | undefined);
  const hasTypeGroupKeywords = typeGroup && Object.keys(schema).some((k) => groupOf.get(k) === typeGroup);
  if (hasTypeGroupKeywords && (schema.const !== undefined || schema.enum !== undefined)) {
    context.features.add("late");
    result.late = 1;
  }
  return result;
}

/**
 * A `oneOf` the validators support: with a `discriminator` naming a string tag property, whose value in
 * each branch (a bare `$ref`) is a `const` or `enum` of strings. The body is checked against the branch
 * its tag names, so an error points into that branch (as Ajv's `discriminator` option does); a plain
 * `oneOf` would report every branch's first error instead.
 */
function discriminated(schema: JsonSchema, where: string, context: Compacting): Record<string, unknown> {
  const discriminator = schema.discriminator as { propertyName?: unknown; mapping?: unknown } | undefined;
  const tag = discriminator?.propertyName;
  if (typeof tag !== "string") {
    throw new Error(`${where}: oneOf needs a discriminator with a propertyName in the request validators`);
  }
  if (discriminator?.mapping !== undefined)
    throw new Error(`${where}: discriminator mapping is not supported`);
  const parentRequires = Array.isArray(schema.required) && schema.required.includes(tag);
  const branches: Record<string, string> = {};
  for (const [i, branch] of (schema.oneOf ?? []).entries()) {
    const ref = branch.$ref;
    if (ref === undefined || Object.keys(branch).length > 1 || !ref.startsWith(refPrefix)) {
      throw new Error(`${where}/oneOf/${i}: each branch must be a bare local $ref`);
    }
    const name = ref.slice(refPrefix.length);
    const target = context.document.components.schemas[name];
    const tagSchema = target?.properties?.[tag];
    const values = tagSchema?.const !== undefined ? [tagSchema.const] : tagSchema?.enum;
    if (!Array.isArray(values) || !values.every((value) => typeof value === "string")) {
      throw new Error(`${where}/oneOf/${i}: ${name} must give "${tag}" a const or enum of strings`);
    }
    if (!parentRequires && !(Array.isArray(target?.required) && target.required.includes(tag))) {
      throw new Error(`${where}/oneOf/${i}: ${name} must require "${tag}"`);
    }
    for (const value of values) {
      // The branches are written out as a JavaScript object literal, where "__proto__" would set the
      // prototype; like Ajv, refuse the empty string and names every object inherits ("toString").
      if (value === "" || value in Object.prototype) {
        throw new Error(`${where}: "${tag}" cannot take the value ${JSON.stringify(value)}`);
      }
      if (Object.hasOwn(branches, value))
        throw new Error(`${where}: "${tag}" value "${value}" names two branches`);
      branches[value] = name;
    }
    context.referenced.add(name);
  }
  context.features.add("tag");
  return { tag, branches };
}

// The runtime: walks a compact schema in Ajv's keyword order and returns the first problem in Ajv's error
// shape and wording, or undefined. Order: a single type first (unless marked late), const, enum, the type
// when late; numbers: maximum, minimum, exclusiveMaximum, exclusiveMinimum; strings: maxLength, minLength,
// pattern, x-timkit-max-bytes; arrays: maxItems, minItems, items; objects: required, properties,
// discriminator. Lengths count UTF-16 code units, as Ajv's `unicode: false` does; numbers must be finite,
// as Ajv's `strictNumbers` wants. A valid body allocates nothing: an error's instancePath is built on the
// way back up, only when there is an error. Lines tagged with a feature are left out when no schema uses it.
function runtime(features: Set<Feature>): string {
  const code = String.raw`const fail = (keyword, params, message) => ({ instancePath: "", keyword, params, message });
// Per JSON type: the keyword bounding its length from above, from below, and what the length counts.
const bounds = { string: ["maxLength", "minLength", "characters"], array: ["maxItems", "minItems", "items"] };
//number // Ajv's comparison keywords, in its order, with the operator its messages name.
//number const comparisons = [["maximum", "<="], ["minimum", ">="], ["exclusiveMaximum", "<"], ["exclusiveMinimum", ">"]];
//number const compare = { "<=": (a, b) => a <= b, ">=": (a, b) => a >= b, "<": (a, b) => a < b, ">": (a, b) => a > b };
//pattern const patterns = Object.create(null);
//maxBytes
//maxBytes // UTF-8 length as TextEncoder counts it: a lone surrogate becomes U+FFFD, three bytes.
//maxBytes function utf8Length(text) {
//maxBytes   let bytes = 0;
//maxBytes   for (let i = 0; i < text.length; i++) {
//maxBytes     const code = text.charCodeAt(i);
//maxBytes     if (code < 0x80) bytes += 1;
//maxBytes     else if (code < 0x800) bytes += 2;
//maxBytes     else if (code >= 0xd800 && code < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
//maxBytes       bytes += 4;
//maxBytes       i++;
//maxBytes     } else bytes += 3;
//maxBytes   }
//maxBytes   return bytes;
//maxBytes }

//late const typeError = (schema) => fail("type", { type: schema.type }, ${"`"}must be ${"${"}schema.type}${"`"});
//late
function inside(error, step) {
  if (error) error.instancePath = ${"`"}/${"${"}String(step).replace(/~/g, "~0").replace(/\//g, "~1")}${"${"}error.instancePath}${"`"};
  return error;
}

function check(schema, data) {
  if (schema.$ref) return check(schemas[schema.$ref], data);
  const type = Array.isArray(data) ? "array" : data === null ? "null" : typeof data;
//!numericType   const typed = !schema.type || schema.type === type;
//numericType   const typed =
//numericType     !schema.type ||
//numericType     (schema.type === type && (type !== "number" || Number.isFinite(data))) ||
//numericType     (schema.type === "integer" && Number.isInteger(data));
//!late   if (!typed) return fail("type", { type: schema.type }, ${"`"}must be ${"${"}schema.type}${"`"});
//late   if (!typed && !schema.late) return typeError(schema);
//const   if ("const" in schema && data !== schema.const) {
//const     return fail("const", { allowedValue: schema.const }, "must be equal to constant");
//const   }
//enum   if (schema.enum && !schema.enum.includes(data)) {
//enum     return fail("enum", { allowedValues: schema.enum }, "must be equal to one of the allowed values");
//enum   }
//late   if (!typed) return typeError(schema);
//number   if (type === "number" && Number.isFinite(data)) {
//number     for (const [keyword, comparison] of comparisons) {
//number       const limit = schema[keyword];
//number       if (limit !== undefined && !compare[comparison](data, limit)) {
//number         return fail(keyword, { comparison, limit }, ${"`"}must be ${"${"}comparison} ${"${"}limit}${"`"});
//number       }
//number     }
//number   }
  const bound = bounds[type];
  if (bound) {
    const [max, min, noun] = bound;
    if (data.length > schema[max]) return fail(max, { limit: schema[max] }, ${"`"}must NOT have more than ${"${"}schema[max]} ${"${"}noun}${"`"});
    if (data.length < schema[min]) return fail(min, { limit: schema[min] }, ${"`"}must NOT have fewer than ${"${"}schema[min]} ${"${"}noun}${"`"});
  }
//pattern   if (type === "string" && schema.pattern !== undefined) {
//pattern     const pattern = (patterns[schema.pattern] ??= new RegExp(schema.pattern, "u"));
//pattern     if (!pattern.test(data)) return fail("pattern", { pattern: schema.pattern }, ${"`"}must match pattern "${"${"}schema.pattern}"${"`"});
//pattern   }
//maxBytes   if (type === "string" && schema.maxBytes !== undefined && utf8Length(data) > schema.maxBytes) {
//maxBytes     return fail("x-timkit-max-bytes", { limit: schema.maxBytes }, ${"`"}must NOT have more than ${"${"}schema.maxBytes} bytes${"`"});
//maxBytes   }
  if (type === "array" && schema.items) {
    for (let i = 0; i < data.length; i++) {
      const error = inside(check(schema.items, data[i]), i);
      if (error) return error;
    }
  }
  if (type !== "object") return undefined;
  for (const name of schema.required ?? []) {
    if (data[name] === undefined) return fail("required", { missingProperty: name }, ${"`"}must have required property '${"${"}name}'${"`"});
  }
  for (const [name, property] of schema.properties ?? []) {
    const error = data[name] !== undefined && inside(check(property, data[name]), name);
    if (error) return error;
  }
//tag   if (schema.tag) {
//tag     const { tag, branches } = schema;
//tag     const tagValue = data[tag];
//tag     if (typeof tagValue !== "string") return fail("discriminator", { error: "tag", tag, tagValue }, ${"`"}tag "${"${"}tag}" must be string${"`"});
//tag     if (!Object.hasOwn(branches, tagValue)) {
//tag       return fail("discriminator", { error: "mapping", tag, tagValue }, ${"`"}value of tag "${"${"}tag}" must be in oneOf${"`"});
//tag     }
//tag     return check(schemas[branches[tagValue]], data);
//tag   }
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
  return code
    .split("\n")
    .flatMap((line) => {
      const tagged = /^\/\/(!?)(\w+) ?(.*)$/.exec(line);
      if (!tagged) return [line];
      const [, negated, feature, rest] = tagged as unknown as [string, string, Feature, string];
      return features.has(feature) !== (negated === "!") ? [rest] : [];
    })
    .join("\n");
}

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
  const context: Compacting = { document, referenced: new Set(Object.values(exports)), features: new Set() };
  for (const name of context.referenced) {
    const schema = document.components.schemas[name];
    if (!schema) throw new Error(`unresolved schema reference ${refPrefix}${name}`);
    schemas[name] = compact(validationOnly(schema) as JsonSchema, `${refPrefix}${name}`, context);
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

${runtime(context.features)}
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
