import { describe, expect, it } from "vitest";
import { accountsIn, firstRuleViolation, operationTable, valuesAt, visitValuesAt } from "../src/index";

const { rules, accountFields } = operationTable.c2cMsgReadReceipt;
const receipt = (from: string, to: string) => ({ From_Account: from, To_Account: to, MsgKey: "k" });

describe("valuesAt", () => {
  it("steps into every item of an array and reports where each value came from", () => {
    expect(
      valuesAt({ C2CMsgInfo: [receipt("a", "b"), receipt("c", "d")] }, "C2CMsgInfo[].From_Account"),
    ).toEqual([
      { location: "C2CMsgInfo[0].From_Account", value: "a" },
      { location: "C2CMsgInfo[1].From_Account", value: "c" },
    ]);
  });

  it("yields nothing for missing steps, non-objects and non-arrays instead of throwing", () => {
    expect(valuesAt(null, "A.B")).toEqual([]);
    expect(valuesAt({ C2CMsgInfo: "x" }, "C2CMsgInfo[].From_Account")).toEqual([]);
    expect(valuesAt({ A: 1 }, "A.B")).toEqual([]);
  });

  it("does not read inherited properties", () => {
    expect(valuesAt({}, "constructor")).toEqual([]);
  });
});

describe("visitValuesAt", () => {
  it("stops at the value the visitor stops at, and spells the location of that one", () => {
    const body = { C2CMsgInfo: [receipt("a", "b"), receipt("c", "d"), receipt("e", "f")] };
    const seen: unknown[] = [];
    let where = "";
    const stopped = visitValuesAt(body, "C2CMsgInfo[].From_Account", (value, location) => {
      seen.push(value);
      if (value !== "c") return false;
      where = location();
      return true;
    });
    expect({ stopped, seen, where }).toEqual({
      stopped: true,
      seen: ["a", "c"],
      where: "C2CMsgInfo[1].From_Account",
    });
  });

  it("answers false when it visited every value", () => {
    expect(visitValuesAt({ A: [{ B: 1 }, { B: 2 }] }, "A[].B", () => false)).toBe(false);
  });
});

describe("firstRuleViolation", () => {
  it("accepts a body whose items match the reader and the sender", () => {
    const body = { Operator_Account: "b", Peer_Account: "a", C2CMsgInfo: [receipt("a", "b")] };
    expect(firstRuleViolation(rules, body)).toBeUndefined();
  });

  it("locates an item whose sender is not Peer_Account", () => {
    const body = {
      Operator_Account: "b",
      Peer_Account: "a",
      C2CMsgInfo: [receipt("a", "b"), receipt("x", "b")],
    };
    expect(firstRuleViolation(rules, body)).toMatchObject({
      field: "C2CMsgInfo[1].From_Account",
      value: "x",
      expected: "Peer_Account",
      expectedValue: "a",
      code: 20001,
    });
  });

  it("catches the swapped accounts the documentation warns about", () => {
    const body = { Operator_Account: "b", Peer_Account: "a", C2CMsgInfo: [receipt("b", "a")] };
    expect(firstRuleViolation(rules, body)?.field).toBe("C2CMsgInfo[0].From_Account");
  });
});

describe("accountsIn", () => {
  it("lists each UserID the body names once, where it first appears and the code if it is unknown", () => {
    const body = {
      Operator_Account: "b",
      Peer_Account: "a",
      C2CMsgInfo: [receipt("a", "b"), receipt("a", "c")],
    };
    expect(accountsIn(accountFields, body)).toEqual([
      { account: "b", field: "Operator_Account", code: 20003 },
      { account: "a", field: "Peer_Account", code: 20003 },
      { account: "c", field: "C2CMsgInfo[1].To_Account", code: 20003 },
    ]);
  });
});
