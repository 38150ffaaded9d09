import {
  type ReadReceiptsResult,
  TimApiError,
  TimError,
  TimRequestError,
  TimValidationError,
} from "@timkit/client";

/** Why a receipt failed, in the words the results table shows. */
export interface ReceiptFailure {
  /** The API's error code ("20003"), or what happened instead of an answer ("Network", "HTTP 502"). */
  code: string;
  /** The error catalogue's description of the code, or what the failure means. */
  meaning: string;
  /** True when sending the same receipt again may succeed (a transient failure). */
  retryWorthwhile: boolean;
  /** No UserSig could be had: a problem of the console's setup rather than of this receipt. */
  userSigUnavailable: boolean;
}

/** One MsgKey's line in the results. */
export interface ReceiptRow {
  msgKey: string;
  status: "acknowledged" | "failed";
  failure?: ReceiptFailure;
}

/** The results shown after sending: one row per MsgKey, and how many HTTP requests that took. */
export interface ReceiptOutcome {
  reader: string;
  sender: string;
  rows: ReceiptRow[];
  requests: number;
}

const requestProblems: Record<TimRequestError["reason"], { code: string; meaning: string }> = {
  network: {
    code: "Network",
    meaning: "No answer: the server could not be reached (down, offline or CORS).",
  },
  timeout: { code: "Timeout", meaning: "No answer within the time limit, retries included." },
  aborted: { code: "Cancelled", meaning: "The request was cancelled before an answer came." },
  "http-status": {
    code: "HTTP",
    meaning: "A gateway answered with an HTTP error instead of the API's JSON.",
  },
  "invalid-body": { code: "Bad answer", meaning: "The answer was not the API's JSON envelope." },
  "user-sig": { code: "UserSig", meaning: "No UserSig could be had for the administrator." },
  "rate-limited": {
    code: "Rate limit",
    meaning: "Not sent: the command's calls per second were used up, and its turn would not come in time.",
  },
};

/**
 * What a failure means for the person at the console. API errors are explained by the error catalogue
 * generated from the spec; a request that got no answer says why.
 *
 * @example
 * describeFailure(new TimApiError({ operation: "c2cMsgReadReceipt", code: 20003, info: "" })).meaning
 * // → "Sender or recipient UserID is invalid or does not exist. …"
 */
export function describeFailure(error: unknown): ReceiptFailure {
  if (error instanceof TimApiError) {
    return {
      code: String(error.code),
      meaning:
        error.description ?? (error.info ? `${error.info} (undocumented code)` : "Undocumented error code."),
      retryWorthwhile: error.retryable,
      userSigUnavailable: false,
    };
  }
  if (error instanceof TimRequestError) {
    const problem = requestProblems[error.reason] ?? { code: "Request", meaning: error.message };
    const userSigUnavailable = error.reason === "user-sig";
    return {
      code: error.reason === "http-status" && error.status ? `HTTP ${error.status}` : problem.code,
      // For a missing UserSig the banner above the form says why and what to do.
      meaning: problem.meaning,
      retryWorthwhile: error.retryable,
      userSigUnavailable,
    };
  }
  if (error instanceof TimValidationError) {
    // A key the client refused on its own (too long, say): nothing was sent for it.
    return {
      code: "Not sent",
      meaning: `The MsgKey must be ${error.expected}.`,
      retryWorthwhile: false,
      userSigUnavailable: false,
    };
  }
  return {
    code: "Error",
    meaning: error instanceof Error ? error.message : String(error),
    retryWorthwhile: false,
    userSigUnavailable: false,
  };
}

/**
 * What the UserSig provider said under a client error: the console's own `UserSigUnavailableError` when
 * it is in the cause chain (it names the endpoint), else the innermost cause.
 */
export function causeMessage(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth += 1) {
    current = current.cause;
    if ((current as Error).name === "UserSigUnavailableError") break;
  }
  if (current === error || !(current instanceof Error)) return "";
  return current.message;
}

/**
 * The rows for one send, in the order the MsgKeys were given. A key the answer does not mention is shown
 * as failed rather than dropped: the table must account for every key.
 */
export function receiptRows(msgKeys: readonly string[], result: ReadReceiptsResult): ReceiptRow[] {
  const acknowledged = new Set(result.acknowledged);
  const failures = new Map(result.failed.map(({ msgKey, error }) => [msgKey, error]));
  return msgKeys.map((msgKey): ReceiptRow => {
    if (acknowledged.has(msgKey)) return { msgKey, status: "acknowledged" };
    const error = failures.has(msgKey)
      ? failures.get(msgKey)
      : new TimError("The answer did not mention this MsgKey.");
    return { msgKey, status: "failed", failure: describeFailure(error) };
  });
}

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
