// The parts of the bundled OpenAPI 3.1 document that the docs build reads and rewrites.

export interface Reference {
  $ref: string;
}

export interface Parameter {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  example?: unknown;
  schema?: { example?: unknown; default?: unknown; enum?: unknown[] };
}

export interface Example {
  summary?: string;
  value?: unknown;
}

export interface MediaType {
  example?: unknown;
  examples?: Record<string, Example | Reference>;
}

/** One entry of Redoc's `x-codeSamples`, shown in the right-hand panel of an operation. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

export interface Operation {
  operationId: string;
  description?: string;
  parameters?: (Parameter | Reference)[];
  requestBody?: { content: Record<string, MediaType> } | Reference;
  "x-codeSamples"?: CodeSample[];
}

export interface Server {
  url: string;
  description?: string;
  variables?: Record<string, unknown>;
}

export interface SecurityScheme {
  type: string;
  in?: string;
  name?: string;
}

export interface OpenApiDocument {
  servers?: Server[];
  paths: Record<string, Record<string, unknown> & { parameters?: (Parameter | Reference)[] }>;
  components?: Record<string, Record<string, unknown>> & {
    securitySchemes?: Record<string, SecurityScheme | Reference>;
  };
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
