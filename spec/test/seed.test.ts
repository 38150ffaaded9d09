import { describe, expect, it } from "vitest";
import document from "../generated/openapi.json" with { type: "json" };
import {
  seedDomains,
  seedErrorCodes,
  seedQueryParameters,
  seedRequestExample,
  seedRequestFields,
  seedResponseExample,
  seedResponseFields,
  sharedErrorCodes,
  sharedRegions,
  sharedTransientCodes,
} from "./reference-pages";

type Schema = Record<string, unknown> & {
  $ref?: string;
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};
const schemas = document.components.schemas as unknown as Record<string, Schema>;
const resolve = (schema: Schema): Schema =>
  schema.$ref ? resolve(schemas[schema.$ref.replace("#/components/schemas/", "")] as Schema) : schema;
const codesOf = (name: string) =>
  new Map((schemas[name]?.oneOf ?? []).map((entry) => [entry.const as number, entry] as const));

type Example = { $ref?: string; value?: unknown };
const exampleValue = (example: Example): unknown =>
  example.$ref
    ? (document.components.examples as Record<string, Example>)[
        example.$ref.replace("#/components/examples/", "")
      ]?.value
    : example.value;

const operation = document.paths["/v4/openim/c2c_msg_read_receipt"].post;
const requestSchema = resolve(operation.requestBody.content["application/json"].schema as Schema);
const itemSchema = resolve(requestSchema.properties?.C2CMsgInfo?.items as Schema);

