import {
  errorCodeSchemaNames,
  type JsonSchema,
  listOperations,
  type OpenApiDocument,
} from "../../src/openapi-document.ts";
import { generatedHeader } from "../generated-header.ts";

interface CatalogEntry {
  code: number;
  description: string;
  /** The text Tencent answers with the code (ErrorInfo, ResultInfo), when it is not the description. */
  errorInfo?: string;
  retryable: boolean;
  retryAfterSeconds?: number;
}

/** The common error-code schema: the one marked `x-timkit-scope: common`, which every operation answers. */
function commonSchemaName(document: OpenApiDocument): string {
  const names = Object.entries(document.components.schemas)
    .filter(([, schema]) => schema["x-timkit-scope"] === "common")
    .map(([name]) => name);
  if (names.length !== 1)
    throw new Error(`exactly one schema must have x-timkit-scope: common, found ${names.length}`);
  return names[0] as string;
}

interface CatalogRange {
  first: number;
  last: number;
  description: string;
  retryable: boolean;
}

function described(
  entry: JsonSchema,
  name: string,
  what: string,
): { description: string; retryable: boolean } {
  if (typeof entry.description !== "string" || typeof entry["x-retryable"] !== "boolean") {
    throw new Error(`#/components/schemas/${name}: error code ${what} needs a description and x-retryable`);
  }
  return { description: entry.description, retryable: entry["x-retryable"] };
}

function rangesOf(schema: JsonSchema, name: string): CatalogRange[] {
  return (schema.oneOf ?? [])
    .filter((entry) => entry.const === undefined)
    .map((entry) => {
      const first = entry.minimum as number;
      const last = entry.maximum as number;
      return { first, last, ...described(entry, name, `${first}–${last}`) };
    });
}

function entriesOf(schema: JsonSchema, name: string): CatalogEntry[] {
  return (schema.oneOf ?? [])
    .filter((entry) => entry.const !== undefined)
    .map((entry) => {
      const code = entry.const as number;
      if (typeof entry.description !== "string" || typeof entry["x-retryable"] !== "boolean") {
        throw new Error(
          `#/components/schemas/${name}: error code ${code} needs a description and x-retryable`,
        );
      }
      const after = entry["x-retry-after-seconds"];
      const info = entry["x-timkit-error-info"];
      if (info !== undefined && typeof info !== "string")
        throw new Error(
          `#/components/schemas/${name}: error code ${code}: x-timkit-error-info must be a string`,
        );
      return {
        code,
        description: entry.description,
        ...(info === undefined ? {} : { errorInfo: info }),
        retryable: entry["x-retryable"],
        ...(typeof after === "number" ? { retryAfterSeconds: after } : {}),
      };
    });
}

const same = (a: CatalogEntry, b: CatalogEntry) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The error catalogue, per operation: what each code means for that command, whether retrying can help,
 * and how long Tencent asks to wait. The same code may mean different things to different commands; one
 * operation listing a code twice with different meanings stops generation, naming both places. A common
 * code means something else to one command only where that command's entry says so, with
 * `x-timkit-replaces-common: true` (an accidental redefinition still stops generation).
 */
export function generateErrorCatalog(document: OpenApiDocument): string {
  const commonName = commonSchemaName(document);
  const common = entriesOf(document.components.schemas[commonName] as JsonSchema, commonName);
  const perOperation: Record<string, CatalogEntry[]> = {};
  const rangesPerOperation: Record<string, CatalogRange[]> = {};
  const allCodes = new Set(common.map((entry) => entry.code));
  for (const { operation } of listOperations(document)) {
    const found = new Map<number, { entry: CatalogEntry; where: string }>();
    for (const entry of common) found.set(entry.code, { entry, where: commonName });
    rangesPerOperation[operation.operationId] = [];
    for (const name of errorCodeSchemaNames(document, operation)) {
      if (name === commonName) continue;
      rangesPerOperation[operation.operationId]?.push(
        ...rangesOf(document.components.schemas[name] as JsonSchema, name),
      );
      const schema = document.components.schemas[name] as JsonSchema;
      const replacing = new Set(
        (schema.oneOf ?? [])
          .filter((entry) => entry["x-timkit-replaces-common"] === true)
          .map((entry) => entry.const),
      );
      for (const entry of entriesOf(schema, name)) {
        const known = found.get(entry.code);
        const replaces = known?.where === commonName && replacing.has(entry.code);
        if (replacing.has(entry.code) && known?.where !== commonName) {
          throw new Error(
            `${name}: error code ${entry.code} has x-timkit-replaces-common but is no common code`,
          );
        }
        if (known && !replaces && !same(known.entry, entry)) {
          throw new Error(
            `${operation.operationId}: error code ${entry.code} means "${known.entry.description}" in ${known.where} but "${entry.description}" in ${name}`,
          );
        }
        found.set(entry.code, { entry, where: name });
      }
    }
    perOperation[operation.operationId] = [...found.values()]
      .filter(({ where }) => where !== commonName)
      .map(({ entry }) => entry)
      .sort((a, b) => a.code - b.code);
    for (const { entry } of found.values()) allCodes.add(entry.code);
  }
  const row = (entry: CatalogEntry) => `    ${entry.code}: ${JSON.stringify(entry)},`;
  // An operation's own entries, and the common codes it gives its own meaning (which come after the
  // spread of the common ones, so they win).
  const operations = Object.entries(perOperation).map(
    ([operationId, entries]) =>
      `  ${operationId}: {\n    ...commonErrors,\n${entries.map(row).join("\n")}\n  },`,
  );
  return `${generatedHeader("error-catalog.ts")}
/** What one error code means to a command, and whether retrying the same request can help. */
export interface ErrorCatalogEntry {
  readonly code: number;
  readonly description: string;
  /** The text the server answers with the code (ErrorInfo, ResultInfo), when it is not the description. */
  readonly errorInfo?: string;
  /** True for transient failures: the same request may succeed when sent again. */
  readonly retryable: boolean;
  /** Set when the server asks for a pause longer than an automatic retry should wait. */
  readonly retryAfterSeconds?: number;
}

/** A code some command of the API documents. */
export type TimErrorCode = ${[...allCodes].sort((a, b) => a - b).join(" | ")};

/** The codes any command can answer (\`${commonName}\`). */
export const commonErrors = {
${common.map(row).join("\n").replace(/^ {2}/gm, "")}
} as const satisfies Readonly<Record<number, ErrorCatalogEntry>>;

/** Every operation's catalogue: its own codes and the common ones, by code. */
export const errorCatalog = {
${operations.join("\n")}
} as const satisfies Record<string, Readonly<Record<number, ErrorCatalogEntry>>>;

/** A range of codes an operation documents as one: what any code in it means. */
export interface ErrorCodeRange {
  readonly first: number;
  readonly last: number;
  readonly description: string;
  readonly retryable: boolean;
}

/** Every operation's documented ranges of codes (such as a before-send callback's own, 120001–130000). */
export const errorCodeRanges: { readonly [Id in keyof typeof errorCatalog]: readonly ErrorCodeRange[] } = {
${Object.entries(rangesPerOperation)
  .map(([id, ranges]) => `  ${id}: ${JSON.stringify(ranges)},`)
  .join("\n")}
};
`;
}
