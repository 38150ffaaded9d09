import type { OperationInfo, TimErrorCode } from "@timkit/spec";
import { codeFor } from "./envelope.js";

/**
 * Which documented code answers which mistake, for one operation. Where Tencent documents the answer
 * (the seed's own table), that code; where it does not, a documented code of the same meaning, chosen
 * once here and listed in the README's validation table. Operation-specific codes fall back to a common
 * code when an operation does not list them, so every answer stays inside the operation's documented list.
 */
export interface MistakeCodes {
  readonly sdkAppIdMissing: TimErrorCode;
  readonly sdkAppIdUnknown: TimErrorCode;
  readonly identifierMissing: TimErrorCode;
  readonly notAdmin: TimErrorCode;
  readonly userSigEmpty: TimErrorCode;
  readonly userSigMalformed: TimErrorCode;
  readonly userSigOtherSdkAppId: TimErrorCode;
  readonly userSigOtherIdentifier: TimErrorCode;
  readonly userSigBadSignature: TimErrorCode;
  readonly userSigRejected: TimErrorCode;
  readonly userSigExpired: TimErrorCode;
  readonly randomInvalid: TimErrorCode;
  readonly contentTypeNotJson: TimErrorCode;
  readonly bodyTooLong: TimErrorCode;
  readonly bodyNotJson: TimErrorCode;
  readonly bodyInvalid: TimErrorCode;
  readonly ruleViolated: TimErrorCode;
  readonly accountNotImported: TimErrorCode;
}

/** Why a request is refused: the documented code to answer, and a note for people reading logs. */
export interface Rejection {
  readonly code: TimErrorCode;
  readonly detail: string;
}

/** The answer to a request for a command the mock does not know, or with a method other than POST. */
export const unknownCommandCode: TimErrorCode = 60009;

/**
 * The codes for one operation; `ruleViolationCode` is the mock option of the same name.
 *
 * @example
 * mistakeCodesFor(operationTable.c2cMsgReadReceipt, 20001).notAdmin // → 90009
 */
export function mistakeCodesFor(operation: OperationInfo, ruleViolationCode: TimErrorCode): MistakeCodes {
  return {
    sdkAppIdMissing: 60012,
    sdkAppIdUnknown: 70020,
    identifierMissing: 60004,
    notAdmin: codeFor(operation, [90009], 70403),
    userSigEmpty: 70002,
    userSigMalformed: 70003,
    userSigOtherSdkAppId: 70014,
    userSigOtherIdentifier: 70013,
    userSigBadSignature: 70009,
    userSigRejected: 70005,
    userSigExpired: 70001,
    randomInvalid: 70402,
    contentTypeNotJson: 60002,
    bodyTooLong: codeFor(operation, [93000], 60002),
    bodyNotJson: codeFor(operation, [90001], 60003),
    bodyInvalid: codeFor(operation, [20001], 70402),
    ruleViolated: ruleViolationCode,
    accountNotImported: codeFor(operation, [20003], 70107),
  };
}
