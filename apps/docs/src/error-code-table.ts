// The error codes of an operation as a Markdown table, written from the generated error catalogue.
import type { ErrorCatalogEntry, ErrorCodeRange } from "@timkit/spec";

/** Whether retrying helps, in words; a requested pause is named because automatic retries should not wait it out. */
export function retryableText(entry: ErrorCatalogEntry): string {
  if (entry.retryable) return "Yes";
  return entry.retryAfterSeconds === undefined ? "No" : `No (wait ${entry.retryAfterSeconds} s)`;
}

// A Markdown table cell holds one line and no unescaped pipe.
const cell = (text: string): string => text.replaceAll("|", "\\|").replace(/\s*\n\s*/g, " ");

/**
 * A Markdown table (code, meaning, retryable) of the given codes, in the order given, with the meanings
 * of the operation's own catalogue.
 *
 * @example
 * errorCodeTable(operationTable.c2cMsgReadReceipt.errorCodes, errorCatalog.c2cMsgReadReceipt);
 */
export function errorCodeTable(
  codes: readonly number[],
  catalog: Readonly<Record<number, ErrorCatalogEntry>>,
  ranges: readonly ErrorCodeRange[] = [],
): string {
  const rows = codes.map((code) => {
    const entry = catalog[code];
    if (!entry) throw new Error(`error code ${code} is not in the error catalogue`);
    const answered = entry.errorInfo === undefined ? "" : ` (the server's text: \`${entry.errorInfo}\`)`;
    return `| ${code} | ${cell(entry.description + answered)} | ${retryableText(entry)} |`;
  });
  for (const range of ranges) {
    rows.push(
      `| ${range.first}–${range.last} | ${cell(range.description)} | ${range.retryable ? "Yes" : "No"} |`,
    );
  }
  return ["| Code | Meaning | Retryable |", "| ---: | --- | --- |", ...rows].join("\n");
}
