import type { OperationId, operations, TimErrorCode } from "@timkit/spec";
import type { TimMockStore } from "./mock-store.js";

/** The JSON body an operation takes, from the generated types. */
export type RequestBodyOf<Id extends OperationId> =
  operations[Id]["requestBody"]["content"]["application/json"];

/** The JSON an operation answers (success or failure), from the generated types. */
export type ResponseBodyOf<Id extends OperationId> =
  operations[Id]["responses"][200]["content"]["application/json"];

/** The fields an operation's success answer carries beyond the envelope (none for most commands). */
export type SuccessFieldsOf<Id extends OperationId> = Omit<
  Extract<ResponseBodyOf<Id>, { ActionStatus: "OK" }>,
  "ActionStatus" | "ErrorCode" | "ErrorInfo"
>;

/** What a behaviour sees besides the body: the state, the mock's clock, and who is calling. */
export interface BehaviourContext {
  readonly store: TimMockStore;
  /** The mock's `now()`, in Unix seconds. */
  readonly now: number;
  /** The administrator named in `identifier`. */
  readonly identifier: string;
}

/** Success with the operation's extra fields, or a failure code that the state dictates. */
export type BehaviourOutcome<Id extends OperationId> = { ok: SuccessFieldsOf<Id> } | { fail: TimErrorCode };

/**
 * What one operation does with a request that passed every generic check (query, UserSig, size, JSON,
 * schema, cross-field rules, accounts imported): only what is specific to it, typically a change of state.
 */
export type OperationBehaviour<Id extends OperationId> = (
  body: RequestBodyOf<Id>,
  context: BehaviourContext,
) => BehaviourOutcome<Id>;
