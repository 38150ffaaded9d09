// The one-to-one message commands in the spec, compared with the reference (sections 2, 3, 4 and 6) field
// by field: names, types, required, limits, codes and the documented examples.
import { describe, expect, it } from "vitest";
import document from "../generated/openapi.json" with { type: "json" };
import { describeErrorCode, type OperationId, operationExamples, operationTable } from "../src/index";
import { type JsonSchema, type OpenApiDocument, requestMedia, resolve } from "../src/openapi-document";
import { codesIn, section, tableRows } from "./flow-reference";

const spec = document as unknown as OpenApiDocument;
const schemas = spec.components.schemas;

function requestSchema(operationId: OperationId): JsonSchema {
  const operation = spec.paths[operationTable[operationId].path]?.post as Parameters<typeof requestMedia>[1];
  return resolve(spec, requestMedia(spec, operation)?.schema as JsonSchema);
}
/** A property with its references resolved, but the property's own keywords (description, codes) kept. */
const property = (schema: JsonSchema, name: string): JsonSchema => {
  const own = schema.properties?.[name];
  if (!own) throw new Error(`no property ${name}`);
  return { ...resolve(spec, own), ...own };
};
/** The JSON type a reference table's type cell names. */
const jsonType = (cell: string) =>
  cell.startsWith("Array")
    ? "array"
    : cell.startsWith("Integer")
      ? "integer"
      : cell === "Object"
        ? "object"
        : "string";
const typeOf = (schema: JsonSchema) => schema.type ?? (schema.properties ? "object" : undefined);

describe("sendmsg says what reference section 2 says", () => {
  const rows = tableRows(section("### 2.2 Request body"));
  const schema = requestSchema("sendmsg");

  it("reads the request table (guards the parser itself)", () => {
    expect(rows.map(([field]) => field)).toContain("IsNeedReadReceipt");
    expect(rows).toHaveLength(15);
  });

  it("has every request field with its type and required flag", () => {
    for (const [field = "", type = "", required = ""] of rows) {
      const found = property(schema, field);
      expect(typeOf(found), field).toBe(jsonType(type));
      expect(schema.required?.includes(field) ?? false, field).toBe(/yes/.test(required));
    }
  });

  it("keeps each documented constraint", () => {
    expect(property(schema, "SyncOtherMachine").enum).toEqual([1, 2]);
    expect(property(schema, "MsgLifeTime")).toMatchObject({ minimum: 0, maximum: 604800 });
    for (const field of ["MsgSeq", "MsgRandom"]) {
      expect(property(schema, field), field).toMatchObject({ minimum: 0, maximum: 4294967295 });
    }
    expect(property(schema, "ForbidCallbackControl").items?.enum).toEqual([
      "ForbidBeforeSendMsgCallback",
      "ForbidAfterSendMsgCallback",
    ]);
    expect(property(schema, "SendMsgControl").items?.enum).toEqual(
      expect.arrayContaining(["NoUnread", "NoLastMsg", "WithMuteNotifications"]),
    );
    expect(property(schema, "IsNeedReadReceipt").enum).toEqual([0, 1]);
    expect(property(schema, "SupportMessageExtension").enum).toEqual([0, 1]);
    expect(property(schema, "MsgBody")).toMatchObject({ maxContains: 1 });
    expect(operationTable.sendmsg.maxBodyBytes).toBe(12 * 1024);
    expect(operationTable.sendmsg.limits).toEqual({ dedupSeconds: 120 });
  });

  it("declares the field-specific codes of the seed page's family", () => {
    expect(operationTable.sendmsg.fieldCodes).toMatchObject({
      MsgRandom: { invalid: 90005 },
      MsgBody: { type: 90007, invalid: 90002 },
      SyncOtherMachine: { type: 90031 },
      MsgLifeTime: { type: 90044, maximum: 90026 },
      To_Account: { unknownAccount: 90012 },
    });
    expect(operationTable.sendmsg.codes.bodyTooLong).toBe(93000);
  });

  it("documents every code of the message family that applies to one message", () => {
    // Recall, batch-send and roaming-deletion codes belong to other commands.
    const elsewhere = new Set([20016, 20018, 20022, 20023, 90011, 90054, 90055, 90057]);
    for (const [code = ""] of tableRows(section("### 2.4 Error codes"))) {
      for (const number of codesIn(code)) {
        if (elsewhere.has(number) || number >= 120001) continue;
        expect(describeErrorCode("sendmsg", number), `sendmsg ${number}`).toBeDefined();
      }
    }
    expect(describeErrorCode("sendmsg", 120001)?.description).toMatch(/before-send callback/);
    expect(describeErrorCode("sendmsg", 130000)).toBeDefined();
    expect(describeErrorCode("sendmsg", 130001)).toBeUndefined();
  });

  it("answers MsgTime, MsgKey and an optional MsgId, and carries the documented examples verbatim", () => {
    const success = resolve(spec, (schemas.SendmsgSuccess?.allOf?.[1] ?? {}) as JsonSchema);
    expect(success.required).toEqual(["MsgTime", "MsgKey"]);
    expect(Object.keys(success.properties ?? {})).toEqual(["MsgTime", "MsgKey", "MsgId"]);
    const request = /Example \(SM-2282\):\n`(\{.*\})`/.exec(section("### 2.2 Request body"))?.[1] ?? "";
    expect(operationExamples.sendmsg.requests.documentation.value).toEqual(JSON.parse(request));
    const response = /`(\{"ActionStatus":"OK".*?\})`/.exec(section("### 2.3 Response"))?.[1] ?? "";
    expect(operationExamples.sendmsg.responses.ok.value).toEqual(JSON.parse(response));
  });
});

