import { type OperationId, operationExamples } from "@timkit/spec";
import type { RequestBodyOf } from "../src/operation-behaviour.js";

/** A copy of an operation's `documentation` request example (Tencent's own), from the spec's examples table. */
export function documentedBody<Id extends OperationId>(operationId: Id): RequestBodyOf<Id> {
  const example = (operationExamples[operationId].requests as Record<string, { value: unknown } | undefined>)
    .documentation;
  if (!example) throw new Error(`${operationId} has no documentation request example in the spec`);
  return structuredClone(example.value) as RequestBodyOf<Id>;
}

/** The request body of the spec's `documentation` example for the read-receipt command (the seed's). */
export const documentedReadReceiptBody = () => documentedBody("c2cMsgReadReceipt");
