import {
  commonErrors,
  type ErrorCatalogEntry,
  errorCatalog,
  errorCodeRanges,
} from "../generated/error-catalog";

/**
 * What a code means to an operation: its own entry, else one of its documented ranges, else a common
 * code's; with no operation named, the common codes only. Undefined for a code nobody documents.
 *
 * @example
 * describeErrorCode("sendmsg", 120050)?.description // → "Custom code of the App backend's before-send callback…"
 */
export function describeErrorCode(
  operationId: string | undefined,
  code: number,
): ErrorCatalogEntry | undefined {
  const known = operationId !== undefined && Object.hasOwn(errorCatalog, operationId);
  const catalog: Readonly<Record<number, ErrorCatalogEntry>> = known
    ? errorCatalog[operationId as keyof typeof errorCatalog]
    : commonErrors;
  if (Object.hasOwn(catalog, code)) return catalog[code];
  if (!known) return undefined;
  const range = errorCodeRanges[operationId as keyof typeof errorCodeRanges].find(
    ({ first, last }) => code >= first && code <= last,
  );
  return range && { code, description: range.description, retryable: range.retryable };
}
