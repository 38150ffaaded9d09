// The request-body validators, compiled by Ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1) into
// standalone ES module code at generation time, so no schema compiler ships with the client or the mocks.
import Ajv2020, { type KeywordCxt } from "ajv/dist/2020.js";
import { _, type Code } from "ajv/dist/compile/codegen/index.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import {
  type JsonSchema,
  listOperations,
  listWebhooks,
  type OpenApiDocument,
  requestMedia,
  responseMedia,
  schemaName,
} from "../../src/openapi-document.ts";
import { generatedHeader } from "../generated-header.ts";

/** The component schemas, besides each operation's request body, that get a validator of their own. */
export const componentValidators = ["UserId"] as const;

// Keywords of OpenAPI and of timkit that annotate rather than validate: Ajv's strict mode knows them then,
// so a misspelt or unsupported keyword still stops generation.
const annotations = [
  "example",
  "externalDocs",
  "xml",
  "x-timkit-rules",
  "x-timkit-accounts",
  "x-timkit-codes",
  "x-retryable",
  "x-retry-after-seconds",
  "x-timkit-scope",
  "x-timkit-verdict",
  "x-timkit-sender-code",
];

const descriptive = new Set(["description", "title", "example", "examples", "externalDocs"]);

const ajvId = "timkit:components";
const ajvLengthHelper = 'require("ajv/dist/runtime/ucs2length").default';

/** The Ajv instance the validators are compiled with (the spec's tests check bodies with it too). */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    // `"type": ["string", "null"]` is how OpenAPI 3.1 writes a nullable field.
    allowUnionTypes: true,
    allErrors: false,
    // Callers word the error from its keyword and params (`@timkit/spec`'s schema-errors), in one place.
    messages: false,
    discriminator: true,
    // The oneOf-of-required idiom ("give Accounts or AccountList") names properties declared beside it.
    strictRequired: false,
    // NaN and Infinity are not JSON numbers (JSON.stringify would send null).
    strictNumbers: true,
    // `format` is an annotation in JSON Schema 2020-12 unless a format vocabulary is asserted.
    validateFormats: false,
    code: { source: true, esm: true, lines: true, optimize: true },
    inlineRefs: false,
  });
  ajv.addVocabulary(annotations);
  ajv.addKeyword({
    keyword: "x-timkit-max-bytes",
    type: "string",
    schemaType: "number",
    error: { message: "", params: ({ schemaCode }) => _`{limit: ${schemaCode}}` },
    code(cxt: KeywordCxt) {
      // The generated module imports the one UTF-8 counter of the spec package under this name.
      const count = cxt.gen.scopeValue("func", { ref: utf8Placeholder, code: _`utf8ByteLength` as Code });
      cxt.fail(_`${count}(${cxt.data}) > ${cxt.schema}`);
    },
  });
  return ajv;
}

function utf8Placeholder(): never {
  throw new Error("compiled for standalone code only");
}

/**
 * The component schemas as one Ajv schema: references point at `$defs`, and each discriminator `mapping`
 * is checked against its branches' tag constants and then left out (Ajv dispatches on the constants;
 * a mapping that says something else cannot be honoured and stops generation).
 */
export function componentsForAjv(
  document: OpenApiDocument,
  roots: readonly string[],
): { $id: string; $defs: Record<string, unknown> } {
  const rewrite = (value: unknown, where: string): unknown => {
    if (Array.isArray(value)) return value.map((item, index) => rewrite(item, `${where}/${index}`));
    if (value === null || typeof value !== "object") return value;
    const schema = value as JsonSchema;
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(schema)) {
      if (key === "$ref" && typeof entry === "string") {
        const name = schemaName(entry);
        if (!name)
          throw new Error(`${where}: only #/components/schemas references are supported, got ${entry}`);
        result.$ref = `#/$defs/${name}`;
      } else if (descriptive.has(key)) {
        // Words for readers: the validators have no use for them.
      } else if (key === "discriminator") {
        result.discriminator = checkedDiscriminator(document, schema, where);
      } else if (key === "properties" && entry && typeof entry === "object") {
        // Property names are data, not keywords: only their schemas are rewritten.
        result.properties = Object.fromEntries(
          Object.entries(entry).map(([name, property]) => [
            name,
            rewrite(property, `${where}/properties/${name}`),
          ]),
        );
      } else {
        result[key] = rewrite(entry, `${where}/${key}`);
      }
    }
    return result;
  };
  // Only the schemas the roots reach: response envelopes and the like never reach a validator.
  const $defs: Record<string, unknown> = {};
  const pending = [...roots];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (Object.hasOwn($defs, name)) continue;
    const schema = document.components.schemas[name];
    if (!schema) throw new Error(`unresolved schema reference #/components/schemas/${name}`);
    $defs[name] = rewrite(schema, `#/components/schemas/${name}`);
    for (const match of JSON.stringify(schema).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      pending.push(match[1] as string);
    }
  }
  return { $id: ajvId, $defs };
}

function checkedDiscriminator(document: OpenApiDocument, schema: JsonSchema, where: string) {
  const { propertyName, mapping } = schema.discriminator ?? { propertyName: "" };
  for (const [value, target] of Object.entries(mapping ?? {})) {
    const branch = (schema.oneOf ?? []).find(
      (entry) => entry.$ref?.endsWith(`/${target}`) || entry.$ref === target,
    );
    const name = schemaName(branch?.$ref);
    const tag = name ? document.components.schemas[name]?.properties?.[propertyName] : undefined;
    const tagValues = tag?.const !== undefined ? [tag.const] : (tag?.enum ?? []);
    if (!name || !tagValues.includes(value)) {
      throw new Error(
        `${where}/discriminator: mapping "${value}" → ${target} cannot be honoured: the branch must be one of oneOf's references and give "${propertyName}" that value as a const or enum`,
      );
    }
  }
  return { propertyName };
}

