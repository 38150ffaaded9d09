import { TimApiError, TimRequestError, TimValidationError } from "@timkit/client";
import { describe, expect, it } from "vitest";
import { fieldErrorOf, receiptFields } from "./field-errors.js";
import { describeFailure, receiptRows } from "./receipt-rows.js";

describe("describeFailure", () => {
  it("explains an API error with the catalogue and its retry advice", () => {
    expect(
      describeFailure(
        new TimApiError({
          operation: "c2cMsgReadReceipt",
          code: 91000,
          info: "Internal service error, please retry.",
        }),
      ),
    ).toEqual({ code: "91000", meaning: "Internal service error, please retry.", retryWorthwhile: true });
    expect(
      describeFailure(new TimApiError({ operation: "c2cMsgReadReceipt", code: 12345, info: "odd" })).meaning,
    ).toBe("odd (undocumented code)");
  });

  it("names the HTTP status a gateway answered and whether it is transient", () => {
    const gateway = new TimRequestError({ reason: "http-status", status: 502, message: "HTTP 502" });
    expect(describeFailure(gateway)).toMatchObject({ code: "HTTP 502", retryWorthwhile: true });
    const refused = new TimRequestError({ reason: "http-status", status: 403, message: "HTTP 403" });
    expect(describeFailure(refused)).toMatchObject({ code: "HTTP 403", retryWorthwhile: false });
  });

  it("says a receipt held back by the client's rate limit was not sent", () => {
    const error = new TimRequestError({ reason: "rate-limited", message: "its turn would come too late" });
    expect(describeFailure(error)).toMatchObject({
      code: "Rate limit",
      meaning: expect.stringMatching(/^Not sent/),
    });
  });

  it("says a key the client refused alone was not sent and would fail again", () => {
    const error = new TimValidationError({
      operation: "c2cMsgReadReceipt",
      field: "C2CMsgInfo[0].MsgKey",
      expected: "at most 50 characters long",
      rule: "maxLength",
    });
    expect(describeFailure(error)).toEqual({
      code: "Not sent",
      meaning: "The MsgKey must be at most 50 characters long.",
      retryWorthwhile: false,
    });
  });

  it("does not repeat the message of an unexpected error, which nobody vetted for secrets", () => {
    expect(describeFailure(new Error("boom with a secret")).meaning).not.toContain("secret");
  });
});

describe("receiptRows", () => {
  it("follows the order the keys were given and accounts for every key", () => {
    const rows = receiptRows(["a", "b", "c"], { acknowledged: ["c", "a"], failed: [], requests: 1 });
    expect(rows.map((row) => [row.msgKey, row.status, row.failure?.code])).toEqual([
      ["a", "acknowledged", undefined],
      ["b", "failed", "Error"],
      ["c", "acknowledged", undefined],
    ]);
  });
});

describe("fieldErrorOf", () => {
  it("names the API's field for the client's parameters and the body fields they become", () => {
    const error = (field: string) =>
      new TimValidationError({ operation: "c2cMsgReadReceipt", field, expected: "x", rule: "type" });
    expect(fieldErrorOf(error("Operator_Account"), receiptFields)?.field).toBe("reader");
    expect(fieldErrorOf(error("C2CMsgInfo[2].To_Account"), receiptFields)?.field).toBe("reader");
    expect(fieldErrorOf(error("Peer_Account"), receiptFields)?.field).toBe("sender");
    expect(fieldErrorOf(error("C2CMsgInfo[0].From_Account"), receiptFields)?.field).toBe("sender");
    expect(fieldErrorOf(error("C2CMsgInfo[3].MsgKey"), receiptFields)).toEqual({
      field: "msgKeys",
      message: "MsgKey 4 must be x.",
    });
    expect(fieldErrorOf(error("body"), receiptFields)).toBeUndefined();
  });

  it("says what the field must be, in the form's words", () => {
    const error = new TimValidationError({
      operation: "c2cMsgReadReceipt",
      field: "Peer_Account",
      expected: "at most 32 characters long",
      received: '"a-very-long-user-id-that-goes-on-and-on"',
      rule: "maxLength",
    });
    expect(fieldErrorOf(error, receiptFields)).toEqual({
      field: "sender",
      message:
        'Sender (Peer_Account) must be at most 32 characters long, got "a-very-long-user-id-that-goes-on-and-on".',
    });
  });
});
