// Type-level views of the generated `operations` and `paths`: every method of the client, and the paths of
// `tim.raw`, are computed here from the spec's types, so a new operation needs no hand-written type.
import type { OperationId, operations, paths } from "@timkit/spec";

type JsonContent<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/**
 * The JSON body an operation takes, from the spec. Tencent wants a JSON object even when a command takes
 * no fields, hence the empty object for an operation without a request body.
 *
 * @example
 * const body: TimRequestBody<"c2cMsgReadReceipt"> = { Operator_Account: "bob", Peer_Account: "alice", C2CMsgInfo: [] };
 */
export type TimRequestBody<Id extends OperationId> = Id extends keyof operations
  ? operations[Id] extends { requestBody: infer RequestBody }
    ? JsonContent<RequestBody>
    : Record<string, never>
  : never;

/**
 * The body of a successful answer (`ActionStatus: "OK"`) of an operation; failures are thrown as
 * `TimApiError`, so they are not part of this type.
 */
export type TimResponseBody<Id extends OperationId> = Id extends keyof operations
  ? Extract<JsonContent<operations[Id]["responses"][200]>, { ActionStatus: "OK" }>
  : never;

/** The five query parameters the client adds to every request. */
export type TimAuthQueryName = "sdkappid" | "identifier" | "usersig" | "random" | "contenttype";

type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];

type WithoutAuthQuery<Parameters> = Parameters extends { query?: infer Query }
  ? Omit<Parameters, "query"> &
      ([keyof Omit<NonNullable<Query>, TimAuthQueryName>] extends [never]
        ? { query?: never }
        : [RequiredKeys<Omit<NonNullable<Query>, TimAuthQueryName>>] extends [never]
          ? { query?: Omit<NonNullable<Query>, TimAuthQueryName> }
          : { query: Omit<NonNullable<Query>, TimAuthQueryName> })
  : Parameters;

type RawOperation<Operation> = {
  [K in keyof Operation]: K extends "parameters" ? WithoutAuthQuery<Operation[K]> : Operation[K];
};

type RawPathItem<PathItem> = {
  [K in keyof PathItem]: K extends "parameters" ? WithoutAuthQuery<PathItem[K]> : RawOperation<PathItem[K]>;
};

/**
 * The spec's `paths` without the auth query parameters, which `tim.raw` sets itself: what remains is
 * what a caller of `tim.raw` has to provide.
 */
export type TimRawPaths = { [Path in keyof paths]: RawPathItem<paths[Path]> };
