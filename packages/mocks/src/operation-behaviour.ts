import type { OperationId, OperationInfo, operations, operationTable } from "@timkit/spec";
import type { CallbackDelivery } from "./callback-delivery.js";
import type { TimMockStore } from "./mock-store.js";

/** The JSON body an operation takes, from the generated types. */
export type RequestBodyOf<Id extends OperationId> =
  operations[Id]["requestBody"]["content"]["application/json"];

/** The JSON an operation answers (success or failure), from the generated types. */
export type ResponseBodyOf<Id extends OperationId> =
  operations[Id]["responses"][200]["content"]["application/json"];

/** The fields an operation's success answer carries beyond the envelope (none for some commands). */
export type SuccessFieldsOf<Id extends OperationId> = Omit<
  Extract<ResponseBodyOf<Id>, { ActionStatus: "OK" }>,
  "ActionStatus" | "ErrorCode" | "ErrorInfo"
>;

/** The names of the outcomes an operation's spec gives a code (`x-timkit-codes`), such as `accountLimit`. */
export type OutcomeOf<Id extends OperationId> = keyof (typeof operationTable)[Id]["codes"] & string;

/** What a behaviour sees besides the body: the state, the mock's clock, who is calling, and the codes. */
export interface BehaviourContext<Id extends OperationId = OperationId> {
  readonly store: TimMockStore;
  /** The mock's `now()`, in Unix seconds. */
  readonly now: number;
  /** The same moment in Unix milliseconds (callbacks' `EventTime`). */
  readonly nowMilliseconds: number;
  /**
   * Tencent's callbacks to the app backend (when the mock's `callbacks` option is on): `before` waits for
   * the backend's verdict, `after` does not wait. What each callback carries is the behaviour's to say.
   */
  readonly callbacks: Pick<CallbackDelivery, "before" | "after">;
  /** The administrator named in `identifier`. */
  readonly identifier: string;
  /** The operation as the mock answers it (the spec's row, the mock's code overrides applied): limits. */
  readonly operation: OperationInfo & { readonly limits: (typeof operationTable)[Id]["limits"] };
  /** The operation's code for each outcome, as the spec declares them, for results that carry a code. */
  readonly codes: (typeof operationTable)[Id]["codes"];
  /** What a code means to this operation (the catalogue's text), for results that carry a text. */
  describe(code: number): string;
}

/**
 * Success with the operation's extra fields, or a failure named by one of the outcomes the spec gives a
 * code: the pipeline answers that code with the catalogue's text. `refuse` carries a code decided
 * elsewhere (by a callback's reply, through the spec's verdicts), with the text to answer, when it is not
 * the catalogue's; the code must be one the operation documents.
 */
export type BehaviourOutcome<Id extends OperationId> =
  | { ok: SuccessFieldsOf<Id> }
  | { fail: OutcomeOf<Id> }
  | { refuse: { readonly code: number; readonly info?: string } };

/**
 * What one operation does with a request that passed every generic check (query, UserSig, size, JSON,
 * schema, cross-field rules, accounts imported): only what is specific to it, typically a change of state.
 */
export type OperationBehaviour<Id extends OperationId> = (
  body: RequestBodyOf<Id>,
  context: BehaviourContext<Id>,
) => BehaviourOutcome<Id> | Promise<BehaviourOutcome<Id>>;

/** Every operation's behaviour, keyed by operationId: a command without one does not compile. */
export type OperationBehaviours = { readonly [Id in OperationId]: OperationBehaviour<Id> };
