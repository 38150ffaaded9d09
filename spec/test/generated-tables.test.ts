// The tables generated from the spec, as the client and the mock read them. Every test walks the whole
// table, so a new command is checked the moment its spec files exist.
import { describe, expect, it } from "vitest";
import document from "../generated/openapi.json" with { type: "json" };
import {
  commonCodes,
  commonErrors,
  defaultRegion,
  errorCatalog,
  type OperationId,
  type OperationInfo,
  operationExamples,
  operationTable,
  type RequestValidator,
  regionTable,
  requestValidators,
  schemaProblem,
  sharedExamples,
} from "../src/index";
import { commandOf, listOperations, type OpenApiDocument, operationIdOf } from "../src/openapi-document";

const spec = document as unknown as OpenApiDocument;
const operations = Object.values(operationTable) as OperationInfo[];
const ids = Object.keys(operationTable) as OperationId[];

describe("the operation table", () => {
  it("has one row per operation of the spec, named by the camelCase of its command", () => {
    expect(ids).toEqual(listOperations(spec).map(({ operation }) => operation.operationId));
    for (const operation of operations) {
      expect(operation.operationId).toBe(operationIdOf(commandOf(operation.path).command));
      expect(operation.path).toBe(`/v4/${operation.service}/${operation.command}`);
    }
    expect(operationIdOf("multiaccount_import")).toBe("multiaccountImport");
    expect(operationIdOf("get_c2c_unread_msg_num")).toBe("getC2cUnreadMsgNum");
  });

  it("gives every operation the common codes, with its own in their place", () => {
    for (const operation of operations) {
      for (const [mistake, code] of Object.entries(commonCodes)) {
        const own = document.paths[operation.path as keyof typeof document.paths].post as {
          "x-timkit-codes"?: Record<string, number>;
        };
        expect(
          operation.codes[mistake as keyof typeof commonCodes],
          `${operation.operationId} ${mistake}`,
        ).toBe(own["x-timkit-codes"]?.[mistake] ?? code);
      }
    }
    expect(operationTable.c2cMsgReadReceipt.codes).toMatchObject({
      notAdmin: 90009,
      bodyInvalid: 20001,
      bodyTooLong: 93000,
    });
    expect(operationTable.accountImport.codes).toMatchObject({
      notAdmin: 70403,
      bodyInvalid: 70402,
      accountLimit: 70398,
    });
  });

  it("documents every code it declares, so the mock never answers outside the spec", () => {
    for (const operation of operations) {
      const answerable = [
        ...Object.values(operation.codes),
        ...Object.values(operation.fieldCodes).flatMap((codes) => Object.values(codes)),
        ...operation.rules.map((rule) => rule.code),
        ...operation.accountFields.map((field) => field.code),
      ];
      for (const code of answerable)
        expect(operation.errorCodes, `${operation.operationId}: ${code}`).toContain(code);
    }
  });

  it("records each command's documented rate limit, and the read receipt's cross-field rules", () => {
    expect(
      Object.fromEntries(
        operations.map((operation) => [operation.operationId, operation.rateLimitPerSecond]),
      ),
    ).toEqual({
      accountImport: 200,
      multiaccountImport: 100,
      accountCheck: 100,
      accountDelete: 100,
      sendmsg: 200,
      adminGetroammsg: 200,
      c2cMsgReadReceipt: 200,
      adminSetMsgRead: 200,
      getC2cUnreadMsgNum: 200,
    });
    const receipt = operationTable.c2cMsgReadReceipt;
    expect(receipt).toMatchObject({ method: "POST", maxBodyBytes: 12288 });
    expect(receipt.rules.map((rule) => `${rule.field}=${rule.equals}:${rule.code}`)).toEqual([
      "C2CMsgInfo[].From_Account=Peer_Account:20001",
      "C2CMsgInfo[].To_Account=Operator_Account:20001",
    ]);
    expect(receipt.accountFields).toContainEqual({ field: "C2CMsgInfo[].To_Account", code: 20003 });
  });
});

