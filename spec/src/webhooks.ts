// What a receiver of Tencent's callbacks needs from the spec, and nothing of the commands: the webhook
// table and types, the compiled body and reply validators, and the wording of a schema problem.
export * from "../generated/webhook-table";
export { webhookBodyValidators, webhookReplyValidators } from "../generated/webhook-validators.js";
export { type CappedBody, readCappedBody } from "./capped-body";
export { type SchemaProblem, schemaProblem } from "./schema-errors";
