export type {
  components,
  ErrorCatalogEntry,
  OperationId,
  operations,
  paths,
  Region,
  TimErrorCode,
} from "@timkit/spec";
export { commonErrors, errorCatalog, regionTable } from "@timkit/spec";
export type {
  TimCallOptions,
  TimClientOptions,
  TimFetch,
  TimRateLimitOptions,
  TimRedisStatus,
  TimRetryOptions,
  TimUserSigProvider,
} from "./client-options.js";
export { createTimClient, type TimClient, type TimOperationMethods } from "./create-tim-client.js";
export type { TimAuthQueryName, TimRawPaths, TimRequestBody, TimResponseBody } from "./operation-types.js";
export type { ReadReceiptFailure, ReadReceiptsInput, ReadReceiptsResult } from "./read-receipts.js";
export type { RoamMessage, RoamMessagesQuery } from "./roam-messages.js";
export {
  TimApiError,
  type TimApiErrorFields,
  TimError,
  TimRequestError,
  type TimRequestErrorFields,
  type TimRequestErrorReason,
  TimValidationError,
  type TimValidationErrorFields,
} from "./tim-errors.js";
