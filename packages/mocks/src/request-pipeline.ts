import { type CappedBody, type OperationId, readCappedBody, undocumentedBodyLimitBytes } from "@timkit/spec";
import { delay, type HttpResponse } from "msw";
import { checkBody } from "./body-checks.js";
import type { CallbackDelivery } from "./callback-delivery.js";
import { errorEntry, fail, ok } from "./envelope.js";
import type { FaultOptions, FaultQueue } from "./fault-injection.js";
import { operationBehaviours } from "./generated/operation-behaviours.js";
import { envelopeAnswer, type MockAnswer, toResponse } from "./mock-answer.js";
import type { ResolvedTimMockOptions } from "./mock-options.js";
import type { TimMockStore } from "./mock-store.js";
import type {
  BehaviourContext,
  BehaviourOutcome,
  OperationBehaviour,
  ResponseBodyOf,
} from "./operation-behaviour.js";
import { checkQuery } from "./query-checks.js";
import type { TimMockRateLimits } from "./rate-limits.js";
import type { UserSigCheck } from "./user-sig-check.js";

/** Everything a request is answered from: the options, the state, pending faults and the UserSig check. */
export interface PipelineContext {
  readonly options: ResolvedTimMockOptions;
  readonly admins: ReadonlySet<string>;
  readonly store: TimMockStore;
  readonly faults: FaultQueue;
  readonly checkUserSig: UserSigCheck;
  readonly rateLimits: TimMockRateLimits;
  readonly callbacks: CallbackDelivery;
}

/** A header naming what was wrong, for people reading logs or devtools; the body stays Tencent's. */
export const detailHeader = "x-timkit-mock-detail";

/** What the pipeline reads of a request: its query, and its body on demand (after the query checks). */
export interface PipelineRequest {
  readonly query: URLSearchParams;
  readBody(maxBytes: number): CappedBody | Promise<CappedBody>;
}

/**
 * Answers one request for one operation: injected fault, query checks, UserSig, the rate limit (when
 * on), body within the size limit, JSON, schema, cross-field rules, accounts imported, and only then the operation's own behaviour.
 * Every answer is HTTP 200 with the envelope, except an injected `status` or `networkError`. The MSW
 * handlers and `mock.answer` both come here, so there is one implementation.
 *
 * @example
 * await answerOperation("c2cMsgReadReceipt", { query, readBody: (max) => readCappedBody(request, max) }, context);
 */
export async function answerOperation<Id extends OperationId>(
  operationId: Id,
  request: PipelineRequest,
  context: PipelineContext,
): Promise<MockAnswer> {
  const fault = context.faults.take(operationId);
  if (fault) {
    const injected = await applyFault(fault, operationId);
    if (injected) return injected;
  }
  const operation = context.options.operations[operationId];
  const { codes } = operation;
  const now = context.options.now();
  const query = request.query;
  // Each step's answer is awaited only when it is a promise: most requests need no wait at all.
  const queryChecked = checkQuery(query, {
    sdkAppId: context.options.sdkAppId,
    admins: context.admins,
    checkUserSig: context.checkUserSig,
    now,
    codes,
  });
  const rejected = queryChecked instanceof Promise ? await queryChecked : queryChecked;
  if (rejected) return failure(rejected.code, rejected.detail, operationId);
  // Counted once the caller is known (SDKAppID, administrator, UserSig), before the body is read, as a
  // gateway in front of the command would: a body the command then refuses still used a call.
  const second = Math.floor(now);
  const overRate = context.rateLimits.count(operationId, second);
  if (overRate !== undefined) {
    return failure(codes.rateLimited, `over ${overRate} calls in second ${second}`, operationId);
  }

  const limit = operation.maxBodyBytes ?? undocumentedBodyLimitBytes;
  const reading = request.readBody(limit);
  const read = reading instanceof Promise ? await reading : reading;
  if (read.tooLong) return failure(codes.bodyTooLong, `the body is over ${limit} bytes`, operationId);
  const checked = checkBody(operationId, operation, read.bytes, context.store);
  if ("code" in checked) return failure(checked.code, checked.detail, operationId);

  const behaviour = operationBehaviours[operationId] as OperationBehaviour<Id>;
  const behaviourContext: BehaviourContext<Id> = {
    store: context.store,
    now,
    nowMilliseconds: context.options.nowMilliseconds(),
    callbacks: context.callbacks,
    identifier: query.get("identifier") ?? "",
    operation: operation as BehaviourContext<Id>["operation"],
    codes: codes as BehaviourContext<Id>["codes"],
    describe: (code) => {
      const entry = errorEntry(operationId, code);
      return entry?.errorInfo ?? entry?.description ?? "";
    },
  };
  const behaved = behaviour(checked.body, behaviourContext);
  const outcome: BehaviourOutcome<Id> = behaved instanceof Promise ? await behaved : behaved;
  if ("fail" in outcome) {
    const code = (codes as Readonly<Record<string, number>>)[outcome.fail] as number;
    return failure(code, `refused by the operation: ${outcome.fail}`, operationId);
  }
  if ("refuse" in outcome) {
    const { code, info } = outcome.refuse;
    return failure(code, `refused by the app backend's callback with ${code}`, operationId, info);
  }
  // Assigned onto the envelope rather than spread into a new object: the spread cost more than the rest
  // of a small answer.
  return envelopeAnswer(Object.assign(ok(), outcome.ok));
}

/**
 * Answers a Fetch `Request` for one operation through `answerOperation`: what the MSW handlers run.
 *
 * @example
 * http.post(path, ({ request }) => answerWebRequest("c2cMsgReadReceipt", request, context));
 */
export async function answerWebRequest<Id extends OperationId>(
  operationId: Id,
  request: Request,
  context: PipelineContext,
): Promise<HttpResponse<ResponseBodyOf<Id>>> {
  const answer = await answerOperation(
    operationId,
    { query: new URL(request.url).searchParams, readBody: (maxBytes) => readCappedBody(request, maxBytes) },
    context,
  );
  // Every envelope is built from the catalogue for a code the operation documents (the contract tests
  // check this over random requests), so the answer is the operation's response type.
  return toResponse(answer) as HttpResponse<ResponseBodyOf<Id>>;
}

const headerUnsafe = /[^\x20-\x7e]/g;

function failure(code: number, detail: string, operationId: OperationId, info?: string): MockAnswer {
  // Header values must be printable ASCII, and UserIDs from a query may be anything (lone surrogates
  // included): escape each UTF-16 unit, and keep the note short.
  const safe = detail
    .slice(0, 200)
    .replace(headerUnsafe, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return envelopeAnswer(fail(code, operationId, info), { [detailHeader]: safe });
}

async function applyFault(
  fault: Readonly<FaultOptions>,
  operationId: OperationId,
): Promise<MockAnswer | undefined> {
  if (fault.delayMs) await delay(fault.delayMs);
  if (fault.networkError) return { networkError: true };
  if (fault.status !== undefined) {
    return {
      status: fault.status,
      headers: { "content-type": "text/plain; charset=utf-8" },
      body: `HTTP ${fault.status}: injected by @timkit/mocks`,
      errorCode: undefined,
    };
  }
  if (fault.code !== undefined) return failure(fault.code, "injected by the test", operationId);
  return undefined;
}
