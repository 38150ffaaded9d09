import { type OperationId, operationTable } from "@timkit/spec";
import createClient, { type Client } from "openapi-fetch";
import { authQuery } from "./auth-query.js";
import {
  callSettings,
  resolveClientOptions,
  type TimCallOptions,
  type TimClientOptions,
} from "./client-options.js";
import type { TimRawPaths, TimRequestBody, TimResponseBody } from "./operation-types.js";
import { createRateLimiter, lazyBudget, localBudget, type RateLimiter } from "./rate-limiter.js";
import { type ReadReceiptsInput, type ReadReceiptsResult, sendReadReceipts } from "./read-receipts.js";
import { serializeRequestBody } from "./request-validation.js";
import { type RoamMessage, type RoamMessagesQuery, roamMessages } from "./roam-messages.js";
import type { SharedBudgets } from "./shared-budget.js";
import { type FetchContext, timFetch } from "./tim-fetch.js";
import { type UserSigSource, userSigFromProvider, userSigFromSecretKey } from "./user-sig-source.js";

/**
 * One method per operation of the spec, named by its operationId. It resolves with the OK envelope and
 * rejects with `TimValidationError` (nothing sent), `TimApiError` (Tencent said FAIL) or
 * `TimRequestError` (no usable answer).
 */
export type TimOperationMethods = {
  readonly [Id in OperationId]: (
    body: TimRequestBody<Id>,
    options?: TimCallOptions,
  ) => Promise<TimResponseBody<Id>>;
};

/** What `createTimClient` returns. */
export type TimClient = TimOperationMethods & {
  /**
   * The openapi-fetch client every method runs on, typed by the spec without the auth parameters:
   * `{ data, error, response }`, auth, retries and the timeout included, no validation, a FAIL envelope
   * left in `data`. Middleware added with `use()` sees every call, the methods' included.
   */
  readonly raw: Client<TimRawPaths>;
  /**
   * Read receipts for many messages at once, accounts set the right way round, split to fit the body limit.
   *
   * @example
   * const { acknowledged, failed } = await tim.sendReadReceipts({ reader: "bob", sender: "alice", msgKeys });
   */
  sendReadReceipts(input: ReadReceiptsInput, options?: TimCallOptions): Promise<ReadReceiptsResult>;
  /**
   * Every message of a conversation in a time range, newest first, paging with `admin_getroammsg`.
   *
   * @example
   * for await (const message of tim.roamMessages({ operator: "alice", peer: "bob" })) console.log(message.IsPeerRead);
   */
  roamMessages(query: RoamMessagesQuery, options?: TimCallOptions): AsyncIterable<RoamMessage>;
  /**
   * Closes the Redis connection the client made from a `rateLimit.redis` URL (a client passed in is left
   * open), so that the process can exit. Later calls count in this process, at `localShare`.
   */
  close(): Promise<void>;
};

/**
 * A client of the Tencent Cloud Chat server REST API. It adds the five auth query parameters to every
 * request, makes and renews the admin UserSig when given the secret key, checks bodies against the spec,
 * turns `ActionStatus: "FAIL"` into `TimApiError`, and retries transient failures within `timeoutMs`.
 *
 * @throws {TypeError} for a missing or invalid option; the message names the option and never shows a secret.
 *
 * @example
 * const tim = createTimClient({
 *   sdkAppId: 1400000000,
 *   identifier: "administrator",
 *   region: "singapore",
 *   secretKey: process.env.TIM_SECRET_KEY,
 * });
 * await tim.c2cMsgReadReceipt({
 *   Operator_Account: "bob",
 *   Peer_Account: "alice",
 *   C2CMsgInfo: [{ From_Account: "alice", To_Account: "bob", MsgKey: "1467329515_5675354_1708676941" }],
 * });
 */
export function createTimClient(options: TimClientOptions): TimClient {
  const resolved = resolveClientOptions(options);
  const { sdkAppId, identifier, baseUrl, settings } = resolved;
  const userSig: UserSigSource =
    resolved.secretKey === undefined
      ? userSigFromProvider(resolved.userSig as NonNullable<typeof resolved.userSig>)
      : userSigFromSecretKey({
          sdkAppId,
          identifier,
          secretKey: resolved.secretKey,
          expireSeconds: resolved.userSigExpireSeconds,
        });
  const { rateLimit } = resolved;
  // The Redis budget is loaded with import() on the first call, only when a Redis is given.
  let shared: Promise<SharedBudgets> | undefined;
  const sharedBudgets = (): Promise<SharedBudgets> => {
    shared ??= import("./shared-budget.js").then((loaded) =>
      loaded.sharedBudgets(sdkAppId, rateLimit as NonNullable<typeof rateLimit>),
    );
    shared.catch(() => {
      shared = undefined; // tried again on the next call
    });
    return shared;
  };
  // One limiter per command, made on its first call.
  const limiters = new Map<OperationId, RateLimiter>();
  const limiter = (operation: OperationId) => {
    let made = limiters.get(operation);
    if (!made && rateLimit) {
      const perSecond = rateLimit.perSecond[operation];
      const budget =
        rateLimit.redis === undefined
          ? localBudget(perSecond)
          : lazyBudget(perSecond, async () => (await sharedBudgets()).budget(operation, perSecond));
      made = createRateLimiter(budget, rateLimit);
      limiters.set(operation, made);
    }
    return made as RateLimiter;
  };
  const context: FetchContext = {
    query: authQuery(sdkAppId, identifier),
    userSig,
    limiter: rateLimit ? limiter : undefined,
  };
  const raw = createClient<TimRawPaths>({ baseUrl, fetch: timFetch(context, { settings }) });

  // One generic function per row of the generated operation table: a new operation in the spec is a new method.
  const call = async (operation: OperationId, body: unknown, callOptions?: TimCallOptions) => {
    const callSettingsNow = callSettings(settings, callOptions);
    const json = serializeRequestBody(operation, body, callSettingsNow.validate);
    const { data } = await (raw as unknown as Client<Record<string, { post: object }>>).POST(
      operationTable[operation].path,
      {
        // Validation serialized the body already: openapi-fetch sends those bytes.
        body: body as never,
        bodySerializer: () => json,
        fetch: timFetch(context, { settings: callSettingsNow, method: { operation, json } }),
      } as never,
    );
    return data;
  };
  const methods: Record<string, (body: unknown, callOptions?: TimCallOptions) => Promise<unknown>> = {};
  for (const operation of Object.keys(operationTable) as OperationId[]) {
    methods[operation] = (body, callOptions) => call(operation, body, callOptions);
  }
  return {
    ...(methods as TimOperationMethods),
    raw,
    sendReadReceipts: (input, callOptions) =>
      sendReadReceipts(
        (body, bodyOptions) => call("c2cMsgReadReceipt", body, bodyOptions),
        input,
        callOptions,
      ),
    roamMessages: (query, callOptions) =>
      roamMessages(
        (body, pageOptions) => call("adminGetroammsg", body, pageOptions) as never,
        query,
        callOptions,
      ),
    close: async () => (await shared?.catch(() => undefined))?.close(),
  };
}
