// The account commands against one mock: what each does to the accounts every other command reads.
import { errorCatalog, operationExamples } from "@timkit/spec";
import { describe, expect, it } from "vitest";
import { createTimMock } from "../src/create-tim-mock.js";
import { contractViolation } from "./response-contract.js";
import { answerOf, readReceiptCode } from "./send-request.js";

const fixedNow = 1_700_000_000;

describe("account_import", () => {
  it("imports an account with its nickname and profile photo, at the mock's time", async () => {
    const mock = createTimMock({ now: () => fixedNow });
    const answer = await answerOf(mock, "accountImport", {
      body: { UserID: "alice", Nick: "Alice", FaceUrl: "https://a.example/a.png" },
    });
    expect(answer).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(mock.store.accounts.get("alice")).toEqual({
      UserID: "alice",
      Nick: "Alice",
      FaceUrl: "https://a.example/a.png",
      importedAt: fixedNow,
    });
  });

  it("updates an account imported again, keeping its identity and the fields not given", async () => {
    let now = fixedNow;
    const mock = createTimMock({ now: () => now });
    await answerOf(mock, "accountImport", {
      body: { UserID: "alice", Nick: "Alice", FaceUrl: "https://a.example/a.png" },
    });
    now += 60;
    expect(
      (await answerOf(mock, "accountImport", { body: { UserID: "alice", Nick: "Ally" } })).ErrorCode,
    ).toBe(0);
    expect(mock.store.accounts.get("alice")).toEqual({
      UserID: "alice",
      Nick: "Ally",
      FaceUrl: "https://a.example/a.png",
      importedAt: fixedNow,
    });
    expect(mock.store.accounts.ids().filter((id) => id === "alice")).toHaveLength(1);
  });

  it("answers 70398 at the account limit and imports nothing", async () => {
    const mock = createTimMock({ accounts: [], maxAccounts: 1 });
    const answer = await answerOf(mock, "accountImport", { body: { UserID: "alice" } });
    expect(answer).toEqual({
      ActionStatus: "FAIL",
      ErrorInfo: errorCatalog.accountImport[70398].description,
      ErrorCode: 70398,
    });
    expect(mock.store.accounts.has("alice")).toBe(false);
  });

  it("answers 70402 for a UserID over 32 bytes of UTF-8, naming the field in the detail header", async () => {
    const mock = createTimMock();
    const response = await (await import("./send-request.js")).callOperation(mock, "accountImport", {
      body: { UserID: "é".repeat(17) },
    });
    expect((await response.json()).ErrorCode).toBe(70402);
    expect(response.headers.get("x-timkit-mock-detail")).toBe("UserID must be at most 32 bytes of UTF-8");
    expect(mock.store.accounts.ids()).toEqual(["admin", "user1", "user2"]);
  });
});

describe("multiaccount_import", () => {
  it("imports accounts given as UserIDs, and as profiles", async () => {
    const mock = createTimMock();
    const byIds = await answerOf(mock, "multiaccountImport", { body: { Accounts: ["a1", "a2"] } });
    expect(byIds).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0, FailAccounts: [] });
    await answerOf(mock, "multiaccountImport", {
      body: { AccountList: [{ UserID: "a2", Nick: "Two" }, { UserID: "a3" }] },
    });
    expect(mock.store.accounts.ids()).toEqual(["admin", "user1", "user2", "a1", "a2", "a3"]);
    expect(mock.store.accounts.get("a2")?.Nick).toBe("Two");
  });

  it("lists in FailAccounts the accounts past the account limit, and still succeeds", async () => {
    const mock = createTimMock({ accounts: [], maxAccounts: 2 });
    const answer = await answerOf(mock, "multiaccountImport", { body: { Accounts: ["a1", "a2", "admin"] } });
    expect(answer.FailAccounts).toEqual(["a2"]);
    expect(contractViolation("multiaccountImport", answer)).toBeUndefined();
  });

  it("answers 70402 for both forms at once, neither, or more than 100 accounts, importing nothing", async () => {
    const mock = createTimMock();
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    for (const body of [{ Accounts: ["a1"], AccountList: [{ UserID: "a2" }] }, {}, { Accounts: many }]) {
      expect(
        (await answerOf(mock, "multiaccountImport", { body })).ErrorCode,
        JSON.stringify(body).slice(0, 60),
      ).toBe(70402);
    }
    expect(mock.store.accounts.ids()).toEqual(["admin", "user1", "user2"]);
  });
});

describe("account_check", () => {
  it("says for each requested UserID, in order, whether it is imported", async () => {
    const mock = createTimMock();
    const answer = await answerOf(mock, "accountCheck", {
      body: { CheckItem: [{ UserID: "nobody" }, { UserID: "user1" }] },
    });
    expect(answer.ResultItem).toEqual([
      { UserID: "nobody", ResultCode: 0, ResultInfo: "", AccountStatus: "NotImported" },
      { UserID: "user1", ResultCode: 0, ResultInfo: "", AccountStatus: "Imported" },
    ]);
  });
});

describe("account_delete", () => {
  // The failed item of Tencent's own example, as the spec holds it.
  const documentedFailure = operationExamples.accountDelete.responses.ok.value.ResultItem.find(
    ({ ResultCode }) => ResultCode !== 0,
  );

  it("deletes accounts and reports 70107 for one that does not exist, with Tencent's ResultInfo of the documented example", async () => {
    const mock = createTimMock();
    const answer = await answerOf(mock, "accountDelete", {
      body: { DeleteItem: [{ UserID: "user2" }, { UserID: "nobody" }] },
    });
    expect(answer).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      ResultItem: [
        { ResultCode: 0, ResultInfo: "", UserID: "user2" },
        { ResultCode: 70107, ResultInfo: documentedFailure?.ResultInfo, UserID: "nobody" },
      ],
    });
    expect(mock.store.accounts.has("user2")).toBe(false);
  });

  it("makes a read receipt naming the deleted account answer 20003", async () => {
    const mock = createTimMock();
    expect(await readReceiptCode(mock)).toBe(0);
    await answerOf(mock, "accountDelete", { body: { DeleteItem: [{ UserID: "user2" }] } });
    expect(await readReceiptCode(mock)).toBe(20003);
  });

  it("answers 70402 for more than 100 accounts and deletes none", async () => {
    const mock = createTimMock();
    const DeleteItem = Array.from({ length: 101 }, () => ({ UserID: "user1" }));
    expect((await answerOf(mock, "accountDelete", { body: { DeleteItem } })).ErrorCode).toBe(70402);
    expect(mock.store.accounts.has("user1")).toBe(true);
  });
});
