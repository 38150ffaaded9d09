// The document the page is rendered from: the bundled spec plus what only the docs need (code samples,
// error tables, the failures every command shares among each one's examples, one server per region).
// The spec package is never written to.
import type { ErrorCatalogEntry, ErrorCodeRange, OperationInfo, RegionDomains } from "@timkit/spec";
import { listOperations, type OpenApiDocument, responseMedia } from "@timkit/spec/openapi-document";
import { codeSamples } from "./code-samples.ts";
import { errorCodeTable } from "./error-code-table.ts";
import { regionServers } from "./region-servers.ts";

/** The generated tables of `@timkit/spec` the variant is written from, and the region the samples call. */
export interface DocsSources {
  /** Each operation's catalogue, by operationId. */
  errorCatalog: Readonly<Record<string, Readonly<Record<number, ErrorCatalogEntry>>>>;
  /** Each operation's documented ranges of codes, by operationId. */
  errorCodeRanges?: Readonly<Record<string, readonly ErrorCodeRange[]>>;
  operationTable: Readonly<Record<string, Pick<OperationInfo, "errorCodes">>>;
  regionTable: Readonly<Record<string, RegionDomains>>;
  sampleRegion: string;
}

export const errorCodesHeading = "Error codes";

/**
 * A copy of the document with `x-codeSamples` and an error-code table on every operation, and its
 * templated server expanded into one server per region.
 *
 * @example
 * const variant = createDocsVariant(bundledSpec, { errorCatalog, operationTable, regionTable, sampleRegion: "singapore" });
 */
export function createDocsVariant(document: OpenApiDocument, sources: DocsSources): OpenApiDocument {
  const variant = structuredClone(document);
  const domains = sources.regionTable[sources.sampleRegion];
  if (!domains) throw new Error(`unknown sample region ${sources.sampleRegion}`);
  const region = { id: sources.sampleRegion, ...domains };

  variant.servers = regionServers(sources.regionTable);
  // Read before any operation gets references to them.
  const shared = sharedExampleNames(variant);
  for (const located of listOperations(variant)) {
    const { operation } = located;
    const info = sources.operationTable[operation.operationId];
    const catalog = sources.errorCatalog[operation.operationId];
    if (!info || !catalog) throw new Error(`${operation.operationId} is not in the operation table`);
    operation["x-codeSamples"] = codeSamples(variant, located, region);
    addSharedExamples(operation, shared);
    operation.description = [
      (operation.description ?? "").trimEnd(),
      `### ${errorCodesHeading}`,
      "Every code this command can answer, the common ones included. Retryable: the same request may succeed when sent again.",
      errorCodeTable(info.errorCodes, catalog, sources.errorCodeRanges?.[operation.operationId]),
    ]
      .filter(Boolean)
      .join("\n\n");
  }
  return variant;
}

/**
 * The examples of `components.examples` that no operation or webhook refers to: the failures every
 * command shares, declared once in the root document. The bundle also moves each command's and each
 * callback's own examples there, which belong to their own operation only.
 */
export function sharedExampleNames(document: OpenApiDocument): string[] {
  const text = JSON.stringify([document.paths, document.webhooks ?? {}]);
  const referenced = new Set(
    [...text.matchAll(/"#\/components\/examples\/([^"]+)"/g)].map((match) => match[1]),
  );
  return Object.keys(document.components.examples ?? {}).filter((name) => !referenced.has(name));
}

/**
 * The document's shared examples (the failures every command can answer: `components.examples`) among
 * the operation's own response examples, after them, so the page shows them beside each command.
 */
function addSharedExamples(operation: Parameters<typeof responseMedia>[0], shared: readonly string[]): void {
  const media = responseMedia(operation);
  if (!media) return;
  const examples = { ...media.examples };
  for (const name of shared) {
    if (!Object.hasOwn(examples, name)) examples[name] = { $ref: `#/components/examples/${name}` };
  }
  media.examples = examples;
}
