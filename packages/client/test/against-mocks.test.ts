// The client against @timkit/mocks, the mock that validates like Tencent's server: what a user of both
// packages sees end to end, with real UserSigs made from the secret key and checked by the mock.
import { createTimMock, devSecretKey } from "@timkit/mocks";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTimClient, TimApiError } from "../src/index.js";

const mock = createTimMock({ accounts: ["user1", "user2", "user3"] });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
});
afterAll(() => server.close());

const tim = createTimClient({
  sdkAppId: 88888888,
  identifier: "admin",
  region: "singapore",
  secretKey: devSecretKey,
  retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
});

const documented = {
  Operator_Account: "user1",
  Peer_Account: "user2",
  C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1467329515_5675354_1708676941" }],
};

describe("the client against the mock service", () => {
  it("sends the documented example with a UserSig the mock verifies, and the receipt is recorded", async () => {
    await expect(tim.c2cMsgReadReceipt(documented)).resolves.toMatchObject({
      ActionStatus: "OK",
      ErrorCode: 0,
    });
    expect(mock.store.receipts.list({ reader: "user1" })).toEqual([
      expect.objectContaining({ reader: "user1", sender: "user2", msgKey: "1467329515_5675354_1708676941" }),
    ]);
  });

  it("throws TimApiError 20003 with the catalogue's meaning when an account is not imported, without retrying", async () => {
    const body = {
      ...documented,
      Peer_Account: "ghost",
      C2CMsgInfo: [{ ...documented.C2CMsgInfo[0], From_Account: "ghost" }],
    };
    const error = await tim.c2cMsgReadReceipt(body as typeof documented).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimApiError);
    expect(error).toMatchObject({
      code: 20003,
      retryable: false,
      attempts: 1,
      operation: "c2cMsgReadReceipt",
    });
    expect((error as TimApiError).description).toMatch(/has been imported into Chat/);
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("retries a transient 20004 the mock injects and then succeeds", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", code: 20004, times: 2 });
    await expect(tim.c2cMsgReadReceipt(documented)).resolves.toMatchObject({ ActionStatus: "OK" });
    expect(mock.store.receipts.list()).toHaveLength(1);
  });

  it("splits a batch over 12 KB into requests the mock accepts, acknowledging every key", async () => {
    const msgKeys = Array.from({ length: 400 }, (_, i) => `${1467329515 + i}_${5675354 + i}_1708676941`);
    const result = await tim.sendReadReceipts({ reader: "user1", sender: "user2", msgKeys });
    expect(result.failed).toEqual([]);
    expect(result.acknowledged).toEqual(msgKeys);
    expect(result.requests).toBeGreaterThan(1);
    expect(mock.store.receipts.list({ reader: "user1", sender: "user2" })).toHaveLength(400);
  });
});

describe("the account commands against the mock service", () => {
  it("import, look up and delete accounts, and a receipt for a deleted account then fails with 20003", async () => {
    await tim.accountImport({ UserID: "dora", Nick: "Dora" });
    await tim.multiaccountImport({ Accounts: ["eve", "finn"] });
    const checked = await tim.accountCheck({ CheckItem: [{ UserID: "dora" }, { UserID: "ghost" }] });
    expect(checked.ResultItem.map(({ UserID, AccountStatus }) => `${UserID}:${AccountStatus}`)).toEqual([
      "dora:Imported",
      "ghost:NotImported",
    ]);

    const deleted = await tim.accountDelete({ DeleteItem: [{ UserID: "user2" }, { UserID: "ghost" }] });
    expect(deleted.ResultItem.map(({ ResultCode }) => ResultCode)).toEqual([0, 70107]);
    await expect(tim.c2cMsgReadReceipt(documented)).rejects.toMatchObject({ code: 20003 });
    expect(mock.store.accounts.get("dora")).toMatchObject({ Nick: "Dora" });
  });

  it("refuses before sending a UserID the spec forbids, as the mock would", async () => {
    await expect(tim.accountImport({ UserID: "x".repeat(33) })).rejects.toMatchObject({
      name: "TimValidationError",
      field: "UserID",
      expected: "at most 32 characters long",
    });
    await expect(tim.accountImport({ UserID: "x".repeat(33) }, { validate: false })).rejects.toMatchObject({
      code: 70402,
    });
  });

  it("renews an expired UserSig when the mock answers the spec's userSigExpired code, once", async () => {
    let now = 1_700_000_000;
    const clockMock = createTimMock({ now: () => now });
    const clockServer = setupServer(...clockMock.handlers);
    server.close();
    clockServer.listen({ onUnhandledRequest: "error" });
    try {
      const client = createTimClient({
        sdkAppId: 88888888,
        identifier: "admin",
        region: "singapore",
        secretKey: devSecretKey,
        userSigExpireSeconds: 60,
      });
      // The client signs with the real clock; the mock's clock runs two days ahead, so it is expired there.
      now = Math.floor(Date.now() / 1000) + 2 * 86_400;
      await expect(client.accountCheck({ CheckItem: [{ UserID: "user1" }] })).rejects.toMatchObject({
        code: 70001,
        attempts: 2,
      });
    } finally {
      clockServer.close();
      server.listen({ onUnhandledRequest: "error" });
    }
  });
});

