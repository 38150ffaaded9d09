import { errorCatalog, operationTable } from "@timkit/spec";
import { describe, expect, it } from "vitest";
import { createTimMock } from "../src/create-tim-mock.js";
import type { TimMockOptions } from "../src/mock-options.js";
import { contractViolation } from "./response-contract.js";
import { documentedQuery } from "./scenarios.js";
import { answerOf, callOperation, readReceiptCode } from "./send-request.js";

// A clock the test moves by hand: the windows are the clock's seconds.
function clockedMock(options: TimMockOptions) {
  const clock = { now: Math.floor(Date.now() / 1000) };
  const mock = createTimMock({ ...options, now: () => clock.now });
  return { mock, clock };
}

/** The ErrorCodes of `count` read receipts sent one after another. */
async function receiptCodes(mock: ReturnType<typeof createTimMock>, count: number): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < count; i++) codes.push(await readReceiptCode(mock));
  return codes;
}

describe("rate limits", () => {
  it("answer 60007 with the catalogue's text to the call over the spec's rate in one second, and serve again the next second", async () => {
    const { mock, clock } = clockedMock({ rateLimits: true });
    const rate = operationTable.c2cMsgReadReceipt.rateLimitPerSecond;

    expect(new Set(await receiptCodes(mock, rate))).toEqual(new Set([0]));
    const over = await callOperation(mock, "c2cMsgReadReceipt");
    const answer = await over.json();
    expect(answer).toEqual({
      ActionStatus: "FAIL",
      ErrorInfo: errorCatalog.c2cMsgReadReceipt[60007].description,
      ErrorCode: 60007,
    });
    expect(contractViolation("c2cMsgReadReceipt", answer)).toBeUndefined();
    expect(over.headers.get("x-timkit-mock-detail")).toBe(`over ${rate} calls in second ${clock.now}`);

    clock.now += 1;
    expect(await readReceiptCode(mock)).toBe(0);
  });

  it("are off by default", async () => {
    const { mock } = clockedMock({});
    const rate = operationTable.c2cMsgReadReceipt.rateLimitPerSecond;
    expect(new Set(await receiptCodes(mock, rate + 1))).toEqual(new Set([0]));
    expect(mock.rateLimits.snapshot()).toMatchObject({ enabled: false, windows: [] });
  });

  it("take other rates per command, and false for no limit on one", async () => {
    const { mock } = clockedMock({ rateLimits: { c2cMsgReadReceipt: 2, accountCheck: false } });
    expect(await receiptCodes(mock, 3)).toEqual([0, 0, 60007]);
    const accountRate = operationTable.accountCheck.rateLimitPerSecond;
    const codes = [];
    for (let i = 0; i <= accountRate; i++) codes.push((await answerOf(mock, "accountCheck")).ErrorCode);
    expect(new Set(codes)).toEqual(new Set([0]));
    expect(mock.rateLimits.snapshot().perSecond).toMatchObject({
      c2cMsgReadReceipt: 2,
      accountCheck: null,
      accountDelete: operationTable.accountDelete.rateLimitPerSecond,
    });
  });

  it("count each command on its own", async () => {
    const { mock } = clockedMock({ rateLimits: { c2cMsgReadReceipt: 1, accountCheck: 1 } });
    expect(await readReceiptCode(mock)).toBe(0);
    expect((await answerOf(mock, "accountCheck")).ErrorCode).toBe(0);
    expect(await readReceiptCode(mock)).toBe(60007);
  });

  it("count a call once its SDKAppID, administrator and UserSig are valid, even when its body is then refused", async () => {
    const { mock } = clockedMock({ rateLimits: { c2cMsgReadReceipt: 1 } });
    expect(await readReceiptCode(mock, { query: { usersig: "not-a-usersig" } })).toBe(70003);
    expect(await readReceiptCode(mock, { query: { identifier: "user1" } })).toBe(90009);
    expect(await readReceiptCode(mock, { body: { Operator_Account: "user1" } })).toBe(20001);
    expect(await readReceiptCode(mock)).toBe(60007);
    expect(mock.rateLimits.snapshot().windows).toEqual([
      expect.objectContaining({ operation: "c2cMsgReadReceipt", served: 1, rejected: 1 }),
    ]);
  });

  it("show each second's served and refused calls, oldest first, for the last minute only", async () => {
    const { mock, clock } = clockedMock({ rateLimits: { c2cMsgReadReceipt: 2 } });
    const first = clock.now;
    await receiptCodes(mock, 3);
    clock.now += 1;
    await receiptCodes(mock, 1);
    expect(mock.rateLimits.snapshot().windows).toEqual([
      { second: first, operation: "c2cMsgReadReceipt", served: 2, rejected: 1 },
      { second: first + 1, operation: "c2cMsgReadReceipt", served: 1, rejected: 0 },
    ]);
    for (let i = 0; i < 70; i++) {
      clock.now += 1;
      mock.rateLimits.count("c2cMsgReadReceipt", clock.now);
    }
    const { windows } = mock.rateLimits.snapshot();
    expect(windows).toHaveLength(60);
    expect(windows.at(-1)?.second).toBe(clock.now);
  });

  it("change with set() at run time, and go back to the option's limits with no counts on reset()", async () => {
    const { mock } = clockedMock({ rateLimits: { c2cMsgReadReceipt: 1 } });
    expect(await receiptCodes(mock, 2)).toEqual([0, 60007]);
    mock.rateLimits.set(false);
    expect(await readReceiptCode(mock)).toBe(0);
    mock.rateLimits.set({ c2cMsgReadReceipt: 3 });
    expect(await readReceiptCode(mock)).toBe(0); // the second one served this second
    expect(await readReceiptCode(mock)).toBe(0);
    expect(await readReceiptCode(mock)).toBe(60007);
    mock.reset();
    expect(mock.rateLimits.snapshot()).toMatchObject({ enabled: true, windows: [] });
    expect(mock.rateLimits.snapshot().perSecond.c2cMsgReadReceipt).toBe(1);
  });

  it("apply to mock.answer as to the handlers: one pipeline", async () => {
    const { mock } = clockedMock({ rateLimits: { c2cMsgReadReceipt: 1 } });
    const url = new URL(
      `https://console.tim.qq.com${operationTable.c2cMsgReadReceipt.path}?${await documentedQuery()}`,
    );
    const body = new TextEncoder().encode(
      JSON.stringify({
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "k" }],
      }),
    );
    expect(await mock.answer({ method: "POST", url, body })).toMatchObject({ errorCode: 0 });
    expect(await readReceiptCode(mock)).toBe(60007);
  });

  it("refuse options that could never work, naming the mistake", () => {
    expect(() => createTimMock({ rateLimits: { nope: 1 } as never })).toThrow(/nope is not an operationId/);
    expect(() => createTimMock({ rateLimits: { c2cMsgReadReceipt: 0 } })).toThrow(
      /rateLimits.c2cMsgReadReceipt must be a positive integer/,
    );
    expect(() => createTimMock({ rateLimits: "on" as never })).toThrow(/rateLimits must be true, false/);
    expect(() => createTimMock().rateLimits.set({ c2cMsgReadReceipt: 1.5 })).toThrow(/positive integer/);
  });
});
