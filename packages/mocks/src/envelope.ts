import { describeErrorCode, type ErrorCatalogEntry, type OperationId, type TimErrorCode } from "@timkit/spec";

/** The success answer every command shares; commands that return data add fields beside these. */
export interface SuccessEnvelope {
  ActionStatus: "OK";
  ErrorInfo: string;
  ErrorCode: 0;
}

/** A failure answer: `ErrorInfo` is always the catalogue's text for `ErrorCode`. */
export interface FailureEnvelope {
  ActionStatus: "FAIL";
  ErrorInfo: string;
  ErrorCode: TimErrorCode;
}

export type TimEnvelope = SuccessEnvelope | FailureEnvelope;

/**
 * The success envelope, in the key order of Tencent's documentation.
 *
 * @example
 * ok() // → { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }
 */
export function ok(): SuccessEnvelope {
  return { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 };
}

/**
 * What a code means to an operation (its own text, one of its ranges, or the common text), or to any
 * command when no operation is named; undefined for a code neither documents.
 *
 * @example
 * errorEntry("c2cMsgReadReceipt", 20003)?.description // → "Sender or recipient UserID is invalid…"
 */
export function errorEntry(
  operationId: OperationId | undefined,
  code: number,
): ErrorCatalogEntry | undefined {
  return describeErrorCode(operationId, code);
}

/**
 * The failure envelope for a documented code, with the catalogue's text for that operation (or the common
 * text when no operation is named), so that it is never typed twice.
 *
 * @example
 * fail(20003, "c2cMsgReadReceipt") // → { ActionStatus: "FAIL", ErrorInfo: "Sender or recipient UserID is invalid…", ErrorCode: 20003 }
 */
export function fail(code: number, operationId?: OperationId, info?: string): FailureEnvelope {
  const entry = errorEntry(operationId, code);
  if (!entry) throw new TypeError(`${code} is not a code ${operationId ?? "every command"} documents`);
  return {
    ActionStatus: "FAIL",
    ErrorInfo: info ?? entry.errorInfo ?? entry.description,
    ErrorCode: code as TimErrorCode,
  };
}