describe("the message elements say what reference section 3 says", () => {
  it("has the eight element kinds, discriminated by MsgType, each with its required fields", () => {
    const rows = tableRows(section("### 3.2 MsgContent per MsgType"));
    const union = schemas.TIMMsgElement as JsonSchema;
    expect(Object.keys(union.discriminator?.mapping ?? {})).toEqual(rows.map(([kind]) => kind));
    for (const [kind = "", fields = ""] of rows) {
      const content = resolve(spec, schemas[kind]?.properties?.MsgContent as JsonSchema);
      for (const [, name = ""] of fields.matchAll(/`([A-Za-z]\w*)`/g)) {
        expect(JSON.stringify(content.properties), `${kind}.${name}`).toContain(`"${name}"`);
      }
    }
    const required = (kind: string) =>
      resolve(spec, schemas[kind]?.properties?.MsgContent as JsonSchema).required;
    expect(required("TIMTextElem")).toEqual(["Text"]);
    expect(required("TIMLocationElem")).toEqual(["Desc", "Latitude", "Longitude"]);
    expect(required("TIMFaceElem")).toEqual(["Index", "Data"]);
    expect(required("TIMCustomElem")).toEqual(["Data"]);
    expect(required("TIMSoundElem")).toEqual(["Url", "UUID", "Download_Flag"]);
    expect(required("TIMFileElem")).toEqual(["Url", "UUID", "Download_Flag"]);
    expect(required("TIMVideoFileElem")).toEqual(
      expect.arrayContaining([
        "VideoUrl",
        "VideoUUID",
        "ThumbUrl",
        "ThumbUUID",
        "ThumbWidth",
        "ThumbHeight",
        "VideoDownloadFlag",
        "ThumbDownloadFlag",
      ]),
    );
  });

  it("has every OfflinePushInfo field of section 3.3", () => {
    const push = JSON.stringify(schemas.OfflinePushInfo);
    for (const [, name = ""] of section("### 3.3").matchAll(/`(\w+)`/g)) {
      if (name === "OfflinePushInfo" || name === "TIMCustomElem" || name.startsWith("'")) continue;
      if (["LOW", "NORMAL", "Desc", "Ext"].includes(name) || /^\d/.test(name)) continue;
      expect(push, name).toContain(`"${name}"`);
    }
  });
});

