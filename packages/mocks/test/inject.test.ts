import { errorCatalog } from "@timkit/spec";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { setupTimServer } from "../src/node.js";
import { documentedReadReceiptBody } from "./documented-example.js";
import { contractViolation } from "./response-contract.js";
import { documentedQuery, readReceiptPath } from "./scenarios.js";
import { answerOf } from "./send-request.js";

const { server, mock } = setupTimServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

async function post(body: unknown = documentedReadReceiptBody()): Promise<Response> {
  return fetch(`https://console.tim.qq.com${readReceiptPath}?${await documentedQuery()}`, {
    method: "POST",
    body: JSON.stringify(body),
  });
}
const codeOf = async (response: Response) => (await response.json()).ErrorCode;

describe("inject", () => {
  it("fails the next request with the code asked for, then behaves normally", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", code: 20004 });
    const failed = await (await post()).json();
    expect(failed).toEqual({
      ActionStatus: "FAIL",
      ErrorInfo: errorCatalog.c2cMsgReadReceipt[20004].description,
      ErrorCode: 20004,
    });
    expect(contractViolation("c2cMsgReadReceipt", failed)).toBeUndefined();
    expect(await codeOf(await post())).toBe(0);
  });

  it("fails as many requests as times says", async () => {
    const fault = mock.inject({ code: 90992, times: 2 });
    expect(await codeOf(await post())).toBe(90992);
    expect(fault.remaining()).toBe(1);
    expect(await codeOf(await post())).toBe(90992);
    expect(await codeOf(await post())).toBe(0);
    expect(mock.pendingFaults()).toEqual([]);
  });

  it("fails even a request that would have been refused, since the fault comes first", async () => {
    mock.inject({ code: 91000 });
    expect(await codeOf(await post({}))).toBe(91000);
  });

  it("answers an HTTP status when asked, as a failing gateway would", async () => {
    mock.inject({ status: 502 });
    const response = await post();
    expect(response.status).toBe(502);
    expect(await codeOf(await post())).toBe(0);
  });

  it("makes fetch reject on a network error", async () => {
    mock.inject({ networkError: true });
    await expect(post()).rejects.toThrow(TypeError);
    expect(await codeOf(await post())).toBe(0);
  });

  it("applies faults to mock.answer as to the handlers: a status, then a network error", async () => {
    mock.inject({ status: 502 });
    mock.inject({ networkError: true });
    const url = new URL(`https://console.tim.qq.com${readReceiptPath}?${await documentedQuery()}`);
    const body = new TextEncoder().encode(JSON.stringify(documentedReadReceiptBody()));
    expect(await mock.answer({ method: "POST", url, body })).toMatchObject({
      status: 502,
      errorCode: undefined,
    });
    expect(await mock.answer({ method: "POST", url, body })).toEqual({ networkError: true });
    expect(await mock.answer({ method: "POST", url, body })).toMatchObject({ status: 200, errorCode: 0 });
  });

  it("stalls a request for delayMs and then answers it normally", async () => {
    const url = new URL(`https://console.tim.qq.com${readReceiptPath}?${await documentedQuery()}`);
    const body = new TextEncoder().encode(JSON.stringify(documentedReadReceiptBody()));
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      mock.inject({ delayMs: 300 });
      let answered = false;
      const answer = mock.answer({ method: "POST", url, body }).then((result) => {
        answered = true;
        return result;
      });
      await vi.advanceTimersByTimeAsync(299);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await answer).toMatchObject({ status: 200, errorCode: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("lets a stalled request time out on the client's side", async () => {
    mock.inject({ delayMs: 2_000 });
    const url = `https://console.tim.qq.com${readReceiptPath}?${await documentedQuery()}`;
    await expect(
      fetch(url, { method: "POST", body: "{}", signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow(/abort|timeout/i);
  });

  it("leaves alone requests that do not match", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", code: 20004 });
    const other = await answerOf(mock, "accountCheck", { body: { CheckItem: [{ UserID: "user1" }] } });
    expect(other.ErrorCode).toBe(0);
    expect(await codeOf(await post())).toBe(20004);
  });

  it("applies faults in the order they were injected", async () => {
    mock.inject({ code: 20004 });
    mock.inject({ code: 20005 });
    expect(await codeOf(await post())).toBe(20004);
    expect(await codeOf(await post())).toBe(20005);
  });

  it("keeps a fault without an operation for the next request of one that documents its code", async () => {
    mock.inject({ code: 90992 });
    const imported = await answerOf(mock, "accountImport", { body: { UserID: "user3" } });
    expect(imported.ErrorCode).toBe(0);
    expect(await codeOf(await post())).toBe(90992);
  });

  it('reads times "Infinity" as a fault that lasts until reset, since JSON has no Infinity', async () => {
    mock.inject({ code: 20004, times: "Infinity" });
    expect(mock.pendingFaults()).toEqual([
      { code: 20004, times: Number.POSITIVE_INFINITY, remaining: Number.POSITIVE_INFINITY },
    ]);
    for (let i = 0; i < 3; i++) expect(await codeOf(await post())).toBe(20004);
    mock.reset();
    expect(await codeOf(await post())).toBe(0);
  });

  it("withdraws a fault that is cancelled, and reset withdraws them all", async () => {
    mock.inject({ code: 20004 }).cancel();
    expect(await codeOf(await post())).toBe(0);
    mock.inject({ code: 20004, times: Number.POSITIVE_INFINITY });
    mock.reset();
    expect(await codeOf(await post())).toBe(0);
  });

  it("refuses faults that make no sense, saying why", () => {
    expect(() => mock.inject({})).toThrow(/needs code, status, networkError or delayMs/);
    expect(() => mock.inject({ code: 12345 as never })).toThrow(/12345 is not documented for any operation/);
    expect(() => mock.inject({ code: 20004, status: 502 })).toThrow(/at most one/);
    expect(() => mock.inject({ status: 200 })).toThrow(/400 to 599/);
    expect(() => mock.inject({ code: 20004, times: 0 })).toThrow(/times/);
    expect(() => mock.inject({ operation: "noSuchCommand" as never, code: 20004 })).toThrow(/operationId/);
  });
});
