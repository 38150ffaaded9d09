import { TimValidationError } from "@timkit/client";
import { describe, expect, it } from "vitest";
import { fieldErrorsOf, formFieldOf } from "./field-errors";

describe("formFieldOf", () => {
  it("maps the client's fields and the body fields they become to the form's fields", () => {
    expect(formFieldOf("Operator_Account")).toBe("reader");
    expect(formFieldOf("C2CMsgInfo[2].To_Account")).toBe("reader");
    expect(formFieldOf("Peer_Account")).toBe("sender");
    expect(formFieldOf("C2CMsgInfo[0].From_Account")).toBe("sender");
    expect(formFieldOf("msgKeys")).toBe("msgKeys");
    expect(formFieldOf("C2CMsgInfo[3].MsgKey")).toBe("msgKeys");
    expect(formFieldOf("body")).toBeUndefined();
  });
});

describe("fieldErrorsOf", () => {
  it("says what the field must be, in the form's words", () => {
    const error = new TimValidationError({
      operation: "c2cMsgReadReceipt",
      field: "Peer_Account",
      expected: "at most 32 characters long",
      received: '"a-very-long-user-id-that-goes-on-and-on"',
      rule: "maxLength",
    });
    expect(fieldErrorsOf(error)).toEqual({
      sender:
        'Sender (Peer_Account) must be at most 32 characters long, got "a-very-long-user-id-that-goes-on-and-on".',
    });
  });
});
