export type { BeforeSendVerdict, DecidesCommand } from "./callback-reply";
export { constantTimeEqual, timCallbackSign } from "./callback-signature";
export { defaultMaxBodyBytes } from "./capped-body";
export * from "./create-tim-webhook-handler";
export * from "./parse-tim-callback";
export * from "./tim-callback";
export * from "./webhook-error";
