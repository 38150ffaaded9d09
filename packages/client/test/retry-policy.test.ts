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

/** Runs a call to completion under fake time. */
async function run<T>(call: () => Promise<T>, advanceMs = 60_000): Promise<T | unknown> {
  useFakeClock();
  const outcome = settle(call());
  await vi.advanceTimersByTimeAsync(advanceMs);
  return outcome;
}

/** Milliseconds between consecutive requests, as the server saw them. */
function gaps(): number[] {
  return seen.slice(1).map((request, index) => request.at - (seen[index]?.at ?? 0));
}

describe("retries", () => {
  it("happen for a catalogue code marked retryable, until a later attempt succeeds", async () => {
    answerWith(fail(20004), fail(91000), ok);

    await expect(run(() => testClient().c2cMsgReadReceipt(receiptBody()))).resolves.toEqual(ok);
    expect(seen).toHaveLength(3);
  });

  it.each([
    ["a network failure", "network-error" as const],
    ["HTTP 502", new Response("bad gateway", { status: 502 })],
    ["HTTP 503", new Response("unavailable", { status: 503 })],
    ["HTTP 429", new Response("slow down", { status: 429 })],
    ["60007 (rate limit)", fail(60007)],
    ["70169 (internal timeout)", fail(70169)],
  ])("happen for %s", async (_name, answer) => {
    answerWith(answer, ok);

    await expect(run(() => testClient().c2cMsgReadReceipt(receiptBody()))).resolves.toEqual(ok);
    expect(seen).toHaveLength(2);
  });

  it.each([
    ["20003 (account not imported)", fail(20003)],
    ["93000 (body too long)", fail(93000)],
    ["70001 with a fixed UserSig", fail(70001)],
    ["HTTP 404", new Response("not found", { status: 404 })],
    ["a body that is not JSON", new Response("<html></html>")],
  ])("do not happen for %s: exactly one request", async (_name, answer) => {
    answerWith(answer);

    const error = await run(() => testClient().c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it("do not happen for 70050, for which Tencent asks to wait a minute", async () => {
    answerWith(fail(70050));

    const error = await run(() => testClient().c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ code: 70050, retryAfterSeconds: 60 });
    expect(seen).toHaveLength(1);
  });

  it("stop after maxAttempts and reject with the last failure", async () => {
    answerWith(fail(20004), fail(20005));

    const error = await run(() => testClient({ retry: { maxAttempts: 4 } }).c2cMsgReadReceipt(receiptBody()));

    expect(error).toBeInstanceOf(TimApiError);
    expect(error).toMatchObject({ code: 20005, attempts: 4 });
    expect((error as Error).message).toContain("after 4 attempts");
    expect(seen).toHaveLength(4);
  });

  it("are off with retry: false, on the client or per call", async () => {
    answerWith(fail(20004));
    await run(() => testClient({ retry: false }).c2cMsgReadReceipt(receiptBody()));
    expect(seen).toHaveLength(1);

    seen.length = 0;
    await run(() => testClient().c2cMsgReadReceipt(receiptBody(), { retry: false }));
    expect(seen).toHaveLength(1);
  });

  it("can be turned on per call when the client has them off", async () => {
    answerWith(fail(20004));

    await run(() =>
      testClient({ retry: false }).c2cMsgReadReceipt(receiptBody(), { retry: { maxAttempts: 5 } }),
    );

    expect(seen).toHaveLength(5);
  });

  it("send a new random with every attempt", async () => {
    answerWith(fail(20004), fail(20004), ok);

    await run(() => testClient().c2cMsgReadReceipt(receiptBody()));

    const randoms = seen.map(({ url }) => url.searchParams.get("random"));
    expect(new Set(randoms).size).toBe(3);
  });
});

describe("back-off", () => {
  it("doubles from baseDelayMs, with full jitter", async () => {
    answerWith(fail(20004));
    vi.spyOn(Math, "random").mockReturnValue(0.5);

    await run(() =>
      testClient({ retry: { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 10_000 } }).c2cMsgReadReceipt(
        receiptBody(),
      ),
    );

    // Math.random() × 200, × 400, × 800.
    expect(gaps()).toEqual([100, 200, 400]);
  });

  it("is capped at maxDelayMs", async () => {
    answerWith(fail(20004));
    vi.spyOn(Math, "random").mockReturnValue(0.5);

    await run(() =>
      testClient({ retry: { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 1_500 } }).c2cMsgReadReceipt(
        receiptBody(),
      ),
    );

    // Math.random() × 1000, then × min(1500, 2000 · 2^n).
    expect(gaps()).toEqual([500, 750, 750, 750]);
  });

  it("waits as long as a Retry-After header says", async () => {
    answerWith(new Response("slow down", { status: 429, headers: { "retry-after": "3" } }), ok);

    await expect(run(() => testClient().c2cMsgReadReceipt(receiptBody()))).resolves.toEqual(ok);
    expect(gaps()).toEqual([3_000]);
  });

  it("does not retry when Retry-After would end past the call's timeout", async () => {
    answerWith(new Response("slow down", { status: 503, headers: { "retry-after": "30" } }), ok);

    const error = await run(() => testClient({ timeoutMs: 10_000 }).c2cMsgReadReceipt(receiptBody()));

    expect(error).toBeInstanceOf(TimRequestError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 30_000, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it("never waits past the call's timeout: the last real failure is reported instead", async () => {
    answerWith(fail(20004));
    vi.spyOn(Math, "random").mockReturnValue(0.999);

    const error = await run(() =>
      testClient({
        timeoutMs: 2_500,
        retry: { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 2_000 },
      }).c2cMsgReadReceipt(receiptBody()),
    );

    // Waits of ≈1 s then ≈2 s: the second would end after 2.5 s, so it is not started.
    expect(error).toMatchObject({ code: 20004, attempts: 2 });
    expect(seen).toHaveLength(2);
  });

  it("stops when the caller aborts while waiting", async () => {
    answerWith(fail(20004));
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    useFakeClock();
    const controller = new AbortController();
    const outcome = settle(
      testClient({ retry: { baseDelayMs: 5_000, maxDelayMs: 5_000 } }).c2cMsgReadReceipt(receiptBody(), {
        signal: controller.signal,
      }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();

    const error = await outcome;

    expect(error).toMatchObject({ reason: "aborted", attempts: 1 });
    expect(seen).toHaveLength(1);
  });
});
