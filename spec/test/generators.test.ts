// The generators on made-up documents: what they accept (the keywords real commands use, compiled by
// Ajv), and what stops generation, naming the place, because the mock or the client could not honour it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateErrorCatalog } from "../scripts/generators/error-catalog";
import { generateOperationTable } from "../scripts/generators/operation-table";
import { generateRequestValidators } from "../scripts/generators/request-validators";
import type { JsonSchema, OpenApiDocument } from "../src/openapi-document";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A document with one command, `v4/openim/send_thing`, whose body is `Request` and codes `ErrorCode`. */
function documentWith(
  schemas: Record<string, JsonSchema>,
  operation: Record<string, unknown> = {},
  root: Record<string, unknown> = {},
): OpenApiDocument {
  return {
    servers: [],
    "x-timkit-codes": {
      bodyInvalid: 70402,
      ruleViolated: 70402,
      accountNotImported: 70107,
      userSigExpired: 70001,
    },
    ...root,
    paths: {
      "/v4/openim/send_thing": {
        post: {
          operationId: "sendThing",
          "x-timkit-rate-limit": 200,
          requestBody: { content: { "application/json": { schema: ref("Request") } } },
          responses: {
            "200": {
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: { ErrorCode: { anyOf: [ref("Common"), ref("ErrorCode")] } },
                  },
                },
              },
            },
          },
          ...operation,
        },
      },
    },
    components: {
      schemas: {
        Common: {
          "x-timkit-scope": "common",
          oneOf: [70001, 70107, 70402].map((code) => ({
            const: code,
            description: `common ${code}`,
            "x-retryable": false,
          })),
        },
        ErrorCode: {
          oneOf: [{ const: 90005, description: "MsgRandom is not an integer", "x-retryable": false }],
        },
        Request: { type: "object", properties: { MsgRandom: { type: "integer" } } },
        ...schemas,
      },
    },
  } as unknown as OpenApiDocument;
}

