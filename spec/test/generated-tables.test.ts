import { describe, expect, it } from "vitest";
import document from "../generated/openapi.json" with { type: "json" };
import { defaultRegion, errorCatalog, operationTable, regionTable, requestValidators } from "../src/index";
import { firstError, referenceAjv } from "./ajv-reference";

const seedRequest = {
  Operator_Account: "user1",
  Peer_Account: "user2",
  C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1467329515_5675354_1708676941" }],
};

describe("the error catalogue", () => {
  it("holds every code of the spec once, with its description and retryable flag", () => {
    const specCodes = ["CommonErrorCode", "C2cMsgReadReceiptErrorCode"].flatMap((name) =>
      document.components.schemas[name as "CommonErrorCode"].oneOf.map((entry) => entry.const),
    );
    expect(Object.keys(errorCatalog).map(Number).sort()).toEqual([...specCodes].sort());
    expect(errorCatalog[20004]).toMatchObject({
      retryable: true,
      scope: "operation",
      operations: ["c2cMsgReadReceipt"],
    });
    expect(errorCatalog[70050]).toEqual({
      code: 70050,
      description: expect.stringContaining("retry after 1 minute"),
      retryable: false,
      retryAfterSeconds: 60,
      scope: "common",
      operations: Object.keys(operationTable),
    });
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(entry.code).toBe(Number(code));
      if (entry.retryAfterSeconds === undefined) expect(entry).not.toHaveProperty("retryAfterSeconds");
    }
    expect(errorCatalog[93000].description).toBe(
      "JSON data packet is too long. The message body should not exceed 12k.",
    );
  });

  it("lists the common codes as answerable by every operation", () => {
    expect(errorCatalog[70001]).toMatchObject({ scope: "common", operations: Object.keys(operationTable) });
    expect(errorCatalog[70050]).toMatchObject({ retryable: false, retryAfterSeconds: 60 });
  });
});

describe("the region table", () => {
  it("maps the seven region ids to their primary and backup domains", () => {
    expect(Object.keys(regionTable)).toEqual([
      "china",
      "singapore",
      "seoul",
      "tokyo",
      "frankfurt",
      "silicon-valley",
      "jakarta",
    ]);
    expect(regionTable.singapore).toEqual({
      name: "Singapore",
      primary: "adminapisgp.im.qcloud.com",
      backup: "adminapisgp.my-imcloud.com",
    });
    expect(defaultRegion).toBe("china");
  });
});

describe("the operation table", () => {
  it("describes c2cMsgReadReceipt's path, limit, rules, accounts and codes", () => {
    const operation = operationTable.c2cMsgReadReceipt;
    expect(operation).toMatchObject({
      method: "POST",
      path: "/v4/openim/c2c_msg_read_receipt",
      maxBodyBytes: 12288,
    });
    expect(operation.rules.map((rule) => `${rule.field}=${rule.equals}`)).toEqual([
      "C2CMsgInfo[].From_Account=Peer_Account",
      "C2CMsgInfo[].To_Account=Operator_Account",
    ]);
    expect(operation.accountFields).toContain("C2CMsgInfo[].To_Account");
    expect(operation.errorCodes).toContain(20003);
    expect(operation.errorCodes).toContain(70001);
  });
});

describe("the compiled request validators", () => {
  const validate = requestValidators.c2cMsgReadReceipt;

  it("accept the documentation's example", () => {
    expect(validate(seedRequest)).toBe(true);
  });

  it("name the missing field", () => {
    expect(validate({ Operator_Account: "user1", C2CMsgInfo: [] })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: "required",
      params: { missingProperty: "Peer_Account" },
    });
  });

  it("locate a mistyped field inside the message list", () => {
    const body = structuredClone(seedRequest) as { C2CMsgInfo: Record<string, unknown>[] };
    (body.C2CMsgInfo[0] as Record<string, unknown>).MsgKey = 42;
    expect(validate(body)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ instancePath: "/C2CMsgInfo/0/MsgKey", keyword: "type" });
  });

  it("reject an empty message list and an over-long MsgKey", () => {
    expect(validate({ ...seedRequest, C2CMsgInfo: [] })).toBe(false);
    const longKey = { From_Account: "user2", To_Account: "user1", MsgKey: "k".repeat(51) };
    expect(validate({ ...seedRequest, C2CMsgInfo: [longKey] })).toBe(false);
  });

  it("count a UserID's limit in UTF-8 bytes, not characters", () => {
    expect(validate({ ...seedRequest, Operator_Account: "é".repeat(16) })).toBe(true);
    expect(validate({ ...seedRequest, Operator_Account: "é".repeat(17) })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      instancePath: "/Operator_Account",
      keyword: "x-timkit-max-bytes",
      params: { limit: 32 },
    });
  });

  it("tolerate fields the schema does not list, as the server does", () => {
    expect(validate({ ...seedRequest, Extra: true })).toBe(true);
  });
});

describe("the request validators against Ajv 2020", () => {
  // The generated validators interpret the few keywords our request schemas use. Ajv, compiled here with
  // the options the client relies on (first error only, lengths in UTF-16 code units), is the reference:
  // every body of the corpus must get the same verdict and the same first error.
  const ajv = referenceAjv();
  ajv.addSchema({ components: document.components }, "openapi.json");
  const reference = ajv.getSchema("openapi.json#/components/schemas/C2cMsgReadReceiptRequest");
  const validate = requestValidators.c2cMsgReadReceipt;

  const replacements: unknown[] = [
    undefined,
    null,
    0,
    42.5,
    true,
    "",
    "a",
    "x".repeat(32),
    "x".repeat(33),
    "x".repeat(50),
    "x".repeat(51),
    "é".repeat(16),
    "é".repeat(17),
    "é".repeat(20),
    "😀".repeat(8),
    "😀".repeat(9),
    "😀".repeat(20),
    `a${"\ud800".repeat(10)}b`,
    `${"x".repeat(28)}😀`,
    `${"x".repeat(29)}😀`,
    [],
    [{}],
    {},
    { From_Account: "user2" },
  ];
  const item = seedRequest.C2CMsgInfo[0] as Record<string, unknown>;
  const paths: (string | number)[][] = [
    [],
    ["Operator_Account"],
    ["Peer_Account"],
    ["C2CMsgInfo"],
    ["C2CMsgInfo", 0],
    ["C2CMsgInfo", 1],
    ...Object.keys(item).flatMap((key) => [
      ["C2CMsgInfo", 0, key],
      ["C2CMsgInfo", 1, key],
    ]),
    ["Extra/~field"],
  ];
  const corpus: unknown[] = [];
  for (const path of paths) {
    for (const replacement of replacements) {
      const body = structuredClone({ ...seedRequest, C2CMsgInfo: [item, { ...item }] }) as Record<
        string,
        unknown
      >;
      if (path.length === 0) {
        corpus.push(replacement);
        continue;
      }
      let parent = body as Record<string | number, unknown>;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      if (replacement === undefined) delete parent[last];
      else parent[last] = replacement;
      corpus.push(body);
    }
  }
  corpus.push(seedRequest, [seedRequest], "body", { ...seedRequest, Peer_Account: undefined });

  it.each(corpus.map((body) => [JSON.stringify(body) ?? "undefined", body]))(
    "agree with Ajv on %s",
    (_, body) => {
      const expected = reference?.(body);
      expect(validate(body)).toBe(expected);
      expect(validate.errors?.[0]).toEqual(firstError(reference?.errors));
    },
  );
});
