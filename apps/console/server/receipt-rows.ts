import {
  type ReadReceiptsResult,
  TimApiError,
  TimError,
  TimRequestError,
  TimValidationError,
} from "@timkit/client";
import type { ReceiptFailure, ReceiptRow } from "../src/console-api-types.js";

const requestProblems: Record<TimRequestError["reason"], { code: string; meaning: string }> = {
  network: {
    code: "Network",
    meaning: "No answer: Tencent's API could not be reached from the console server.",
  },
  timeout: { code: "Timeout", meaning: "No answer within the time limit, retries included." },
  aborted: { code: "Cancelled", meaning: "The request was cancelled before an answer came." },
  "http-status": {
    code: "HTTP",
    meaning: "A gateway answered with an HTTP error instead of the API's JSON.",
  },
  "invalid-body": { code: "Bad answer", meaning: "The answer was not the API's JSON envelope." },
  "user-sig": { code: "UserSig", meaning: "The console server could not make the administrator's UserSig." },
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
    };
  }
  if (error instanceof TimRequestError) {
    const problem = requestProblems[error.reason] ?? { code: "Request", meaning: "The request failed." };
    return {
      code: error.reason === "http-status" && error.status ? `HTTP ${error.status}` : problem.code,
      meaning: problem.meaning,
      retryWorthwhile: error.retryable,
    };
  }
  if (error instanceof TimValidationError) {
    // A key the client refused on its own (too long, say): nothing was sent for it.
    return { code: "Not sent", meaning: `The MsgKey must be ${error.expected}.`, retryWorthwhile: false };
  }
  return {
    code: "Error",
    meaning: "An unexpected error; the console server's log has no more.",
    retryWorthwhile: false,
  };
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
