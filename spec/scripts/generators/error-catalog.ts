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
  // Packed rows keep the shipped catalogue small (browsers download it with the client); the catalogue
  // itself is unpacked once, on load, into the same entries as before.
  const rows = entries.map((entry) => {
    const flags = (entry.retryable ? 1 : 0) | (entry.scope === "common" ? 2 : 0);
    const row: unknown[] = [entry.code, entry.description, flags];
    if (entry.scope === "operation") row.push(entry.operations.map((id) => operationIds.indexOf(id)));
    if (entry.retryAfterSeconds !== undefined) row[4] = entry.retryAfterSeconds;
    return `  ${JSON.stringify(row).replace(",null,", ",,")},`;
  });
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

/** A documented error code. */
export type TimErrorCode = ${entries.map((entry) => entry.code).join(" | ")};

const operationIds = ${JSON.stringify(operationIds)};

/**
 * [code, description, flags (1: retryable, 2: common), operations (indexes into operationIds; left out
 * for common codes, which every operation can answer), retryAfterSeconds]
 */
type CatalogRow = [number, string, number, number[]?, number?];

const rows: CatalogRow[] = [
${rows.join("\n")}
];

/** Every documented error code of the API. */
export const errorCatalog: { readonly [Code in TimErrorCode]: ErrorCatalogEntry } = /* @__PURE__ */ Object.fromEntries(
  rows.map(([code, description, flags, operations, retryAfterSeconds]) => [
    code,
    {
      code,
      description,
      retryable: (flags & 1) === 1,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      scope: flags & 2 ? "common" : "operation",
      operations: operations ? operations.map((index) => operationIds[index] as string) : [...operationIds],
    },
  ]),
) as unknown as { readonly [Code in TimErrorCode]: ErrorCatalogEntry };
`;
}
