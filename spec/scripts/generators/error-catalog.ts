import {
  errorCodeSchemaNames,
  generatedHeader,
  type JsonSchema,
  listOperations,
  type OpenApiDocument,
} from "../openapi-document.ts";

interface CatalogEntry {
  code: number;
  description: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  scope: "common" | "operation";
  operations: string[];
}

/** code → description, retryable and the operations that can answer it, from the ErrorCode schemas. */
export function generateErrorCatalog(document: OpenApiDocument): string {
  const operationIds = listOperations(document).map(({ operation }) => operation.operationId);
  const catalog = new Map<number, CatalogEntry>();
  for (const { operation } of listOperations(document)) {
    for (const name of errorCodeSchemaNames(document, operation)) {
      const schema = document.components.schemas[name] as JsonSchema;
      const scope = schema["x-timkit-scope"] === "common" ? "common" : "operation";
      for (const entry of schema.oneOf ?? []) {
        const code = entry.const as number;
        const known = catalog.get(code);
        if (known) {
          if (known.scope === "operation" && !known.operations.includes(operation.operationId)) {
            known.operations.push(operation.operationId);
          }
          continue;
        }
        if (typeof entry.description !== "string" || typeof entry["x-retryable"] !== "boolean") {
          throw new Error(`error code ${code} in ${name} needs a description and x-retryable`);
        }
        catalog.set(code, {
          code,
          description: entry.description,
          retryable: entry["x-retryable"],
          ...(typeof entry["x-retry-after-seconds"] === "number"
            ? { retryAfterSeconds: entry["x-retry-after-seconds"] }
            : {}),
          scope,
          // Common codes can come from every operation, present and future.
          operations: scope === "common" ? operationIds : [operation.operationId],
        });
      }
    }
  }
  const entries = [...catalog.values()].sort((a, b) => a.code - b.code);
  const lines = entries.map((entry) => `  ${entry.code}: ${JSON.stringify(entry)},`);
  return `${generatedHeader("error-catalog.ts")}
/** What one error code means, whether retrying the same request can help, and who can answer it. */
export interface ErrorCatalogEntry {
  readonly code: number;
  readonly description: string;
  /** True for transient failures: the same request may succeed when sent again. */
  readonly retryable: boolean;
  /** Set when the server asks for a pause longer than an automatic retry should wait. */
  readonly retryAfterSeconds?: number;
  /** "common": any operation can answer it; "operation": listed by the operations named. */
  readonly scope: "common" | "operation";
  readonly operations: readonly string[];
}

/** Every documented error code of the API. */
export const errorCatalog = {
${lines.join("\n")}
} as const satisfies Record<number, ErrorCatalogEntry>;

/** A documented error code. */
export type TimErrorCode = keyof typeof errorCatalog;
`;
}
