import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { TimRequestError } from "../src/index.js";
import {
  answerWith,
  endpoint,
  fail,
  ok,
  receiptBody,
  seen,
  server,
  settle,
  testClient,
  useFakeClock,
  useTencentServer,
} from "./tencent-server.js";

useTencentServer();

describe("timeoutMs", () => {
  it("ends a call that gets no answer, with reason timeout", async () => {
    answerWith("hang");
    useFakeClock();
    const outcome = settle(testClient({ timeoutMs: 4_000 }).c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(3_999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;

    expect(error).toBeInstanceOf(TimRequestError);
    expect(error).toMatchObject({ reason: "timeout", attempts: 1, retryable: false });
    expect((error as Error).message).toContain("4000 ms");
  });

  it("defaults to 10 seconds, longer than the server's 3", async () => {
    answerWith("hang");
    useFakeClock();
    const outcome = settle(testClient().c2cMsgReadReceipt(receiptBody()));
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });

    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toMatchObject({ reason: "timeout" });
  });

  it("covers the retries: a retry that hangs ends at the call's deadline", async () => {
    answerWith(fail(20004), "hang");
    vi.spyOn(Math, "random").mockReturnValue(0);
    useFakeClock();
    const outcome = settle(testClient({ timeoutMs: 5_000 }).c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(5_000);
    const error = await outcome;

    expect(error).toMatchObject({ reason: "timeout", attempts: 2 });
  });

  it("can be set per call", async () => {
    answerWith("hang");
    useFakeClock();
    const outcome = settle(
      testClient({ timeoutMs: 60_000 }).c2cMsgReadReceipt(receiptBody(), { timeoutMs: 500 }),
    );

    await vi.advanceTimersByTimeAsync(500);

    await expect(outcome).resolves.toMatchObject({ reason: "timeout" });
  });

  it("is not changed by an unknown field slipped into retry", async () => {
    server.use(
      http.post(endpoint, async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        return HttpResponse.json(ok);
      }),
    );
    useFakeClock();
    const retry = { maxAttempts: 2, timeoutMs: 1 } as { maxAttempts: number };
    const outcome = settle(testClient({ retry }).c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(50);

    await expect(outcome).resolves.toEqual(ok);
  });

  it("bounds a UserSig provider that never answers", async () => {
    useFakeClock();
    const tim = testClient({ userSig: () => new Promise<string>(() => {}), timeoutMs: 1_000 });
    const outcome = settle(tim.c2cMsgReadReceipt(receiptBody()));

    await vi.advanceTimersByTimeAsync(1_000);

    await expect(outcome).resolves.toMatchObject({ reason: "timeout", attempts: 0 });
    expect(seen).toHaveLength(0);
  });
});

describe("signal", () => {
  it("aborts a request in flight, with reason aborted and the signal's reason as cause", async () => {
    answerWith("hang");
    const controller = new AbortController();
    const outcome = settle(testClient().c2cMsgReadReceipt(receiptBody(), { signal: controller.signal }));
    await vi.waitFor(() => expect(seen).toHaveLength(1));

    controller.abort(new Error("user left the page"));
    const error = await outcome;

    expect(error).toMatchObject({ reason: "aborted", attempts: 1, retryable: false });
    expect((error as Error).cause).toMatchObject({ message: "user left the page" });
  });

  it("sends nothing when already aborted", async () => {
    const error = await settle(
      testClient().c2cMsgReadReceipt(receiptBody(), { signal: AbortSignal.abort() }),
    );

    expect(error).toMatchObject({ reason: "aborted", attempts: 0 });
    expect(seen).toHaveLength(0);
  });

  it("given to the client aborts every call of that client", async () => {
    answerWith("hang");
    const controller = new AbortController();
    const tim = testClient({ signal: controller.signal });
    const calls = [
      settle(tim.c2cMsgReadReceipt(receiptBody())),
      settle(tim.c2cMsgReadReceipt(receiptBody())),
    ];
    await vi.waitFor(() => expect(seen).toHaveLength(2));

    controller.abort();

    for (const error of await Promise.all(calls)) expect(error).toMatchObject({ reason: "aborted" });
  });

  it("that never fires leaves the call alone", async () => {
    const controller = new AbortController();

    await expect(
      testClient().c2cMsgReadReceipt(receiptBody(), { signal: controller.signal }),
    ).resolves.toEqual(ok);
  });
});
