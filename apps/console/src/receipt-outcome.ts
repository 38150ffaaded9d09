import type { ReceiptOutcome, ReceiptRow } from "./console-api-types";

/** The earlier rows with those of a retry put in their place. */
export function mergeRows(earlier: readonly ReceiptRow[], retried: readonly ReceiptRow[]): ReceiptRow[] {
  const byKey = new Map(retried.map((row) => [row.msgKey, row]));
  return earlier.map((row) => byKey.get(row.msgKey) ?? row);
}

/**
 * The summary line above the table.
 *
 * @example
 * summarize({ rows: [ok, ok, ok, failed], requests: 2 }) // → "3 acknowledged, 1 failed in 2 requests"
 */
export function summarize(outcome: Pick<ReceiptOutcome, "rows" | "requests">): string {
  const acknowledged = outcome.rows.filter((row) => row.status === "acknowledged").length;
  const failed = outcome.rows.length - acknowledged;
  if (outcome.requests === 0) return `${acknowledged} acknowledged, ${failed} failed, nothing sent`;
  const requests = `${outcome.requests} ${outcome.requests === 1 ? "request" : "requests"}`;
  return `${acknowledged} acknowledged, ${failed} failed in ${requests}`;
}

/** The failed MsgKeys that may succeed when sent again. */
export function retryableKeys(rows: readonly ReceiptRow[]): string[] {
  return rows
    .filter((row) => row.status === "failed" && row.failure?.retryWorthwhile)
    .map((row) => row.msgKey);
}
