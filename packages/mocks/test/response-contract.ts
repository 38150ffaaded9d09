import { type OperationId, operationTable } from "@timkit/spec";
import document from "@timkit/spec/openapi.json" with { type: "json" };
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// The whole bundled document is one schema, so every operation's response is checked against exactly
// what the spec says, references and all.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, "openapi.json");

const pointer = (path: string) => path.replaceAll("~", "~0").replaceAll("/", "~1");
const validators = new Map<OperationId | undefined, ValidateFunction>();

/** The validator of an operation's 200 answer; for unknown commands, a failure with a common code. */
export function responseValidator(operationId: OperationId | undefined): ValidateFunction {
  let validate = validators.get(operationId);
  if (!validate) {
    validate =
      operationId === undefined
        ? ajv.compile({
            allOf: [
              { $ref: "openapi.json#/components/schemas/FailureResponse" },
              { properties: { ErrorCode: { $ref: "openapi.json#/components/schemas/CommonErrorCode" } } },
            ],
          })
        : (ajv.getSchema(
            `openapi.json#/paths/${pointer(operationTable[operationId].path)}/post/responses/200/content/application~1json/schema`,
          ) as ValidateFunction);
    validators.set(operationId, validate);
  }
  return validate;
}

/** Ajv's complaint about `body` as one line, or undefined when it conforms. */
export function contractViolation(operationId: OperationId | undefined, body: unknown): string | undefined {
  const validate = responseValidator(operationId);
  return validate(body) ? undefined : ajv.errorsText(validate.errors);
}
