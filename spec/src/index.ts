export * from "../generated/error-catalog";
export * from "../generated/operation-table";
export * from "../generated/region-table";
export type { RequestValidationError, RequestValidator } from "../generated/request-validators.js";
export * as requestValidators from "../generated/request-validators.js";
export type { components, operations, paths } from "../generated/schema";
export * from "./field-paths";
export * from "./field-rules";
