import type { components, OperationId, operations } from "@timkit/spec";
import { describe, expectTypeOf, it } from "vitest";
import { createTimClient, type TimClient, type TimRequestBody, type TimResponseBody } from "../src/index.js";

declare const tim: TimClient;
const body = {
  Operator_Account: "bob",
  Peer_Account: "alice",
  C2CMsgInfo: [{ From_Account: "alice", To_Account: "bob", MsgKey: "1467329515_5675354_1708676941" }],
};

describe("methods", () => {
  it("exist for every operationId, taking the spec's request body", () => {
    expectTypeOf<keyof TimClient>().toExtend<
      OperationId | "raw" | "sendReadReceipts" | "roamMessages" | "close"
    >();
    expectTypeOf<OperationId>().toExtend<keyof TimClient>();
    expectTypeOf(tim.c2cMsgReadReceipt)
      .parameter(0)
      .toEqualTypeOf<components["schemas"]["C2cMsgReadReceiptRequest"]>();
    expectTypeOf<TimRequestBody<"c2cMsgReadReceipt">>().toEqualTypeOf<
      operations["c2cMsgReadReceipt"]["requestBody"]["content"]["application/json"]
    >();
  });

  it("resolve with the OK envelope only: FAIL is thrown", () => {
    expectTypeOf(tim.c2cMsgReadReceipt(body)).resolves.toEqualTypeOf<TimResponseBody<"c2cMsgReadReceipt">>();
    expectTypeOf<TimResponseBody<"c2cMsgReadReceipt">["ActionStatus"]>().toEqualTypeOf<"OK">();
    expectTypeOf<TimResponseBody<"c2cMsgReadReceipt">["ErrorCode"]>().toEqualTypeOf<0>();
  });

  it("reject bodies with wrong, missing or extra fields at compile time", () => {
    // @ts-expect-error Peer_Account is missing
    tim.c2cMsgReadReceipt({ Operator_Account: "bob", C2CMsgInfo: body.C2CMsgInfo });
    // @ts-expect-error Operator_Account must be a string
    tim.c2cMsgReadReceipt({ ...body, Operator_Account: 42 });
    // @ts-expect-error the spec has no Msg_Account field
    tim.c2cMsgReadReceipt({ ...body, Msg_Account: "bob" });
    // @ts-expect-error MsgKey is missing from an item
    tim.c2cMsgReadReceipt({ ...body, C2CMsgInfo: [{ From_Account: "alice", To_Account: "bob" }] });
    // @ts-expect-error no such operation in the spec
    tim.sendMsg;
  });

  it("are named by the camelCase of their command, with the spec's answer types", async () => {
    expectTypeOf(tim.accountImport)
      .parameter(0)
      .toEqualTypeOf<components["schemas"]["AccountImportRequest"]>();
    tim.multiaccountImport({ Accounts: ["a", "b"] });
    tim.multiaccountImport({ AccountList: [{ UserID: "a", Nick: "A" }] });
    const checked = await tim.accountCheck({ CheckItem: [{ UserID: "a" }] });
    expectTypeOf(checked.ResultItem[0]?.AccountStatus).toEqualTypeOf<
      "Imported" | "NotImported" | undefined
    >();
    const deleted = await tim.accountDelete({ DeleteItem: [{ UserID: "a" }] });
    expectTypeOf(deleted.ResultItem[0]?.ResultCode).toEqualTypeOf<number | undefined>();
    // @ts-expect-error CheckItem holds objects with a UserID
    tim.accountCheck({ CheckItem: ["a"] });
  });

  it("take call options", () => {
    tim.c2cMsgReadReceipt(body, {
      timeoutMs: 5_000,
      retry: false,
      signal: AbortSignal.timeout(1),
      validate: false,
    });
    tim.c2cMsgReadReceipt(body, { retry: { maxAttempts: 5 }, fetch: (request) => globalThis.fetch(request) });
    // @ts-expect-error retry is an object or false
    tim.c2cMsgReadReceipt(body, { retry: true });
  });
});

describe("tim.raw", () => {
  it("needs no auth query parameters: the client adds them", () => {
    tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body });
  });

  it("returns openapi-fetch's result with the spec's response type, FAIL included", async () => {
    const { data } = await tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body });
    expectTypeOf<NonNullable<typeof data>["ActionStatus"]>().toEqualTypeOf<"OK" | "FAIL">();
    expectTypeOf(data).toExtend<components["schemas"]["C2cMsgReadReceiptResponse"] | undefined>();
  });

  it("checks paths and bodies against the spec", () => {
    // @ts-expect-error no such path in the spec
    tim.raw.POST("/v4/openim/no_such_command", { body });
    // @ts-expect-error Peer_Account is missing
    tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body: { Operator_Account: "bob", C2CMsgInfo: [] } });
  });
});

describe("createTimClient", () => {
  it("takes a region id from the generated table, a secret key or a UserSig provider", () => {
    createTimClient({ sdkAppId: 1, identifier: "admin", region: "silicon-valley", secretKey: "k" });
    createTimClient({
      sdkAppId: 1,
      identifier: "admin",
      baseUrl: "http://127.0.0.1:4010",
      userSig: async () => "s",
    });
    // @ts-expect-error not a region of the spec
    createTimClient({ sdkAppId: 1, identifier: "admin", region: "mumbai", secretKey: "k" });
  });

  it("types sendReadReceipts' result", async () => {
    const result = await tim.sendReadReceipts({ reader: "bob", sender: "alice", msgKeys: ["k"] });
    expectTypeOf(result.acknowledged).toEqualTypeOf<string[]>();
    expectTypeOf(result.requests).toEqualTypeOf<number>();
  });
});