/**
 * One validator per operation's request body (named by its operationId) and one per component in
 * `componentValidators`, as the text of an ES module and its declarations.
 */
export function generateRequestValidators(document: OpenApiDocument): { js: string; dts: string } {
  const exports: Record<string, string> = {};
  const declarations: string[] = [];
  const roots: string[] = [...componentValidators];
  for (const { operation } of listOperations(document)) {
    const name = schemaName(requestMedia(document, operation)?.schema?.$ref);
    if (!name)
      throw new Error(`${operation.operationId}: the request body must reference a component schema`);
    roots.push(name);
    exports[operation.operationId] = `${ajvId}#/$defs/${name}`;
    declarations.push(
      `export declare const ${operation.operationId}: RequestValidator<components["schemas"][${JSON.stringify(name)}]>;`,
    );
  }
  for (const name of componentValidators) {
    exports[name] = `${ajvId}#/$defs/${name}`;
    declarations.push(`export declare const ${name}: RequestValidator<components["schemas"]["${name}"]>;`);
  }
  return {
    js: compiledModule(document, roots, exports, "request-validators.ts"),
    dts: `${generatedHeader("request-validators.ts")}import type { components } from "./schema.js";

/** One problem found in a body, in Ajv's error shape (without message: word it with \`describeSchemaError\`). */
export interface RequestValidationError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

/** A request-body validator compiled by Ajv: a type guard that keeps its first problem in \`errors\`. */
export interface RequestValidator<Body> {
  (body: unknown): body is Body;
  errors?: RequestValidationError[] | null;
}

${declarations.join("\n")}
`,
  };
}

/** Ajv's standalone code for the validators `exports` names (export name → schema id), as a module. */
function compiledModule(
  document: OpenApiDocument,
  roots: readonly string[],
  exports: Record<string, string>,
  generator: string,
): string {
  const ajv = createAjv();
  ajv.addSchema(componentsForAjv(document, roots));
  const code = standaloneCode(ajv, exports);
  // Ajv reaches its runtime helpers through `require`. The one for string lengths is ours (same counting);
  // any other (deep equality for object enums, formats) would make the module depend on Ajv: refused.
  const module = code.replaceAll(ajvLengthHelper, "codePointLength");
  const helper = /require\([^)]*\)(\.default)?/.exec(module)?.[0];
  if (helper) throw new Error(`the validators would need Ajv's runtime helper ${helper}`);
  return `${generatedHeader(generator)}import { codePointLength, utf8ByteLength } from "../src/text-length.ts";
${module}
`;
}

/**
 * One validator per callback's body and one per its reply (named `<operationId>Body` and
 * `<operationId>Reply`), and `webhookBodyValidators` / `webhookReplyValidators` keyed by CallbackCommand,
 * as the text of an ES module and its declarations.
 */
export function generateWebhookValidators(document: OpenApiDocument): { js: string; dts: string } {
  const exports: Record<string, string> = {};
  const roots: string[] = [];
  const bodies: string[] = [];
  const replies: string[] = [];
  const aliases: string[] = [];
  const declarations: string[] = [];
  for (const { command, operation } of listWebhooks(document)) {
    const body = schemaName(requestMedia(document, operation)?.schema?.$ref);
    const reply = schemaName(responseMedia(operation)?.schema?.$ref);
    if (!body) throw new Error(`webhook ${command}: the body must reference a component schema`);
    if (!reply) throw new Error(`webhook ${command}: the 200 reply must reference a component schema`);
    roots.push(body, reply);
    // Ajv declares one function per export, so a schema several callbacks share is exported once, by its
    // component name, and each callback's name refers to it.
    exports[body] = `${ajvId}#/$defs/${body}`;
    exports[reply] = `${ajvId}#/$defs/${reply}`;
    aliases.push(
      `export const ${operation.operationId}Body = ${body};`,
      `export const ${operation.operationId}Reply = ${reply};`,
    );
    bodies.push(`  ${JSON.stringify(command)}: ${operation.operationId}Body,`);
    replies.push(`  ${JSON.stringify(command)}: ${operation.operationId}Reply,`);
    declarations.push(
      `export declare const ${operation.operationId}Body: RequestValidator<WebhookBody<${JSON.stringify(command)}>>;`,
      `export declare const ${operation.operationId}Reply: RequestValidator<WebhookReply<${JSON.stringify(command)}>>;`,
    );
  }
  const js = `${compiledModule(document, roots, exports, "request-validators.ts")}
${aliases.join("\n")}

/** The body validator of each callback, by CallbackCommand. */
export const webhookBodyValidators = {
${bodies.join("\n")}
};

/** The reply validator of each callback, by CallbackCommand. */
export const webhookReplyValidators = {
${replies.join("\n")}
};
`;
  return {
    js,
    dts: `${generatedHeader("request-validators.ts")}import type { RequestValidator } from "./request-validators.js";
import type { CallbackCommand, WebhookBody, WebhookReply } from "./webhook-table";

${declarations.join("\n")}

/** The body validator of each callback, by CallbackCommand: a type guard that keeps its first problem in \`errors\`. */
export declare const webhookBodyValidators: { readonly [C in CallbackCommand]: RequestValidator<WebhookBody<C>> };

/** The reply validator of each callback, by CallbackCommand. */
export declare const webhookReplyValidators: { readonly [C in CallbackCommand]: RequestValidator<WebhookReply<C>> };
`,
  };
}
