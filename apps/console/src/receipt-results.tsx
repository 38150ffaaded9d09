import type { Ref } from "react";
import type { ReceiptOutcome } from "./console-api-types";
import { receipts } from "./read-receipt-form";
import { retryableKeys, summarize } from "./receipt-outcome";

export interface ReceiptResultsProps {
  /** The last send's results, or null before the first one. */
  outcome: ReceiptOutcome | null;
  /** How many receipts are on their way now, or 0 when nothing is being sent. */
  sendingCount: number;
  /** The heading takes focus after each send, so keyboard and screen-reader users land on the results. */
  headingRef: Ref<HTMLHeadingElement>;
  onRetry(msgKeys: string[]): void;
}

/** The summary line, per-MsgKey table and "Retry failed" button, or the empty and loading states. */
export function ReceiptResults({ outcome, sendingCount, headingRef, onRetry }: ReceiptResultsProps) {
  const sending = sendingCount > 0;
  const retryable = outcome ? retryableKeys(outcome.rows) : [];
  const status = sending
    ? `Sending ${receipts(sendingCount)}…`
    : outcome
      ? `${summarize(outcome)}.`
      : "No receipts sent yet";

  return (
    <section className="panel results" aria-labelledby="results-heading" aria-busy={sending}>
      <div className="results-header">
        <h2 id="results-heading" ref={headingRef} tabIndex={-1}>
          Results
        </h2>
        {outcome && retryable.length > 0 && (
          <button type="button" onClick={() => onRetry(retryable)} disabled={sending}>
            Retry failed ({retryable.length})
          </button>
        )}
      </div>
      <p role="status" aria-live="polite" className={outcome || sending ? "summary" : "summary empty"}>
        {status}
      </p>
      {!outcome && !sending && (
        <p className="empty-hint">
          Enter a reader, a sender and the MsgKeys of messages the reader has seen, then send. Each MsgKey's
          result appears here.
        </p>
      )}
      {outcome && (
        <>
          <p className="pair">
            <strong>{outcome.reader}</strong> read messages from <strong>{outcome.sender}</strong>
          </p>
          <div className="table-scroll">
            <table aria-label="Results">
              <thead>
                <tr>
                  <th scope="col">MsgKey</th>
                  <th scope="col">Status</th>
                  <th scope="col">Error code</th>
                  <th scope="col">Meaning</th>
                  <th scope="col">Retry worthwhile</th>
                </tr>
              </thead>
              <tbody>
                {outcome.rows.map((row) => (
                  <tr key={row.msgKey} className={row.status}>
                    <th scope="row" className="msgkey">
                      {row.msgKey}
                    </th>
                    <td>
                      <span className={`badge ${row.status}`}>{row.status}</span>
                    </td>
                    <td className="code">{row.failure?.code ?? "—"}</td>
                    <td className="meaning">{row.failure?.meaning ?? "—"}</td>
                    <td>{row.failure ? (row.failure.retryWorthwhile ? "yes" : "no") : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
