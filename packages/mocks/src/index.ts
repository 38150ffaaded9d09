export type { OperationId, TimErrorCode } from "@timkit/spec";
export { createTimMock, type TimMock } from "./create-tim-mock.js";
export { type FailureEnvelope, fail, ok, type SuccessEnvelope, type TimEnvelope } from "./envelope.js";
export { checkFaultOptions, type FaultOptions, type InjectedFault } from "./fault-injection.js";
export { type MistakeCodes, mistakeCodesFor, unknownCommandCode } from "./mistake-codes.js";
export { fromResponse, type MockAnswer, type MockRequest, toResponse } from "./mock-answer.js";
export {
  devSecretKey,
  type ResolvedTimMockOptions,
  type TimMockOptions,
  timMockDefaults,
} from "./mock-options.js";
export type { ReadReceipt, ReadReceiptFilter, TimMockSnapshot, TimMockStore } from "./mock-store.js";
export type {
  BehaviourContext,
  BehaviourOutcome,
  OperationBehaviour,
  RequestBodyOf,
  ResponseBodyOf,
} from "./operation-behaviour.js";
export { detailHeader } from "./request-pipeline.js";
export { timOrigins } from "./tim-origins.js";
