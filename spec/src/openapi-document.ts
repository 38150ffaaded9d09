// The one reader of the bundled OpenAPI 3.1 document (generated/openapi.json): its shape as far as timkit
// reads it, and the walks that the generators, the docs build, the sandbox and the tests share.

export interface Reference {
  $ref: string;
}

export type JsonSchema = Record<string, unknown> & {
  $ref?: string;
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  description?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
};

export interface Parameter {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  required?: boolean;
  description?: string;
  example?: unknown;
  schema?: { type?: string; example?: unknown; default?: unknown; enum?: unknown[]; pattern?: string };
  /** On a callback's `RequestTime`: how far from now it may be, in seconds. */
  "x-timkit-max-age-seconds"?: number;
  /** On a callback's `Sign`: Tencent's worked example of the signature. */
  "x-timkit-signature-example"?: { token: string; RequestTime: string; Sign: string };
}

export interface Example {
  summary?: string;
  description?: string;
  value?: unknown;
}

export interface MediaType {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, Example | Reference>;
}

/** One entry of Redoc's `x-codeSamples`, shown in the right-hand panel of an operation. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** A `x-timkit-rules` entry: every value at `field` must equal the value at `equals`. */
export interface RuleDeclaration {
  field: string;
  equals: string;
  message: string;
  code?: number;
}

/** `x-timkit-codes`: the code that answers each kind of mistake or outcome, by name. */
export type CodeDeclarations = Record<string, number>;

export interface Operation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: (Parameter | Reference)[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> } | Reference;
  responses: Record<string, { description?: string; content?: Record<string, MediaType> }>;
  "x-timkit-max-body-bytes"?: number;
  "x-timkit-max-answer-bytes"?: number;
  "x-timkit-rate-limit"?: number;
  "x-timkit-limits"?: Record<string, number>;
  "x-timkit-codes"?: CodeDeclarations;
  "x-codeSamples"?: CodeSample[];
  "x-timkit-callback"?: CallbackDeclaration;
}

/** `x-timkit-callback` on a webhook's operation: when Tencent posts it and how long it waits. */
export interface CallbackDeclaration {
  /** The operationIds of the commands that fire it. */
  firedBy: string[];
  /** `before`: awaited, and its reply acts on the command; `after`: fire-and-forget, its reply ignored. */
  timing: "before" | "after";
  timeoutMilliseconds: number;
  retries: number;
  /** Before-event callbacks: what Tencent does by default when the reply fails or times out. */
  onTimeout?: "deliver" | "fail";
  /** Before-event callbacks: the code the sender gets when the policy is not to send. */
  timeoutFailCode?: number;
}

export interface Server {
  url: string;
  description?: string;
  variables?: Record<string, { default?: string; enum?: string[]; "x-timkit-regions"?: RegionEntry[] }>;
}

export interface SecurityScheme {
  type: string;
  in?: string;
  name?: string;
}

export interface RegionEntry {
  id: string;
  name: string;
  primary: string;
  backup: string;
}

export interface OpenApiDocument {
  servers: Server[];
  paths: Record<string, Record<string, unknown> & { parameters?: (Parameter | Reference)[] }>;
  /** OpenAPI 3.1 webhooks, keyed by the CallbackCommand Tencent sends. */
  webhooks?: Record<string, Record<string, unknown> & { parameters?: (Parameter | Reference)[] }>;
  components: {
    schemas: Record<string, JsonSchema>;
    examples?: Record<string, Example | Reference>;
    securitySchemes?: Record<string, SecurityScheme | Reference>;
    [kind: string]: Record<string, unknown> | undefined;
  };
  "x-timkit-codes"?: CodeDeclarations;
}

export const httpMethods = ["get", "put", "post", "delete", "patch"] as const;

/** An operation with where it lives. */
export interface LocatedOperation {
  path: string;
  method: (typeof httpMethods)[number];
  operation: Operation;
  /** Path-level parameters first, then the operation's own, references resolved. */
  parameters: Parameter[];
}

/** Every operation of the document, in document order. */
export function listOperations(document: OpenApiDocument): LocatedOperation[] {
  const found: LocatedOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
        resolve(document, parameter),
      );
      found.push({ path, method, operation, parameters });
    }
  }
  return found;
}

/** A webhook's operation with its CallbackCommand. */
export interface LocatedWebhook {
  command: string;
  operation: Operation;
  /** Path-item parameters first, then the operation's own, references resolved. */
  parameters: Parameter[];
}

/** Every webhook of the document (Tencent's callbacks, posted), in document order. */
export function listWebhooks(document: OpenApiDocument): LocatedWebhook[] {
  return Object.entries(document.webhooks ?? {}).map(([command, item]) => {
    const operation = item.post as Operation | undefined;
    if (!operation)
      throw new Error(`webhook ${command}: Tencent posts callbacks, so it needs a post operation`);
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map((parameter) =>
      resolve(document, parameter),
    );
    return { command, operation, parameters };
  });
}

