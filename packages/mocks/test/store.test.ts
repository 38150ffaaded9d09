import { describe, expect, it } from "vitest";
import { createTimMock } from "../src/create-tim-mock.js";
import { readReceiptCode, receiptBody } from "./send-request.js";

// Close to the real clock: the UserSigs the helpers make are issued now, for a day.
const fixedNow = Math.floor(Date.now() / 1000) + 60;

describe("the store", () => {
  it("records who read which message from whom, and when", async () => {
    const mock = createTimMock({ now: () => fixedNow });
    expect(await readReceiptCode(mock, { body: receiptBody("user1", "user2", ["k1", "k2"]) })).toBe(0);
    expect(mock.store.receipts.list()).toEqual([
      { reader: "user1", sender: "user2", msgKey: "k1", at: fixedNow },
      { reader: "user1", sender: "user2", msgKey: "k2", at: fixedNow },
    ]);
  });

  it("filters receipts by reader, sender and MsgKey", async () => {
    const mock = createTimMock();
    await readReceiptCode(mock, { body: receiptBody("user1", "user2", ["a"]) });
    await readReceiptCode(mock, { body: receiptBody("user2", "user1", ["b"]) });
    expect(mock.store.receipts.list({ reader: "user2" }).map((receipt) => receipt.msgKey)).toEqual(["b"]);
    expect(mock.store.receipts.list({ sender: "user2" }).map((receipt) => receipt.msgKey)).toEqual(["a"]);
    expect(mock.store.receipts.list({ msgKey: "b", reader: "user1" })).toEqual([]);
  });

  it("keeps the first receipt when the same message is read twice", async () => {
    let now = fixedNow;
    const mock = createTimMock({ now: () => now });
    await readReceiptCode(mock, { body: receiptBody("user1", "user2", ["k"]) });
    now += 60;
    expect(await readReceiptCode(mock, { body: receiptBody("user1", "user2", ["k"]) })).toBe(0);
    expect(mock.store.receipts.list()).toEqual([
      { reader: "user1", sender: "user2", msgKey: "k", at: fixedNow },
    ]);
  });

  it("records nothing for a refused request", async () => {
    const mock = createTimMock();
    expect(await readReceiptCode(mock, { body: receiptBody("user1", "stranger", ["k"]) })).toBe(20003);
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("makes a refused account usable once it is imported", async () => {
    const mock = createTimMock();
    const body = receiptBody("user1", "user3", ["k"]);
    expect(await readReceiptCode(mock, { body })).toBe(20003);
    expect(mock.store.accounts.importIds(["user3", "user1"])).toBe(1);
    expect(await readReceiptCode(mock, { body })).toBe(0);
  });

  it("drops the oldest receipts beyond maxReceipts and counts them", async () => {
    const mock = createTimMock({ maxReceipts: 3 });
    await readReceiptCode(mock, { body: receiptBody("user1", "user2", ["k1", "k2", "k3", "k4", "k5"]) });
    expect(mock.store.receipts.list().map((receipt) => receipt.msgKey)).toEqual(["k3", "k4", "k5"]);
    expect(mock.store.snapshot().droppedReceipts).toBe(2);
  });

  it("refuses to import past maxAccounts", () => {
    const mock = createTimMock({ maxAccounts: 4 });
    expect(() => mock.store.accounts.importIds(["a", "b"])).toThrow(RangeError);
    expect(mock.store.accounts.importIds(["a"])).toBe(1);
    expect(mock.store.accounts.has("b")).toBe(false);
  });

  it("refuses UserIDs the service would refuse", () => {
    const mock = createTimMock();
    expect(() => mock.store.accounts.importIds([""])).toThrow(TypeError);
    expect(() => mock.store.accounts.importIds(["x".repeat(33)])).toThrow(TypeError);
    expect(() => mock.store.accounts.importIds([42 as unknown as string])).toThrow(TypeError);
  });

  it("snapshots plain JSON", async () => {
    const mock = createTimMock({ now: () => fixedNow });
    await readReceiptCode(mock);
    const snapshot = mock.store.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      sdkAppId: 88888888,
      admins: ["admin"],
      accounts: ["admin", "user1", "user2"].map((UserID) => ({ UserID, importedAt: fixedNow })),
      receipts: [{ reader: "user1", sender: "user2", msgKey: "1467329515_5675354_1708676941", at: fixedNow }],
      droppedReceipts: 0,
    });
  });

  it("resets to the options' accounts and no receipts", async () => {
    const mock = createTimMock({ accounts: ["user1", "user2", "user3"] });
    mock.store.accounts.importIds(["user4"]);
    await readReceiptCode(mock);
    mock.reset();
    expect(mock.store.accounts.ids()).toEqual(["admin", "user1", "user2", "user3"]);
    expect(mock.store.receipts.list()).toEqual([]);
  });
});
