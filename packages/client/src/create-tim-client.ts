import { type OperationId, operationTable } from "@timkit/spec";
import type { Client } from "openapi-fetch";
import { authQuery } from "./auth-query.js";
import { resolveClientOptions, type TimCallOptions, type TimClientOptions } from "./client-options.js";
import { type CallContext, callOperation } from "./operation-call.js";
import type { TimRawPaths, TimRequestBody, TimResponseBody } from "./operation-types.js";
import { createRawClient } from "./raw-client.js";
import { type ReadReceiptsInput, type ReadReceiptsResult, sendReadReceipts } from "./read-receipts.js";
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
   * openapi-fetch, typed by the spec, auth parameters added: `{ data, error, response }`, no retries.
   * openapi-fetch itself is loaded with `import()` on the first call; `use()` works before that.
   */
  readonly raw: Client<TimRawPaths>;
  /**
   * Read receipts for many messages at once, accounts set the right way round, split to fit the body limit.
   *
   * @example
   * const { acknowledged, failed } = await tim.sendReadReceipts({ reader: "bob", sender: "alice", msgKeys });
   */
  sendReadReceipts(input: ReadReceiptsInput, options?: TimCallOptions): Promise<ReadReceiptsResult>;
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
  const query = authQuery(sdkAppId, identifier);
  const context: CallContext = { baseUrl, query, userSig, settings };

  // One generic function per row of the generated operation table: a new operation in the spec is a new method.
  const methods: Record<string, (body: unknown, callOptions?: TimCallOptions) => Promise<unknown>> = {};
  for (const operation of Object.keys(operationTable) as OperationId[]) {
    methods[operation] = (body, callOptions) => callOperation(context, operation, body, callOptions);
  }
  return {
    ...(methods as TimOperationMethods),
    raw: createRawClient({
      baseUrl,
      query,
      userSig,
      fetch: () => settings.fetch ?? globalThis.fetch,
    }),
    sendReadReceipts: (input, callOptions) =>
      sendReadReceipts(
        (body, bodyOptions) => callOperation(context, "c2cMsgReadReceipt", body, bodyOptions),
        input,
        callOptions,
      ),
  };
}