/** Follows local `#/...` references (JSON pointers) until it reaches a value that is not one. */
export function resolve<T extends object>(document: OpenApiDocument, value: T | Reference): T {
  if (!("$ref" in value) || typeof value.$ref !== "string") return value as T;
  const { $ref } = value;
  if (!$ref.startsWith("#/")) throw new Error(`only local references are supported, got ${$ref}`);
  let target: unknown = document;
  for (const token of $ref.slice(2).split("/")) {
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    target = (target as Record<string, unknown> | undefined)?.[key];
  }
  if (target === undefined || target === null || typeof target !== "object") {
    throw new Error(`unresolved reference ${$ref}`);
  }
  return resolve(document, target as T | Reference);
}

const schemaPrefix = "#/components/schemas/";

/** The component name a `#/components/schemas/X` reference points to, or undefined for any other. */
export function schemaName(ref: string | undefined): string | undefined {
  return ref?.startsWith(schemaPrefix) ? ref.slice(schemaPrefix.length) : undefined;
}

/** The JSON request body of an operation: its schema as written (maybe a reference) and its examples. */
export function requestMedia(document: OpenApiDocument, operation: Operation): MediaType | undefined {
  return operation.requestBody && resolve(document, operation.requestBody).content["application/json"];
}

/** The JSON media of an operation's 200 response. */
export function responseMedia(operation: Operation): MediaType | undefined {
  return operation.responses["200"]?.content?.["application/json"];
}

/** An example by name, references resolved. */
export interface NamedExample {
  name: string;
  summary?: string;
  value: unknown;
}

/** The examples of a media type (`examples`, or the single `example`), references resolved. */
export function examplesOf(document: OpenApiDocument, media: MediaType | undefined): NamedExample[] {
  if (!media) return [];
  if (media.examples) {
    return Object.entries(media.examples).map(([name, entry]) => {
      const example = resolve(document, entry);
      return {
        name,
        ...(example.summary === undefined ? {} : { summary: example.summary }),
        value: example.value,
      };
    });
  }
  return media.example === undefined ? [] : [{ name: "example", value: media.example }];
}

/**
 * The error-code schemas (components whose `oneOf` lists `const` codes) that an operation's 200 response
 * reaches through an `ErrorCode` property, by component name, in the order they are reached.
 */
export function errorCodeSchemaNames(document: OpenApiDocument, operation: Operation): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const visit = (schema: JsonSchema, underErrorCode: boolean): void => {
    const name = schemaName(schema.$ref);
    if (schema.$ref !== undefined) {
      if (name === undefined) throw new Error(`unsupported schema reference ${schema.$ref}`);
      const key = `${name}\u0000${underErrorCode}`;
      if (seen.has(key)) return;
      seen.add(key);
      const target = document.components.schemas[name];
      if (!target) throw new Error(`unresolved schema reference ${schema.$ref}`);
      if (underErrorCode && isErrorCodeSchema(target) && !names.includes(name)) names.push(name);
      visit(target, underErrorCode);
      return;
    }
    for (const list of [schema.oneOf, schema.anyOf, schema.allOf])
      for (const entry of list ?? []) visit(entry, underErrorCode);
    for (const [property, entry] of Object.entries(schema.properties ?? {})) {
      visit(entry, underErrorCode || property === "ErrorCode");
    }
  };
  const schema = responseMedia(operation)?.schema;
  if (schema) visit(schema, false);
  return names;
}

/**
 * True for a schema that lists error codes: a `oneOf` whose entries are integer `const`s or ranges
 * (`minimum` and `maximum`, such as the 120001–130000 a callback may answer).
 */
export function isErrorCodeSchema(schema: JsonSchema): boolean {
  return (
    Array.isArray(schema.oneOf) &&
    schema.oneOf.length > 0 &&
    schema.oneOf.every(
      (entry) =>
        Number.isInteger(entry.const) || (Number.isInteger(entry.minimum) && Number.isInteger(entry.maximum)),
    )
  );
}

/**
 * The command an operation's path names, and its service: `/v4/openim/sendmsg` → `openim`, `sendmsg`.
 *
 * @example
 * commandOf("/v4/im_open_login_svc/account_import") // → { service: "im_open_login_svc", command: "account_import" }
 */
export function commandOf(path: string): { service: string; command: string } {
  const match = /^\/v4\/([a-z0-9_]+)\/([a-z0-9_]+)$/.exec(path);
  if (!match) throw new Error(`${path} is not a /v4/{service}/{command} path`);
  return { service: match[1] as string, command: match[2] as string };
}

/**
 * The operationId a command must have: its underscores turned into camelCase.
 *
 * @example
 * operationIdOf("multiaccount_import") // → "multiaccountImport"
 */
export function operationIdOf(command: string): string {
  return command.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