/** Sends `count` messages from user2 to user1, MsgRandom and MsgSeq 0, 1, 2, … (so in order), each its own text. */
async function sendMessages(count: number) {
  for (let i = 0; i < count; i++) {
    await tim.sendmsg({
      From_Account: "user2",
      To_Account: "user1",
      MsgRandom: i,
      MsgSeq: i,
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `m${i}` } }],
    });
  }
}

describe("the read-receipt flow against the mock service", () => {
  it("sends a message asking for a receipt, acknowledges it, and the sender's history shows IsPeerRead 1", async () => {
    const sent = await tim.sendmsg({
      From_Account: "user2",
      To_Account: "user1",
      MsgRandom: 1,
      IsNeedReadReceipt: 1,
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "read me" } }],
    });
    const { acknowledged } = await tim.sendReadReceipts({
      reader: "user1",
      sender: "user2",
      msgKeys: [sent.MsgKey],
    });
    expect(acknowledged).toEqual([sent.MsgKey]);
    const seen: unknown[] = [];
    for await (const message of tim.roamMessages({ operator: "user2", peer: "user1" })) seen.push(message);
    expect(seen).toEqual([
      expect.objectContaining({ MsgKey: sent.MsgKey, IsPeerRead: 1, From_Account: "user2" }),
    ]);
  });

  it("walks a conversation longer than one answer, newest first, every message once", async () => {
    await sendMessages(120);
    const randoms: number[] = [];
    for await (const message of tim.roamMessages({ operator: "user1", peer: "user2", pageSize: 50 })) {
      randoms.push(message.MsgRandom);
    }
    expect(randoms).toEqual(Array.from({ length: 120 }, (_, i) => 119 - i));
  });

  it("refuses a pageSize that is not a positive integer, naming it, before sending anything", async () => {
    const walk = tim.roamMessages({ operator: "user1", peer: "user2", pageSize: 0 });
    await expect(walk[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      name: "TimValidationError",
      field: "pageSize",
    });
  });

  it("ends a walk that would go on past maxPages with an error", async () => {
    await sendMessages(5);
    const seen: number[] = [];
    const walk = async () => {
      for await (const message of tim.roamMessages({
        operator: "user1",
        peer: "user2",
        pageSize: 1,
        maxPages: 3,
      })) {
        seen.push(message.MsgRandom);
      }
    };
    await expect(walk()).rejects.toMatchObject({
      reason: "invalid-body",
      message: expect.stringContaining("maxPages (3)"),
    });
    expect(seen).toEqual([4, 3, 2]);
  });

  it("ends the whole walk when its timeoutMs runs out, the caller's time between messages included", async () => {
    await sendMessages(3);
    const seen: number[] = [];
    const walk = async () => {
      for await (const message of tim.roamMessages(
        { operator: "user1", peer: "user2", pageSize: 1 },
        { timeoutMs: 1_000 },
      )) {
        seen.push(message.MsgRandom);
        // Longer than the walk's whole budget: the next page is not even asked for.
        await new Promise((resolve) => setTimeout(resolve, 1_100));
      }
    };
    await expect(walk()).rejects.toMatchObject({
      name: "TimRequestError",
      reason: "timeout",
      message: expect.stringContaining("timeoutMs (1000 ms) ran out after 1 pages"),
    });
    expect(seen).toEqual([2]);
  });

  it("refuses a page that says there is more but holds no message, instead of ending quietly", async () => {
    server.use(
      http.post(/\/v4\/openim\/admin_getroammsg$/, () =>
        HttpResponse.json({
          ActionStatus: "OK",
          ErrorInfo: "",
          ErrorCode: 0,
          Complete: 0,
          MsgCnt: 0,
          MsgList: [],
        }),
      ),
    );
    const walk = async () => {
      for await (const _ of tim.roamMessages({ operator: "user1", peer: "user2" })) {
        // nothing to see
      }
    };
    await expect(walk()).rejects.toMatchObject({
      reason: "invalid-body",
      message: expect.stringContaining("page 1 says there is more but holds no message"),
    });
  });

  it("stops between pages when the caller's signal aborts", async () => {
    await sendMessages(30);
    const controller = new AbortController();
    const seen: number[] = [];
    const walk = async () => {
      for await (const message of tim.roamMessages(
        { operator: "user1", peer: "user2", pageSize: 10 },
        { signal: controller.signal },
      )) {
        seen.push(message.MsgRandom);
        if (seen.length === 10) controller.abort();
      }
    };
    await expect(walk()).rejects.toMatchObject({ name: "TimRequestError", reason: "aborted" });
    expect(seen).toHaveLength(10);
  });
});