describe("admin_getroammsg says what reference section 4 says", () => {
  const schema = requestSchema("adminGetroammsg");

  it("has every request field with its type and required flag", () => {
    for (const [field = "", type = "", required = ""] of tableRows(section("### 4.2 Request"))) {
      expect(typeOf(property(schema, field)), field).toBe(jsonType(type));
      expect(schema.required?.includes(field) ?? false, field).toBe(/yes/.test(required));
    }
  });

  it("answers each documented field of a message, and pages within 13 KB", () => {
    const item = schemas.RoamMessage as JsonSchema;
    const response = section("### 4.3 Response");
    const itemFields = response.slice(
      response.indexOf("**Each `MsgList[]` item:**"),
      response.indexOf("**Extra fields**"),
    );
    const names = [...itemFields.matchAll(/`([A-Z]\w*)`/g)].map(([, name]) => name);
    expect(names).toHaveLength(10);
    for (const name of names) expect(Object.keys(item.properties ?? {}), name).toContain(name);
    expect(item.required).toEqual(
      expect.arrayContaining([
        "MsgSeq",
        "MsgRandom",
        "MsgTimeStamp",
        "MsgFlagBits",
        "IsPeerRead",
        "MsgKey",
        "MsgBody",
      ]),
    );
    expect(JSON.stringify(schemas.AdminGetroammsgSuccess)).toMatch(
      /Complete.*MsgCnt.*LastMsgTime.*LastMsgKey.*MsgList/,
    );
    expect(operationTable.adminGetroammsg.maxAnswerBytes).toBe(13 * 1024);
    expect(operationTable.adminGetroammsg.limits).toEqual({ historySeconds: 7 * 86_400 });
  });

  it("documents the page's codes and carries its examples", () => {
    for (const [code = ""] of tableRows(section("### 4.4 Errors"))) {
      expect(describeErrorCode("adminGetroammsg", Number(code)), code).toBeDefined();
    }
    const request = /Example: `(\{.*?\})`/.exec(section("### 4.2 Request"))?.[1] ?? "";
    expect(operationExamples.adminGetroammsg.requests.documentation.value).toEqual(JSON.parse(request));
    const item = /Example item \(RM-EN\): `(\{.*\})`/.exec(section("### 4.3 Response"))?.[1] ?? "";
    const answer = operationExamples.adminGetroammsg.responses.ok.value as { MsgList: readonly unknown[] };
    expect(answer.MsgList).toContainEqual(JSON.parse(item));
  });
});

describe("admin_set_msg_read and get_c2c_unread_msg_num say what reference section 6 says", () => {
  it("admin_set_msg_read: Report_Account and Peer_Account required, MsgReadTime a string (or an integer)", () => {
    const schema = requestSchema("adminSetMsgRead");
    for (const [field = "", , required = ""] of tableRows(section("### 6.1"))) {
      expect(schema.required?.includes(field) ?? false, field).toBe(/yes/.test(required));
    }
    expect(property(schema, "MsgReadTime").type).toEqual(["string", "integer"]);
    const example = /Example: `(\{.*?\})`/.exec(section("### 6.1"))?.[1] ?? "";
    expect(operationExamples.adminSetMsgRead.requests.documentation.value).toEqual(JSON.parse(example));
  });

  it("get_c2c_unread_msg_num: To_Account required, at most 10 peers, the three answers and 70107 in ErrorList", () => {
    const schema = requestSchema("getC2cUnreadMsgNum");
    expect(schema.required).toEqual(["To_Account"]);
    expect(property(schema, "Peer_Account")).toMatchObject({ type: "array", maxItems: 10 });
    const success = JSON.stringify(schemas.GetC2cUnreadMsgNumSuccess);
    for (const field of ["AllC2CUnreadMsgNum", "C2CUnreadMsgNumList", "C2CUnreadMsgNum", "ErrorList"]) {
      expect(success, field).toContain(`"${field}"`);
    }
    expect(operationTable.getC2cUnreadMsgNum.codes.peerMissing).toBe(70107);
    for (const code of [90001, 90003, 90008])
      expect(describeErrorCode("getC2cUnreadMsgNum", code)).toBeDefined();
  });

  it("records 200 calls per second for every one of these commands", () => {
    for (const id of ["sendmsg", "adminGetroammsg", "adminSetMsgRead", "getC2cUnreadMsgNum"] as const) {
      expect(operationTable[id].rateLimitPerSecond, id).toBe(200);
    }
  });
});
