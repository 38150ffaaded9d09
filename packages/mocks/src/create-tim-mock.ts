import { getResponse, type HttpHandler } from "msw";
import { type CallbackDelivery, type CallbackRecord, createCallbackDelivery } from "./callback-delivery.js";
import { createFaultQueue, type FaultOptions, type InjectedFault } from "./fault-injection.js";
import { fromResponse, type MockAnswer, type MockRequest } from "./mock-answer.js";
import { type ResolvedTimMockOptions, resolveTimMockOptions, type TimMockOptions } from "./mock-options.js";
import { createTimMockStore, type TimMockStore } from "./mock-store.js";
import { createRateLimits, type TimMockRateLimits } from "./rate-limits.js";
import { answerOperation, answerWebRequest, type PipelineContext } from "./request-pipeline.js";
import { createTimHandlers, timOperationRoutes } from "./tim-handlers.js";
import { createUserSigCheck } from "./user-sig-check.js";

/** A mocked Tencent Cloud Chat: handlers for MSW, the state behind them, and fault injection. */
export interface TimMock {
  /** Pass them to `setupServer(...)` or `setupWorker(...)`, or to msw's `getResponse`. */
  readonly handlers: HttpHandler[];
  /**
   * Answers one request through the same pipeline as `handlers`, without going through msw: a server
   * (`apps/sandbox`) or an edge function can serve the mock with it. An operation's exact URL is found
   * with one lookup; anything else goes to msw's `getResponse(handlers, …)`, so the answers are the
   * handlers' own. Undefined when no handler answers (another origin, a path outside `/v4/`). Overrides
   * added with `server.use()` do not apply.
   *
   * @example
   * const answer = await mock.answer({ method: "POST", url: new URL(requestUrl), body: bytes });
   * if (answer && !answer.networkError) console.log(answer.status, answer.errorCode, answer.body);
   */
  answer(request: MockRequest): Promise<MockAnswer | undefined>;
  /**
   * `answer` for a Fetch `Request`: the `Response` the handlers would give, or undefined.
   *
   * @example
   * const response = (await mock.handle(request)) ?? new Response("Not found", { status: 404 });
   */
  handle(request: Request): Promise<Response | undefined>;
  /** The state every command shares: accounts, messages and read receipts; `store.reset()` resets only the state. */
  readonly store: TimMockStore;
  /** Makes the next matching requests fail or stall; returns a handle to see or cancel what is left. */
  inject(fault: FaultOptions): InjectedFault;
  /** Faults still waiting, with how many requests each still applies to. */
  pendingFaults(): Array<Readonly<FaultOptions> & { remaining: number }>;
  /**
   * Calls per second per command: the limits in effect (`rateLimits` option), the counts of the last
   * seconds, and `set()` to change the limits.
   */
  readonly rateLimits: TimMockRateLimits;
  /**
   * The callbacks sent to the app backend (option `callbacks`), oldest first, each with its command,
   * body, status, reply and time taken; the last 100. After-callbacks are logged once answered: await
   * `mock.callbackDelivery.settled()` first.
   *
   * @example
   * await mock.callbackDelivery.settled();
   * mock.callbacks().map((record) => record.command) // → ["C2C.CallbackBeforeSendMsg", "C2C.CallbackAfterSendMsg"]
   */
  callbacks(): CallbackRecord[];
  /** The callback settings: see them (without the token), change them from now on, wait for answers. */
  readonly callbackDelivery: Pick<CallbackDelivery, "settings" | "set" | "settled" | "log">;
  /** Back to the start: the options' accounts, messages, rate limits and callbacks, no receipts, counts, pending faults or callback log. */
  reset(): void;
  /** The options in effect, defaults filled in (the secret key included: this is a test double). */
  readonly options: ResolvedTimMockOptions;
}

/**
 * A mock of the Tencent Cloud Chat REST API that validates like the server, keeps state and fails on
 * demand. Defaults match Tencent's documentation example: SDKAppID 88888888, administrator `admin`,
 * accounts `user1` and `user2`.
 *
 * @example
 * const mock = createTimMock();
 * const server = setupServer(...mock.handlers);
 * server.listen({ onUnhandledRequest: "error" });
 * mock.inject({ operation: "c2cMsgReadReceipt", code: 20004 }); // the next receipt fails, then all is well
 */
export function createTimMock(options?: TimMockOptions): TimMock {
  const resolved = resolveTimMockOptions(options);
  const store = createTimMockStore(resolved);
  const faults = createFaultQueue();
  const rateLimits = createRateLimits(resolved.rateLimits);
  const callbacks = createCallbackDelivery(resolved.callbacks, resolved);
  const context: PipelineContext = {
    options: resolved,
    admins: new Set(resolved.admins),
    store,
    faults,
    checkUserSig: createUserSigCheck({
      sdkAppId: resolved.sdkAppId,
      secretKey: resolved.secretKey,
      verify: resolved.verifyUserSig,
    }),
    rateLimits,
    callbacks,
  };
  const handlers = createTimHandlers(context);
  const routes = timOperationRoutes(context);
  const operationOf = (method: string, url: URL) =>
    method === "POST" ? routes.get(`${url.origin}${url.pathname}`) : undefined;
  return {
    handlers,
    async answer({ method, url, body }) {
      const operationId = operationOf(method, url);
      if (operationId) {
        const bytes = body ?? new Uint8Array(0);
        return answerOperation(
          operationId,
          {
            query: url.searchParams,
            readBody: (maxBytes) =>
              bytes.byteLength > maxBytes ? { tooLong: true } : { tooLong: false, bytes },
          },
          context,
        );
      }
      const response = await getResponse(handlers, new Request(url, { method, body }));
      return response && fromResponse(response);
    },
    async handle(request) {
      const url = new URL(request.url);
      const operationId = operationOf(request.method, url);
      if (!operationId) return getResponse(handlers, request);
      return answerWebRequest(operationId, request, context);
    },
    store,
    inject: (fault) => faults.add(fault),
    pendingFaults: () => faults.pending(),
    rateLimits,
    callbacks: () => callbacks.log(),
    callbackDelivery: {
      settings: () => callbacks.settings(),
      set: (option) => callbacks.set(option),
      settled: () => callbacks.settled(),
      log: () => callbacks.log(),
    },
    reset() {
      store.reset();
      faults.clear();
      rateLimits.reset();
      callbacks.reset();
    },
    options: resolved,
  };
}
