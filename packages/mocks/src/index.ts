export {
  type CallbackCommand,
  commonCodes,
  type OperationId,
  type TimErrorCode,
  type WebhookBody,
  type WebhookReply,
} from "@timkit/spec";
export type { AccountProfile, AccountStore, TimAccount } from "./account-store.js";
export {
  type BeforeCallbackCommand,
  type CallbackDelivery,
  type CallbackRecord,
  type CallbackSettings,
  type CallbackVerdict,
  callbackLimits,
} from "./callback-delivery.js";
export { type CallbackDeliver, type CallbacksOption, resolveCallbacks } from "./callback-options.js";
export { callbackSign } from "./callback-signature.js";
export { createTimMock, type TimMock } from "./create-tim-mock.js";
export {
  errorEntry,
  type FailureEnvelope,
  fail,
  ok,
  type SuccessEnvelope,
  type TimEnvelope,
} from "./envelope.js";
export { checkFaultOptions, type FaultOptions, type InjectedFault } from "./fault-injection.js";
export { fromResponse, type MockAnswer, type MockRequest, toResponse } from "./mock-answer.js";
export {
  devSecretKey,
  type ResolvedTimMockOptions,
  type TimMockOptions,
  timMockDefaults,
} from "./mock-options.js";
export type { TimMockSnapshot, TimMockStore } from "./mock-store.js";
export type {
  BehaviourContext,
  BehaviourOutcome,
  OperationBehaviour,
  OperationBehaviours,
  OutcomeOf,
  RequestBodyOf,
  ResponseBodyOf,
} from "./operation-behaviour.js";
export {
  type RateLimitsOption,
  type RateLimitsSnapshot,
  type RateWindow,
  rateLimitsFrom,
  type TimMockRateLimits,
} from "./rate-limits.js";
export type { ReadReceipt, ReadReceiptFilter, ReceiptStore } from "./receipt-store.js";
export { detailHeader } from "./request-pipeline.js";
export { timOrigins } from "./tim-origins.js";
