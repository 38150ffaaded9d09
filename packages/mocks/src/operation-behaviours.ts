import type { OperationId } from "@timkit/spec";
import type { OperationBehaviour } from "./operation-behaviour.js";
import { c2cMsgReadReceipt } from "./operations/c2c-msg-read-receipt.js";

/**
 * Every operation's behaviour, keyed by operationId. The mapped type makes a new operation in the spec a
 * compile error here until its behaviour file exists.
 */
export const operationBehaviours: { readonly [Id in OperationId]: OperationBehaviour<Id> } = {
  c2cMsgReadReceipt,
};
