import { operationTable } from "@timkit/spec";
import { describe, expect, it, vi } from "vitest";
import { TimApiError, TimRequestError } from "../src/index.js";
import {
  answerWith,
  fail,
  ok,
  receiptBody,
  seen,
  settle,
  testClient,
  useFakeClock,
  useTencentServer,
} from "./tencent-server.js";

useTencentServer();

// The start of a wall-clock second, in milliseconds.
const second = 1_800_000_000_000;
const rate = operationTable.c2cMsgReadReceipt.rateLimitPerSecond;

/** Fakes the clock at `at` and lets pending promises run. */
async function clockAt(at: number): Promise<void> {
  useFakeClock();
  vi.setSystemTime(at);
}

/** Requests the server saw in each wall-clock second. */
function perSecond(): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { at } of seen) counts[Math.floor(at / 1000)] = (counts[Math.floor(at / 1000)] ?? 0) + 1;
  return counts;
}

const calls = (count: number, call: () => Promise<unknown>) =>
  Array.from({ length: count }, () => settle(call()));

describe("the in-process rate limit (the default)", () => {
  it("sends at most the spec's calls per second of a command in each wall-clock second, and the rest in the next", async () => {
    await clockAt(second);
    const tim = testClient();
    const outcomes = calls(rate + 50, () => tim.c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toHaveLength(rate);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(rate + 50);
    expect(perSecond()).toEqual({ [second / 1000]: rate, [second / 1000 + 1]: 50 });
    expect(await Promise.all(outcomes)).toEqual(Array(rate + 50).fill(ok));
  });

  it("counts each command on its own, at the rate given in perSecond", async () => {
    await clockAt(second);
    const tim = testClient({ rateLimit: { perSecond: { c2cMsgReadReceipt: 2 } } });
    const receipts = calls(3, () => tim.c2cMsgReadReceipt(receiptBody()));
    const checks = calls(3, () => tim.accountCheck({ CheckItem: [{ UserID: "bob" }] }));

    await vi.advanceTimersByTimeAsync(10);
    expect(seen.filter(({ url }) => url.pathname.endsWith("c2c_msg_read_receipt"))).toHaveLength(2);
    expect(seen.filter(({ url }) => url.pathname.endsWith("account_check"))).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(990);
    expect(seen).toHaveLength(6);
    await Promise.all([...receipts, ...checks]);
  });

  it("counts a request sent in the last marginMs of a second in the next second too, so it cannot push that second over", async () => {
    await clockAt(second + 960);
    const tim = testClient({ rateLimit: { perSecond: { c2cMsgReadReceipt: 3 } } });
    calls(3, () => tim.c2cMsgReadReceipt(receiptBody()));
    await vi.advanceTimersByTimeAsync(40); // the next second: its 3 were counted already
    const late = settle(tim.c2cMsgReadReceipt(receiptBody()));
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(4);
    expect(await late).toEqual(ok);
  });

  it("fails a call at once with reason rate-limited when its turn would come after its deadline, sending nothing", async () => {
    await clockAt(second);
    const tim = testClient({ timeoutMs: 1_500, rateLimit: { perSecond: { c2cMsgReadReceipt: 2 } } });
    const outcomes = calls(5, () => tim.c2cMsgReadReceipt(receiptBody()));
    const refused = await outcomes[4];

    expect(refused).toBeInstanceOf(TimRequestError);
    expect(refused).toMatchObject({ reason: "rate-limited", attempts: 0, retryable: false });
    expect((refused as Error).message).toBe(
      "c2cMsgReadReceipt: its turn under the rate limit (2 calls per second) would come after timeoutMs (1500 ms); nothing was sent",
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(4);
    expect(await Promise.all(outcomes.slice(0, 4))).toEqual([ok, ok, ok, ok]);
  });

  it("keeps at most maxQueue calls waiting: the next fails at once with reason rate-limited", async () => {
    await clockAt(second);
    const tim = testClient({ rateLimit: { perSecond: { c2cMsgReadReceipt: 1 }, maxQueue: 2 } });
    const outcomes = calls(4, () => tim.c2cMsgReadReceipt(receiptBody()));

    expect(await outcomes[3]).toMatchObject({ reason: "rate-limited", attempts: 0 });
    expect(((await outcomes[3]) as Error).message).toMatch(
      /2 calls are already waiting for this command's 1 calls per second/,
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(seen.map(({ at }) => at)).toEqual([second, second + 1_000, second + 2_000]);
  });

  it("retries a 60007 with back-off, and the retry waits for its turn like any call", async () => {
    answerWith(fail(60007), ok);
    vi.spyOn(Math, "random").mockReturnValue(0);
    await clockAt(second + 100);
    const tim = testClient({ rateLimit: { perSecond: { c2cMsgReadReceipt: 1 } } });
    const outcome = settle(tim.c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(2_000);
    expect(await outcome).toEqual(ok);
    expect(seen.map(({ at }) => at)).toEqual([second + 100, second + 1_000]);
  });

  it("gives the real failure when a retry's turn would come after the deadline", async () => {
    answerWith(fail(60007), ok);
    vi.spyOn(Math, "random").mockReturnValue(0);
    await clockAt(second + 500);
    const tim = testClient({ timeoutMs: 400, rateLimit: { perSecond: { c2cMsgReadReceipt: 1 } } });
    const outcome = settle(tim.c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(1_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimApiError);
    expect(error).toMatchObject({ code: 60007, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it("ends a waiting call with reason aborted when the caller aborts it", async () => {
    await clockAt(second);
    const tim = testClient({ rateLimit: { perSecond: { c2cMsgReadReceipt: 1 } } });
    const first = settle(tim.c2cMsgReadReceipt(receiptBody()));
    const controller = new AbortController();
    const waiting = settle(tim.c2cMsgReadReceipt(receiptBody(), { signal: controller.signal }));
    const after = settle(tim.c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error("user left"));
    expect(await waiting).toMatchObject({ reason: "aborted", attempts: 0 });
    await vi.advanceTimersByTimeAsync(900);
    expect(await first).toEqual(ok);
    expect(await after).toEqual(ok);
    expect(seen.map(({ at }) => at)).toEqual([second, second + 1_000]);
  });

  it("applies to tim.raw calls of an operation too", async () => {
    await clockAt(second);
    const tim = testClient({ rateLimit: { perSecond: { c2cMsgReadReceipt: 1 } } });
    const raw = [0, 1].map(() => tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body: receiptBody() }));
    await vi.advanceTimersByTimeAsync(10);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(990);
    expect(seen).toHaveLength(2);
    await Promise.all(raw);
  });

  it("is off with rateLimit: false: every call is sent at once", async () => {
    await clockAt(second);
    const tim = testClient({ rateLimit: false });
    const outcomes = calls(rate + 50, () => tim.c2cMsgReadReceipt(receiptBody()));
    await vi.advanceTimersByTimeAsync(10);
    expect(seen).toHaveLength(rate + 50);
    await Promise.all(outcomes);
  });
});

describe("rateLimit options", () => {
  it("are checked when the client is made, naming the option", () => {
    expect(() => testClient({ rateLimit: { perSecond: { nope: 1 } as never } })).toThrow(
      /rateLimit.perSecond: nope is not an operation of the spec/,
    );
    expect(() => testClient({ rateLimit: { perSecond: { c2cMsgReadReceipt: 0 } } })).toThrow(
      /rateLimit.perSecond.c2cMsgReadReceipt must be a positive integer, got 0/,
    );
    expect(() => testClient({ rateLimit: { maxQueue: -1 } })).toThrow(/rateLimit: maxQueue must be/);
    expect(() => testClient({ rateLimit: { marginMs: 1000 } })).toThrow(/rateLimit: marginMs must be/);
    expect(() => testClient({ rateLimit: true as never })).toThrow(/rateLimit must be an object or false/);
    expect(() => testClient({ rateLimit: { redis: "redis://127.0.0.1:6379" } })).toThrow(
      /rateLimit.localShare must be given with redis/,
    );
    expect(() => testClient({ rateLimit: { redis: "redis://127.0.0.1:6379", localShare: 2 } })).toThrow(
      /rateLimit: localShare must be a number in \(0, 1\]/,
    );
  });

  it("never show a Redis URL, which may hold a password", () => {
    const secret = "s3cret-redis-password";
    for (const redis of [`http://:${secret}@127.0.0.1:6379`, `redis:/${secret}`, { url: secret }]) {
      const error = (() => {
        try {
          testClient({ rateLimit: { redis, localShare: 0.5 } });
        } catch (caught) {
          return caught as Error;
        }
      })();
      expect(error?.message).toMatch(
        /rateLimit.redis must be a redis:\/\/ or rediss:\/\/ URL or a Redis client/,
      );
      expect(String(error?.stack)).not.toContain(secret);
    }
  });
});