describe("the error catalogue", () => {
  it("gives every operation the common codes and its own, with the spec's texts and flags", () => {
    for (const id of ids) {
      const catalog: Readonly<Record<number, { code: number; description: string }>> = errorCatalog[id];
      expect(Object.keys(catalog).map(Number).sort(), id).toEqual(
        [...operationTable[id].errorCodes].map(Number).sort(),
      );
      for (const [code, entry] of Object.entries(catalog)) expect(entry.code).toBe(Number(code));
    }
    expect(errorCatalog.c2cMsgReadReceipt[93000].description).toBe(
      "JSON data packet is too long. The message body should not exceed 12k.",
    );
    expect(errorCatalog.accountDelete[71000].retryable).toBe(false);
    expect(commonErrors[70050]).toEqual({
      code: 70050,
      description: "UserSig failures hit the rate limit: retry after 1 minute",
      retryable: false,
      retryAfterSeconds: 60,
    });
  });

  it("keeps each operation's own text for a code (no first-come text for everyone)", () => {
    expect(errorCatalog.accountImport[40006].description).toMatch(/setting the account's profile/);
    expect(errorCatalog.accountDelete[40006].description).toMatch(/deleting the account's profile/);
    expect(Object.hasOwn(errorCatalog.c2cMsgReadReceipt, 40006)).toBe(false);
  });
});

describe("the examples table", () => {
  it("holds every operation's request and response examples with their references resolved", () => {
    for (const id of ids) {
      const { requests, responses } = operationExamples[id];
      expect(Object.keys(requests), id).toContain("documentation");
      expect(Object.keys(responses), id).toContain("ok");
      expect((responses.ok.value as { ActionStatus: string }).ActionStatus, id).toBe("OK");
    }
    expect(operationExamples.c2cMsgReadReceipt.requests.documentation.value).toEqual({
      Operator_Account: "user1",
      Peer_Account: "user2",
      C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1467329515_5675354_1708676941" }],
    });
    expect(sharedExamples["common-60009"]?.value).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 60009,
      ErrorInfo: commonErrors[60009].description,
    });
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

describe("the request validators Ajv compiled from the spec", () => {
  const receipt = operationExamples.c2cMsgReadReceipt.requests.documentation.value as Record<string, unknown>;
  const firstProblem = (validate: RequestValidator<unknown>, body: unknown) => {
    expect(validate(body)).toBe(false);
    return schemaProblem(body, validate.errors);
  };

  it("accept every operation's documented examples", () => {
    for (const id of ids) {
      for (const [name, example] of Object.entries(operationExamples[id].requests)) {
        expect(requestValidators[id](example.value), `${id} ${name}`).toBe(true);
      }
    }
  });

  it("name a missing field and what it must be", () => {
    expect(
      firstProblem(requestValidators.c2cMsgReadReceipt, { Operator_Account: "user1", C2CMsgInfo: [] }),
    ).toMatchObject({
      field: "Peer_Account",
      path: "Peer_Account",
      keyword: "required",
      expected: "present (a required field)",
      present: false,
    });
  });

  it("locate a mistyped field inside a list, by index and by the spec's path", () => {
    const body = structuredClone(receipt) as { C2CMsgInfo: Record<string, unknown>[] };
    (body.C2CMsgInfo[0] as Record<string, unknown>).MsgKey = 42;
    expect(firstProblem(requestValidators.c2cMsgReadReceipt, body)).toMatchObject({
      field: "C2CMsgInfo[0].MsgKey",
      path: "C2CMsgInfo[].MsgKey",
      keyword: "type",
      expected: "a string",
      value: 42,
    });
  });

  it("count a UserID's limit in UTF-8 bytes as well as characters", () => {
    expect(requestValidators.UserId("é".repeat(16))).toBe(true);
    expect(firstProblem(requestValidators.UserId, "é".repeat(17))).toMatchObject({
      keyword: "x-timkit-max-bytes",
      expected: "at most 32 bytes of UTF-8",
    });
    expect(firstProblem(requestValidators.UserId, "x".repeat(33))).toMatchObject({ keyword: "maxLength" });
    expect(requestValidators.UserId("😀".repeat(8))).toBe(true);
  });

  it("take either form of multiaccount_import but not both, nor more than 100 accounts", () => {
    const validate = requestValidators.multiaccountImport;
    expect(validate({ Accounts: ["a"] })).toBe(true);
    expect(validate({ AccountList: [{ UserID: "a" }] })).toBe(true);
    expect(firstProblem(validate, { Accounts: ["a"], AccountList: [{ UserID: "b" }] })).toMatchObject({
      keyword: "oneOf",
    });
    expect(firstProblem(validate, {})).toMatchObject({
      keyword: "oneOf",
      field: "body",
      expected: "exactly one of the forms the spec allows",
    });
    expect(
      firstProblem(validate, { Accounts: Array.from({ length: 101 }, (_, i) => `u${i}`) }),
    ).toMatchObject({
      field: "Accounts",
      expected: "a list of at most 100 items",
    });
  });

  it("tolerate fields the schema does not list, as the server does", () => {
    expect(requestValidators.c2cMsgReadReceipt({ ...receipt, Extra: true })).toBe(true);
  });
});
