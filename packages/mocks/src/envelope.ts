import { errorCatalog, type OperationInfo, type TimErrorCode } from "@timkit/spec";

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
 * The failure envelope for a documented code. The text comes from the generated catalogue so that it is
 * never typed twice.
 *
 * @example
 * fail(20003) // → { ActionStatus: "FAIL", ErrorInfo: "Sender or recipient UserID is invalid…", ErrorCode: 20003 }
 */
export function fail(code: TimErrorCode): FailureEnvelope {
  return { ActionStatus: "FAIL", ErrorInfo: errorCatalog[code].description, ErrorCode: code };
}

/** True when `code` is in the catalogue of documented error codes. */
export function isTimErrorCode(code: unknown): code is TimErrorCode {
  return typeof code === "number" && Object.hasOwn(errorCatalog, code);
}

/**
 * The first of `preferred` that the operation documents, else `fallback` (a common code any command can
 * answer). Keeps every answer inside the operation's documented list, so it validates against the spec.
 *
 * @example
 * codeFor(operationTable.c2cMsgReadReceipt, [90009], 70403) // → 90009
 */
export function codeFor(
  operation: OperationInfo,
  preferred: readonly TimErrorCode[],
  fallback: TimErrorCode,
): TimErrorCode {
  for (const code of preferred) if (operation.errorCodes.includes(code)) return code;
  return fallback;
}