const folder = mkdtempSync(join(tmpdir(), "timkit-validators-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Writes the generated module next to a copy of the length helpers and imports it. */
async function compiled(document: OpenApiDocument): Promise<Record<string, (body: unknown) => boolean>> {
  const { js } = generateRequestValidators(document);
  const file = join(folder, `validators-${Math.random().toString(36).slice(2)}.mjs`);
  const helpers = new URL("../src/text-length.ts", import.meta.url).href;
  writeFileSync(file, js.replace('"../src/text-length.ts"', JSON.stringify(helpers)));
  return import(pathToFileURL(file).href);
}

describe("the request-validator generator", () => {
  it("compiles the keywords real commands use: default, format, additionalProperties, allOf, enum, discriminator with mapping", async () => {
    const validators = await compiled(
      documentWith({
        Request: {
          type: "object",
          required: ["MsgBody"],
          additionalProperties: false,
          properties: {
            MsgRandom: { type: "integer", minimum: 0, maximum: 4294967295, format: "int64", default: 0 },
            SyncOtherMachine: { type: "integer", enum: [1, 2] },
            MsgBody: { type: "array", items: ref("Element") },
            Profile: { allOf: [ref("Named")] },
          },
        },
        Named: {
          type: "object",
          required: ["Name"],
          properties: { Name: { type: "string", format: "uri" } },
        },
        Element: {
          type: "object",
          oneOf: [ref("Text"), ref("Face")],
          discriminator: {
            propertyName: "MsgType",
            mapping: { TIMTextElem: "#/components/schemas/Text", TIMFaceElem: "#/components/schemas/Face" },
          },
        },
        Text: {
          type: "object",
          required: ["MsgType", "Text"],
          properties: { MsgType: { const: "TIMTextElem" }, Text: { type: "string" } },
        },
        Face: {
          type: "object",
          required: ["MsgType", "Index"],
          properties: { MsgType: { const: "TIMFaceElem" }, Index: { type: "integer" } },
        },
        UserId: { type: "string", maxLength: 32, "x-timkit-max-bytes": 32 },
      }),
    );
    const validate = validators.sendThing as (body: unknown) => boolean;
    expect(
      validate({
        MsgBody: [
          { MsgType: "TIMTextElem", Text: "hi" },
          { MsgType: "TIMFaceElem", Index: 1 },
        ],
      }),
    ).toBe(true);
    expect(validate({ MsgBody: [{ MsgType: "TIMFaceElem", Index: "1" }] })).toBe(false);
    expect(validate({ MsgBody: [{ MsgType: "TIMSoundElem" }] })).toBe(false);
    expect(validate({ MsgBody: [], Extra: 1 })).toBe(false);
    expect(validate({ MsgBody: [], SyncOtherMachine: 3 })).toBe(false);
    expect(validate({ MsgBody: [], MsgRandom: 4294967296 })).toBe(false);
    expect(validate({ MsgBody: [], Profile: {} })).toBe(false);
    expect(validate({ MsgBody: [], Profile: { Name: "not a uri, and format is an annotation" } })).toBe(true);
  });

  it("refuses a discriminator mapping that disagrees with its branches' constants", () => {
    const document = documentWith({
      Request: {
        type: "object",
        oneOf: [ref("Text")],
        discriminator: { propertyName: "MsgType", mapping: { TIMFaceElem: "#/components/schemas/Text" } },
      },
      Text: { type: "object", required: ["MsgType"], properties: { MsgType: { const: "TIMTextElem" } } },
      UserId: { type: "string" },
    });
    expect(() => generateRequestValidators(document)).toThrow(
      /#\/components\/schemas\/Request\/discriminator: mapping "TIMFaceElem" .* cannot be honoured/,
    );
  });

  it("refuses a keyword no JSON Schema vocabulary of the spec knows (strict mode)", () => {
    const document = documentWith({ Request: { type: "object", maxLenght: 3 }, UserId: { type: "string" } });
    expect(() => generateRequestValidators(document)).toThrow(/unknown keyword: "maxLenght"/);
  });

  it("refuses an object enum, which would need Ajv's runtime in the shipped module", () => {
    const document = documentWith({ Request: { enum: [{ a: 1 }] }, UserId: { type: "string" } });
    expect(() => generateRequestValidators(document)).toThrow(/would need Ajv's runtime helper/);
  });
});

describe("the operation-table generator", () => {
  const withUserId = (schemas: Record<string, JsonSchema> = {}) => ({
    UserId: { type: "string" },
    ...schemas,
  });

  it("turns field codes, rules and account fields into the table the mock and client read", () => {
    const table = generateOperationTable(
      documentWith(
        withUserId({
          Request: {
            type: "object",
            required: ["MsgRandom"],
            properties: {
              MsgRandom: { type: "integer", "x-timkit-codes": { required: 90005, type: 90005 } },
              To_Account: { $ref: "#/components/schemas/UserId" },
              From_Account: { $ref: "#/components/schemas/UserId" },
            },
            "x-timkit-rules": [{ field: "From_Account", equals: "To_Account", message: "same account" }],
            "x-timkit-accounts": ["To_Account"],
          },
        }),
        { "x-timkit-codes": { bodyInvalid: 90005 } },
      ),
    );
    expect(table).toContain('"fieldCodes":{"MsgRandom":{"required":90005,"type":90005}}');
    expect(table).toContain(
      '"rules":[{"field":"From_Account","equals":"To_Account","message":"same account","code":70402}]',
    );
    expect(table).toContain('"accountFields":[{"field":"To_Account","code":70107}]');
    expect(table).toContain("codes: { ...commonCodes, bodyInvalid: 90005 }");
  });

  it("refuses a code the mock would answer but the operation does not document", () => {
    const document = documentWith(
      withUserId({
        Request: {
          type: "object",
          properties: { MsgRandom: { type: "integer", "x-timkit-codes": { type: 90031 } } },
        },
      }),
    );
    expect(() => generateOperationTable(document)).toThrow(
      /#\/components\/schemas\/Request\/properties\/MsgRandom\/x-timkit-codes\/type: the mock would answer 90031, which sendThing does not document/,
    );
  });

  it("refuses two codes for one mistake of one field, naming both places", () => {
    const document = documentWith(
      withUserId({
        Request: { type: "object", oneOf: [ref("A"), ref("B")] },
        A: { type: "object", properties: { MsgRandom: { "x-timkit-codes": { type: 90005 } } } },
        B: { type: "object", properties: { MsgRandom: { "x-timkit-codes": { type: 70402 } } } },
      }),
    );
    expect(() => generateOperationTable(document)).toThrow(
      /MsgRandom: "type" answers 90005 at #\/components\/schemas\/A\/properties\/MsgRandom but 70402 at #\/components\/schemas\/B\/properties\/MsgRandom/,
    );
  });

  it("refuses a field code for a keyword the field's schema does not use", () => {
    const document = documentWith(
      withUserId({
        Request: {
          type: "object",
          properties: { MsgRandom: { type: "integer", "x-timkit-codes": { maximum: 70402 } } },
        },
      }),
    );
    expect(() => generateOperationTable(document)).toThrow(
      /MsgRandom has no "maximum" to fail, so this code could never be answered/,
    );
  });

  it("refuses a field code keyed by something that is not a keyword or outcome", () => {
    const document = documentWith(
      withUserId({
        Request: { type: "object", properties: { MsgRandom: { "x-timkit-codes": { tooBig: 90005 } } } },
      }),
    );
    expect(() => generateOperationTable(document)).toThrow(
      /"tooBig" is neither a JSON Schema keyword nor one of invalid, unknownAccount/,
    );
  });

  it("refuses a rule or an account field that names no field of the body", () => {
    const rule = documentWith(
      withUserId({
        Request: {
          type: "object",
          properties: {},
          "x-timkit-rules": [{ field: "A", equals: "B", message: "m" }],
        },
      }),
    );
    expect(() => generateOperationTable(rule)).toThrow(
      /x-timkit-rules\/0\/field: "A" names no field of Request/,
    );
    const account = documentWith(
      withUserId({ Request: { type: "object", properties: {}, "x-timkit-accounts": ["To_Account"] } }),
    );
    expect(() => generateOperationTable(account)).toThrow(
      /x-timkit-accounts\/0: "To_Account" names no field of Request/,
    );
  });

  it("refuses an operationId that is not the camelCase of its command, and a missing rate limit", () => {
    expect(() => generateOperationTable(documentWith(withUserId(), { operationId: "sendThings" }))).toThrow(
      /the operationId of send_thing must be sendThing, not sendThings/,
    );
    expect(() =>
      generateOperationTable(documentWith(withUserId(), { "x-timkit-rate-limit": undefined })),
    ).toThrow(/x-timkit-rate-limit must be the documented calls per second/);
  });
});

describe("the error-catalogue generator", () => {
  it("refuses one code with two meanings in one operation, naming both schemas", () => {
    const document = documentWith({
      ErrorCode: { oneOf: [{ const: 70402, description: "something else", "x-retryable": false }] },
    });
    expect(() => generateErrorCatalog(document)).toThrow(
      /sendThing: error code 70402 means "common 70402" in Common but "something else" in ErrorCode/,
    );
  });

  it("gives a common code one command's own meaning and answer text only where its entry says it replaces the common one", () => {
    const own = {
      const: 70402,
      description: "the command's own meaning",
      "x-timkit-error-info": "Err_Own_Text",
      "x-retryable": false,
    };
    const catalogue = generateErrorCatalog(
      documentWith({ ErrorCode: { oneOf: [{ ...own, "x-timkit-replaces-common": true }] } }),
    );
    expect(catalogue).toContain(
      '70402: {"code":70402,"description":"the command\'s own meaning","errorInfo":"Err_Own_Text","retryable":false},',
    );
    // Every other command keeps the common meaning.
    expect(catalogue).toContain('\n  70402: {"code":70402,"description":"common 70402","retryable":false},');
    expect(() => generateErrorCatalog(documentWith({ ErrorCode: { oneOf: [own] } }))).toThrow(
      /error code 70402 means "common 70402" in Common but "the command's own meaning" in ErrorCode/,
    );
    expect(() =>
      generateErrorCatalog(
        documentWith({
          ErrorCode: { oneOf: [{ ...own, const: 90005, "x-timkit-replaces-common": true }] },
        }),
      ),
    ).toThrow(/ErrorCode: error code 90005 has x-timkit-replaces-common but is no common code/);
  });

  it("refuses a code without its description or retryable flag", () => {
    const document = documentWith({ ErrorCode: { oneOf: [{ const: 90005 }] } });
    expect(() => generateErrorCatalog(document)).toThrow(
      /ErrorCode: error code 90005 needs a description and x-retryable/,
    );
  });
});
