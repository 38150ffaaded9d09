// The world the tests run in: Tencent's Singapore endpoint answering OK, every request recorded. A test
// states only what it changes, with `answerWith`.
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { createTimClient, type TimClientOptions } from "../src/index.js";

export const sdkAppId = 1400000000;
export const identifier = "administrator";
export const origin = "https://adminapisgp.im.qcloud.com";
export const endpoint = `${origin}/v4/openim/c2c_msg_read_receipt`;
export const userSig = "eJwtzM0KgkAYheGrmWqh-test-usersig-value";
export const secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

export const ok = { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" } as const;

export function fail(code: number, info = "failed") {
  return { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info };
}

/** A read receipt from bob (reader) for alice's messages, as Tencent wants it. */
export function receiptBody(msgKeys: string[] = ["1467329515_5675354_1708676941"]) {
  return {
    Operator_Account: "bob",
    Peer_Account: "alice",
    C2CMsgInfo: msgKeys.map((MsgKey) => ({ From_Account: "alice", To_Account: "bob", MsgKey })),
  };
}

/** One request as the server saw it. */
export interface SeenRequest {
  url: URL;
  body: unknown;
  bytes: number;
  /** Date.now() when it arrived: fake time in tests that fake the clock. */
  at: number;
}

export const seen: SeenRequest[] = [];

/** What the server does for one request: a JSON body to answer with, or one of these. */
export type Answer = object | Response | "network-error" | "hang";

async function record(request: Request): Promise<void> {
  const text = await request.text();
  seen.push({
    url: new URL(request.url),
    body: JSON.parse(text),
    bytes: new TextEncoder().encode(text).length,
    at: Date.now(),
  });
}

function respond(answer: Answer): Response | Promise<never> {
  if (answer === "network-error") return HttpResponse.error();
  if (answer === "hang") return new Promise<never>(() => {});
  if (answer instanceof Response) return answer.clone();
  return HttpResponse.json(answer);
}

export const server = setupServer(
  http.post(`${origin}/v4/*`, async ({ request }) => {
    await record(request);
    return HttpResponse.json(ok);
  }),
);

/** The endpoint answers the requests in turn with these answers; the last one repeats. */
export function answerWith(...answers: Answer[]): void {
  let next = 0;
  server.use(
    http.post(`${origin}/v4/*`, async ({ request }) => {
      await record(request);
      const answer = answers[Math.min(next++, answers.length - 1)] as Answer;
      return respond(answer);
    }),
  );
}

/** A client of the test world, with a fixed UserSig unless the test says otherwise. */
export function testClient(options: Partial<TimClientOptions> = {}) {
  const auth = options.secretKey === undefined && options.userSig === undefined ? { userSig } : {};
  return createTimClient({ sdkAppId, identifier, region: "singapore", ...auth, ...options });
}

/** Starts MSW for the file: unhandled requests fail the test, handlers and clocks reset after each. */
export function useTencentServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    seen.length = 0;
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  afterAll(() => server.close());
}

/** Fakes the clock the client uses (timers and Date) and leaves the rest to MSW. */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
}

/** Settles `promise` into its value or error, so a test can advance fake time before awaiting it. */
export function settle<T>(promise: Promise<T>): Promise<T | unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}
