import { getResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createTimMock } from "../src/create-tim-mock.js";
import { timOrigins } from "../src/tim-origins.js";
import { adminUserSig, readReceiptPath } from "./scenarios.js";
import { readReceiptCode, receiptBody, sendReadReceipt } from "./send-request.js";

describe("options", () => {
  it("answers on every regional domain, primary and backup", async () => {
    const mock = createTimMock();
    const origins = timOrigins();
    expect(origins).toHaveLength(14);
    for (const origin of origins) expect(await readReceiptCode(mock, { origin })).toBe(0);
  });

  it("answers on baseUrl too, path prefix included", async () => {
    const mock = createTimMock({ baseUrl: "http://127.0.0.1:4010/tim/" });
    expect(await readReceiptCode(mock, { origin: "http://127.0.0.1:4010/tim" })).toBe(0);
    const elsewhere = await getResponse(
      mock.handlers,
      new Request(`http://127.0.0.1:4010${readReceiptPath}`, { method: "POST", body: "{}" }),
    );
    expect(elsewhere).toBeUndefined();
  });

  it("accepts any non-empty usersig when verifyUserSig is false, but still refuses an empty one", async () => {
    const mock = createTimMock({ verifyUserSig: false });
    expect(await readReceiptCode(mock, { query: { usersig: "anything" } })).toBe(0);
    expect(await readReceiptCode(mock, { query: { usersig: "" } })).toBe(70002);
  });

  it("uses the sdkAppId, secret key, admins and accounts it is given", async () => {
    const mock = createTimMock({
      sdkAppId: 1400000000,
      secretKey: "k",
      admins: ["ops"],
      accounts: ["alice", "bob"],
    });
    const usersig = await adminUserSig({ sdkAppId: 1400000000, secretKey: "k", identifier: "ops" });
    const query = { sdkappid: "1400000000", identifier: "ops", usersig };
    expect(await readReceiptCode(mock, { query, body: receiptBody("alice", "bob", ["k"]) })).toBe(0);
    expect(await readReceiptCode(mock, { query, body: receiptBody("user1", "user2", ["k"]) })).toBe(20003);
    expect(await readReceiptCode(mock, { query: { ...query, identifier: "admin" } })).toBe(90009);
    expect(await readReceiptCode(mock)).toBe(70020);
  });

  it("checks a UserSig again for each administrator it is sent for: one made for admin is refused for ops, and still accepted for admin", async () => {
    const mock = createTimMock({ admins: ["admin", "ops"] });
    const usersig = await adminUserSig({ identifier: "admin" });
    expect(await readReceiptCode(mock, { query: { usersig } })).toBe(0);
    expect(await readReceiptCode(mock, { query: { usersig, identifier: "ops" } })).toBe(70013);
    expect(await readReceiptCode(mock, { query: { usersig } })).toBe(0);
  });

  it("expires UserSigs on the mock's own clock", async () => {
    let now = 1_800_000_000;
    const mock = createTimMock({ now: () => now });
    const usersig = await adminUserSig({ now, expireSeconds: 60 });
    expect(await readReceiptCode(mock, { query: { usersig } })).toBe(0);
    now += 60;
    expect(await readReceiptCode(mock, { query: { usersig } })).toBe(0);
    now += 1;
    expect(await readReceiptCode(mock, { query: { usersig } })).toBe(70001);
  });

  it("answers cross-field contradictions with ruleViolationCode", async () => {
    const mock = createTimMock({ ruleViolationCode: 90048 });
    const swapped = receiptBody("user1", "user2", ["k"]);
    swapped.C2CMsgInfo[0] = { From_Account: "user1", To_Account: "user2", MsgKey: "k" };
    expect(await readReceiptCode(mock, { body: swapped })).toBe(90048);
  });

  it("names what was wrong in a header, leaving the body as Tencent's", async () => {
    const mock = createTimMock();
    const response = await sendReadReceipt(mock, { body: receiptBody("user1", "stranger", ["k"]) });
    expect(response.headers.get("x-timkit-mock-detail")).toBe(
      "Peer_Account: account stranger is not imported",
    );
  });

  it("refuses options that could never work", () => {
    expect(() => createTimMock({ sdkAppId: 0 })).toThrow(/sdkAppId/);
    expect(() => createTimMock({ admins: [] })).toThrow(/admins/);
    expect(() => createTimMock({ accounts: ["x".repeat(40)] })).toThrow(/accounts/);
    expect(() => createTimMock({ baseUrl: "localhost:4010" })).toThrow(/baseUrl/);
    expect(() => createTimMock({ ruleViolationCode: 1 as never })).toThrow(/ruleViolationCode/);
    expect(() => createTimMock({ maxReceipts: 0 })).toThrow(/maxReceipts/);
  });
});
