// The client against @timkit/mocks, the mock that validates like Tencent's server: what a user of both
// packages sees end to end, with real UserSigs made from the secret key and checked by the mock.
import { createTimMock, devSecretKey } from "@timkit/mocks";
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
    expect(mock.store.receipts({ reader: "user1" })).toEqual([
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
    expect(mock.store.receipts()).toEqual([]);
  });

  it("retries a transient 20004 the mock injects and then succeeds", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", code: 20004, times: 2 });
    await expect(tim.c2cMsgReadReceipt(documented)).resolves.toMatchObject({ ActionStatus: "OK" });
    expect(mock.store.receipts()).toHaveLength(1);
  });

  it("splits a batch over 12 KB into requests the mock accepts, acknowledging every key", async () => {
    const msgKeys = Array.from({ length: 400 }, (_, i) => `${1467329515 + i}_${5675354 + i}_1708676941`);
    const result = await tim.sendReadReceipts({ reader: "user1", sender: "user2", msgKeys });
    expect(result.failed).toEqual([]);
    expect(result.acknowledged).toEqual(msgKeys);
    expect(result.requests).toBeGreaterThan(1);
    expect(mock.store.receipts({ reader: "user1", sender: "user2" })).toHaveLength(400);
  });
});
