import {
  errorCodeSchemaNames,
  generatedHeader,
  listOperations,
  type OpenApiDocument,
  requestSchema,
} from "../openapi-document.ts";

/** operationId → path, method, body limit, cross-field rules, account fields and error codes. */
export function generateOperationTable(document: OpenApiDocument): string {
  const rows = listOperations(document).map(({ path, method, operation }) => {
    const body = requestSchema(document, operation);
    const errorCodes = errorCodeSchemaNames(document, operation).flatMap((name) =>
      (document.components.schemas[name]?.oneOf ?? []).map((entry) => entry.const as number),
    );
    const row = {
      operationId: operation.operationId,
      method: method.toUpperCase(),
      path,
      summary: operation.summary ?? "",
      maxBodyBytes: operation["x-timkit-max-body-bytes"] ?? null,
      rules: body?.["x-timkit-rules"] ?? [],
      accountFields: body?.["x-timkit-accounts"] ?? [],
      errorCodes: [...new Set(errorCodes)].sort((a, b) => a - b),
    };
    return `  ${operation.operationId}: ${JSON.stringify(row)},`;
  });
  return `${generatedHeader("operation-table.ts")}
/**
 * A cross-field rule of a request body: every value at \`field\` must equal the value at \`equals\`.
 * Paths are dot-separated; \`[]\` steps into every item of an array (\`C2CMsgInfo[].From_Account\`).
 */
export interface FieldRule {
  readonly field: string;
  readonly equals: string;
  readonly message: string;
}

/** What the spec says about one operation beyond its types. */
export interface OperationInfo {
  readonly operationId: string;
  readonly method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH";
  readonly path: string;
  readonly summary: string;
  /** The documented limit of the JSON body in bytes, or null when none is documented. */
  readonly maxBodyBytes: number | null;
  readonly rules: readonly FieldRule[];
  /** Paths of the body fields that hold UserIDs which must have been imported. */
  readonly accountFields: readonly string[];
  /** Every code this operation can answer, common codes included. */
  readonly errorCodes: readonly number[];
}

/** Every operation of the API, keyed by operationId. */
export const operationTable = {
${rows.join("\n")}
} as const satisfies Record<string, OperationInfo>;

/** An operationId, such as "c2cMsgReadReceipt". */
export type OperationId = keyof typeof operationTable;
`;
}
