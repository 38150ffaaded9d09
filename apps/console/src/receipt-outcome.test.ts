import { TimApiError, TimRequestError, TimValidationError } from "@timkit/client";
import { describe, expect, it } from "vitest";
import {
  causeMessage,
  describeFailure,
  mergeRows,
  receiptRows,
  retryableKeys,
  summarize,
} from "./receipt-outcome";
import { UserSigUnavailableError } from "./user-sig-provider";

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
    ).toEqual({
      code: "91000",
      meaning: "Internal service error, please retry.",
      retryWorthwhile: true,
      userSigUnavailable: false,
    });
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
      retryWorthwhile: false,
    });
  });

  it("marks a missing UserSig as a setup problem and keeps the provider's reason for the banner", () => {
    const error = new TimRequestError({
      reason: "user-sig",
      message: "userSig provider failed",
      cause: new Error("Could not get a UserSig from http://x/__sandbox/usersig: HTTP 503"),
    });
    expect(describeFailure(error)).toMatchObject({ code: "UserSig", userSigUnavailable: true });
    expect(causeMessage(error)).toContain("HTTP 503");
  });

  it("quotes the provider's own error rather than the fetch failure under it", () => {
    const unreachable = new UserSigUnavailableError(
      "http://x/__sandbox/usersig",
      "the endpoint could not be reached",
      {
        cause: new TypeError("Failed to fetch"),
      },
    );
    const error = new TimRequestError({
      reason: "user-sig",
      message: "userSig provider failed",
      cause: unreachable,
    });
    expect(causeMessage(error)).toBe(
      "Could not get a UserSig from http://x/__sandbox/usersig: the endpoint could not be reached",
    );
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
      userSigUnavailable: false,
    });
  });
});

describe("receipt rows", () => {
  const transient = new TimApiError({ operation: "c2cMsgReadReceipt", code: 20004, info: "" });
  const final = new TimApiError({ operation: "c2cMsgReadReceipt", code: 20003, info: "" });

  it("follow the order the keys were given and account for every key", () => {
    const rows = receiptRows(["a", "b", "c"], {
      acknowledged: ["c", "a"],
      failed: [],
      requests: 1,
    });
    expect(rows.map((row) => [row.msgKey, row.status, row.failure?.code])).toEqual([
      ["a", "acknowledged", undefined],
      ["b", "failed", "Error"],
      ["c", "acknowledged", undefined],
    ]);
  });

  it("offer only transient failures for a retry, and a retry's rows replace the earlier ones", () => {
    const rows = receiptRows(["a", "b", "c"], {
      acknowledged: ["a"],
      failed: [
        { msgKey: "b", error: transient },
        { msgKey: "c", error: final },
      ],
      requests: 2,
    });
    expect(retryableKeys(rows)).toEqual(["b"]);
    expect(summarize({ rows, requests: 2 })).toBe("1 acknowledged, 2 failed in 2 requests");
    const merged = mergeRows(rows, receiptRows(["b"], { acknowledged: ["b"], failed: [], requests: 1 }));
    expect(merged.map((row) => row.status)).toEqual(["acknowledged", "acknowledged", "failed"]);
    expect(summarize({ rows: merged, requests: 3 })).toBe("2 acknowledged, 1 failed in 3 requests");
    expect(summarize({ rows: rows.slice(1), requests: 0 })).toBe("0 acknowledged, 2 failed, nothing sent");
  });
});