describe("the spec says what the c2c_msg_read_receipt page says", () => {
  it("reads enough of the page to compare (guards the parser itself)", () => {
    expect(seedErrorCodes.size).toBe(21);
    expect(seedDomains).toHaveLength(7);
    expect(seedRequestFields).toHaveLength(6);
    expect(seedResponseFields).toHaveLength(3);
  });

  it("lists every error code of the page with its exact text, and no other", () => {
    const specCodes = codesOf("C2cMsgReadReceiptErrorCode");
    expect([...specCodes.keys()].sort()).toEqual([...seedErrorCodes.keys()].sort());
    for (const [code, text] of seedErrorCodes)
      expect(specCodes.get(code)?.description, `code ${code}`).toBe(text);
  });

  it("marks exactly the codes whose text says 'please retry' as retryable", () => {
    for (const [code, entry] of codesOf("C2cMsgReadReceiptErrorCode")) {
      const text = seedErrorCodes.get(code) ?? "";
      expect(entry["x-retryable"], `code ${code}`).toBe(/please retry/i.test(text));
    }
  });

  it("enumerates the seven regional domains of the page, in its order, named by region", () => {
    const domain = document.servers[0]?.variables.domain;
    expect(document.servers).toHaveLength(1);
    expect(domain?.enum).toEqual(seedDomains.map(([, host]) => host));
    expect(domain?.default).toBe("console.tim.qq.com");
    expect(domain?.["x-timkit-regions"].map((region) => [region.name, region.primary])).toEqual(seedDomains);
    for (const [name, host] of seedDomains) expect(domain?.description).toContain(`${name}: ${host}`);
  });

  it("records each region's backup domain", () => {
    const regions = document.servers[0]?.variables.domain["x-timkit-regions"] ?? [];
    expect(regions.map(({ name, primary, backup }) => ({ name, primary, backup }))).toEqual(sharedRegions);
  });

  it("declares the five query parameters with the page's descriptions and constraints", () => {
    // The parameters every command references (the callbacks' own are checked against section 7).
    const referenced = document.paths["/v4/openim/c2c_msg_read_receipt"].parameters.map(({ $ref }) =>
      $ref.replace("#/components/parameters/", ""),
    );
    type QueryParameter = {
      in: string;
      required: boolean;
      description: string;
      schema: Record<string, unknown>;
    };
    const all = document.components.parameters as unknown as Record<string, QueryParameter>;
    const parameters = Object.fromEntries(referenced.map((name) => [name, all[name] as QueryParameter]));
    expect(Object.keys(parameters).sort()).toEqual([...seedQueryParameters.keys()].sort());
    for (const [name, parameter] of Object.entries(parameters)) {
      expect(parameter.in).toBe("query");
      expect(parameter.required).toBe(true);
      const pageText = seedQueryParameters.get(name) ?? "";
      if (pageText) expect(parameter.description, name).toContain(pageText);
    }
    expect(parameters.sdkappid?.schema.type).toBe("integer");
    expect(parameters.random?.schema).toMatchObject({ type: "integer", minimum: 0, maximum: 4294967295 });
    expect(parameters.contenttype?.schema.enum).toEqual(["json"]);
    expect(parameters.identifier?.description).toMatch(/App administrator/);
  });

  it("models the admin UserSig as the security scheme of every operation", () => {
    expect(document.components.securitySchemes.AdminUserSig).toMatchObject({
      type: "apiKey",
      in: "query",
      name: "usersig",
    });
    expect(document.security).toEqual([{ AdminUserSig: [] }]);
  });

  it("types every request field of the page with its required flag and description", () => {
    const jsonType = { String: "string", Array: "array", Integer: "integer" } as const;
    for (const field of seedRequestFields) {
      const owner = field.name && requestSchema.properties?.[field.name] ? requestSchema : itemSchema;
      const property = owner.properties?.[field.name as string] as Schema;
      expect(property, field.name).toBeDefined();
      expect(resolve(property).type, field.name).toBe(jsonType[field.type as keyof typeof jsonType]);
      expect(owner.required?.includes(field.name as string), field.name).toBe(field.required);
      expect(property.description ?? resolve(property).description, field.name).toContain(field.description);
    }
  });

  it("states the From/To rules in words and as machine-readable rules", () => {
    expect(requestSchema["x-timkit-rules"]).toEqual([
      expect.objectContaining({ field: "C2CMsgInfo[].From_Account", equals: "Peer_Account" }),
      expect.objectContaining({ field: "C2CMsgInfo[].To_Account", equals: "Operator_Account" }),
    ]);
    expect(itemSchema.properties?.From_Account?.description).toContain("Must match Peer_Account.");
    expect(itemSchema.properties?.To_Account?.description).toContain("Must match Operator_Account.");
  });

  it("explains who is user A and who is user B so nobody swaps the accounts", () => {
    expect(operation.operationId).toBe("c2cMsgReadReceipt");
    expect(operation.description).toContain(
      "Set the Operator_Account field to User B's UserID, the Peer_Account field to User A's UserID,\nand in the C2CMsgInfo array, set From_Account to User A's UserID and To_Account to User B's UserID.",
    );
  });

  it("records the documented 12 KB body limit machine-readably", () => {
    expect(operation["x-timkit-max-body-bytes"]).toBe(12 * 1024);
    expect(seedErrorCodes.get(93000)).toContain("12k");
  });

  it("describes the response envelope fields of the page", () => {
    const success = schemas.SuccessResponse as Schema;
    const failure = schemas.FailureResponse as Schema;
    for (const field of seedResponseFields) {
      for (const envelope of [success, failure]) {
        expect(envelope.properties?.[field.name as string]?.description, field.name).toBe(field.description);
      }
    }
    expect(success.properties?.ActionStatus?.const).toBe("OK");
    expect(failure.properties?.ActionStatus?.const).toBe("FAIL");
    expect(success.additionalProperties).toBe(true);
    expect(failure.additionalProperties).toBe(true);
  });

  it("carries the page's request and response examples verbatim", () => {
    const requestExamples = operation.requestBody.content["application/json"].examples;
    expect(Object.values(requestExamples).map(exampleValue)).toContainEqual(seedRequestExample);
    const responseExamples = operation.responses["200"].content["application/json"].examples;
    expect(JSON.stringify(exampleValue(responseExamples.ok))).toBe(JSON.stringify(seedResponseExample));
  });

  it("has failure examples for 20003, 90001 and 93000 with the catalogue's texts", () => {
    const examples = Object.values(operation.responses["200"].content["application/json"].examples).map(
      exampleValue,
    );
    for (const code of [20003, 90001, 93000]) {
      expect(examples).toContainEqual({
        ActionStatus: "FAIL",
        ErrorCode: code,
        ErrorInfo: seedErrorCodes.get(code),
      });
    }
  });
});

describe("the spec says what the shared conventions page says", () => {
  it("lists every common error code with its exact text", () => {
    const specCodes = codesOf("CommonErrorCode");
    expect([...specCodes.keys()].sort()).toEqual([...sharedErrorCodes.keys()].sort());
    for (const [code, text] of sharedErrorCodes)
      expect(specCodes.get(code)?.description, `code ${code}`).toBe(text);
  });

  it("marks the common codes the page calls transient as retryable, and only those", () => {
    expect(sharedTransientCodes.size).toBe(7);
    for (const [code, entry] of codesOf("CommonErrorCode")) {
      expect(entry["x-retryable"], `code ${code}`).toBe(sharedTransientCodes.has(code));
    }
    expect(codesOf("CommonErrorCode").get(70050)?.["x-retry-after-seconds"]).toBe(60);
  });

  it("lets every operation answer the common codes as well as its own", () => {
    const failure = schemas.C2cMsgReadReceiptFailure as Schema & { allOf: Schema[] };
    const errorCode = failure.allOf[1]?.properties?.ErrorCode as Schema & { anyOf: Schema[] };
    expect(errorCode.anyOf.map((entry) => entry.$ref)).toEqual([
      "#/components/schemas/CommonErrorCode",
      "#/components/schemas/C2cMsgReadReceiptErrorCode",
    ]);
  });
});
