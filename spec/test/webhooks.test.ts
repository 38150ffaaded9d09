// The webhooks section against section 7 of the reference (tencent-read-receipt-flow.md), point by point,
// and the walks over every webhook that fail naming the callback that lacks its example or validator.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { webhookExamples } from "../generated/examples";
import document from "../generated/openapi.json" with { type: "json" };
import {
  callbackCommands,
  webhookQueryParameters,
  webhookSignature,
  webhookTable,
} from "../generated/webhook-table";
import { webhookBodyValidators, webhookReplyValidators } from "../generated/webhook-validators.js";
import { listWebhooks, type OpenApiDocument, resolve } from "../src/openapi-document";
import { section, tableRows } from "./flow-reference";

/** The rows of a section's first table; section 7 indents its tables under bullets. */
const rowsOf = (heading: string) => tableRows(section(heading).replace(/^ +/gm, ""));

type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  const?: unknown;
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};
const spec = document as unknown as OpenApiDocument;
const deref = (schema: Schema): Schema => resolve(spec, schema as Schema & { $ref: string }) as Schema;
const webhooks = new Map(listWebhooks(spec).map((webhook) => [webhook.command, webhook]));
const bodyOf = (command: string) => {
  const requestBody = webhooks.get(command)?.operation.requestBody;
  if (!requestBody) throw new Error(`${command} has no request body`);
  return deref(resolve(spec, requestBody).content["application/json"]?.schema as Schema);
};
const replyOf = (command: string) =>
  deref(webhooks.get(command)?.operation.responses["200"]?.content?.["application/json"]?.schema as Schema);
const jsonType = (type: string) =>
  ({ String: "string", Integer: "integer", Array: "array", uint32: "integer" })[type] ?? type.toLowerCase();
/** The backquoted names of a line or cell: `Sign`, `RequestTime`. */
const names = (text: string) => [...text.matchAll(/`([A-Za-z_]+)`/g)].map((match) => match[1] as string);
/** The field names of a "- **Body:**" style bullet list: each `Name` at the start of a sub-bullet. */
const bulletFields = (text: string) =>
  text
    .split("\n")
    .filter((line) => /^\s+- `/.test(line))
    .flatMap((line) => names(line.split(/[:(]/)[0] as string));

describe("the webhooks section says what the reference's section 7 says", () => {
  it("has the four C2C callbacks, keyed by their CallbackCommand", () => {
    expect(Object.keys(document.webhooks)).toEqual([
      "C2C.CallbackBeforeSendMsg",
      "C2C.CallbackAfterSendMsg",
      "C2C.CallbackAfterMsgReadReceipt",
      "C2C.CallbackAfterMsgReport",
    ]);
  });

  it("gives every callback the query parameters of 7.1, Sign and RequestTime only with a token", () => {
    const rows = rowsOf("### 7.1");
    const listed = rows.flatMap(([cell]) => names(cell ?? ""));
    expect(listed).toEqual([
      "SdkAppid",
      "CallbackCommand",
      "contenttype",
      "ClientIP",
      "OptPlatform",
      "Sign",
      "RequestTime",
    ]);
    for (const [command, webhook] of webhooks) {
      expect(
        webhook.parameters.map((parameter) => parameter.name),
        command,
      ).toEqual(listed);
      for (const parameter of webhook.parameters) {
        const row = rows.find(([cell]) => names(cell ?? "").includes(parameter.name));
        const onlyWithToken = /only when authentication/i.test(row?.[1] ?? "");
        expect([parameter.in, parameter.required], `${command} ${parameter.name}`).toEqual([
          "query",
          !onlyWithToken,
        ]);
      }
    }
    expect(webhookQueryParameters.map(({ name }) => name)).toEqual(listed);
    const platforms = (rows.find(([cell]) => cell?.includes("OptPlatform"))?.[1] ?? "").match(
      /`([A-Za-z]+)`/g,
    );
    const optPlatform = webhooks
      .get("C2C.CallbackAfterMsgReadReceipt")
      ?.parameters.find(({ name }) => name === "OptPlatform");
    for (const platform of platforms ?? [])
      if (platform !== "`IOS`")
        expect((optPlatform?.schema as { examples?: string[] } | undefined)?.examples).toContain(
          platform.replaceAll("`", ""),
        );
    expect(optPlatform?.example).toBe("RESTAPI");
  });

  it("states 7.2's signature: SHA-256 of token + RequestTime, the 60 s window and the worked example", () => {
    const text = section("### 7.2");
    const [, token, requestTime, sign] =
      /`Token=(\w+)`, `RequestTime=(\d+)` → `Sign=([0-9a-f]{64})`/.exec(text) ?? [];
    expect(webhookSignature.example).toEqual({ token, RequestTime: requestTime, Sign: sign });
    expect(createHash("sha256").update(`${token}${requestTime}`).digest("hex")).toBe(sign);
    expect(text).toContain("|now − RequestTime| > 60 s");
    expect(webhookSignature.maxAgeSeconds).toBe(60);
    const signParameter = webhooks
      .get("C2C.CallbackBeforeSendMsg")
      ?.parameters.find(({ name }) => name === "Sign");
    expect(signParameter?.description).toContain("`Sign = lowercase hex( SHA-256( Token + RequestTime ) )`");
    expect(signParameter?.description).toContain("not an HMAC, and the body is not signed");
  });

  it("requires 7.3's three reply fields of every callback, and shows its reply example", () => {
    const [example] =
      /`(\{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0\})`/.exec(section("### 7.3"))?.slice(1) ?? [];
    for (const command of callbackCommands) {
      const reply = replyOf(command);
      expect(reply.required, command).toEqual(["ActionStatus", "ErrorCode", "ErrorInfo"]);
      const replies = Object.values(webhookExamples[command].responses).map(({ value }) =>
        JSON.stringify(value),
      );
      expect(replies, command).toContain(example);
    }
    const after = deref(replyOf("C2C.CallbackAfterMsgReport").properties?.ErrorCode as Schema);
    expect(after.oneOf?.map((entry) => [entry.const, entry.description])).toEqual([
      [0, "The callback succeeded."],
      [1, "The callback failed."],
    ]);
  });

  it("records 7.4's timing: a 2 s timeout, no retries, before-send delivered on timeout or else 80003", () => {
    const text = section("### 7.4");
    expect(text).toContain("**Timeout: 2 s**");
    expect(text).toContain("**Before-event webhooks are never retried.**");
    expect(text).toContain("After-event webhooks are not retried by default");
    expect(text).toContain("**deliver** the message anyway");
    expect(text).toContain("the sender gets **80003**");
    for (const [command, info] of Object.entries(webhookTable)) {
      expect([info.timeoutMilliseconds, info.retries], command).toEqual([2000, 0]);
      expect(info.timing, command).toBe(command === "C2C.CallbackBeforeSendMsg" ? "before" : "after");
    }
    expect(webhookTable["C2C.CallbackBeforeSendMsg"]).toMatchObject({
      onTimeout: "deliver",
      timeoutFailCode: 80003,
    });
  });

  it("gives the before-send reply 7.5's and 7.8's meanings: 0 allow, 1 block (20006), 2 drop, 120001–130000 passed on", () => {
    expect(section("### 7.5")).toContain("the sender receives 20006");
    const row = rowsOf("### 7.8").find(([field]) => field === "ErrorCode")?.[3] ?? "";
    expect(row).toBe(
      "`0` allow; `1` forbid (sender gets 20006); `2` silently discard (sender sees success); `120001–130000` forbid and pass the code/info to the client",
    );
    expect(
      webhookTable["C2C.CallbackBeforeSendMsg"].verdicts.map(({ description: _, ...verdict }) => verdict),
    ).toEqual([
      { code: 0, verdict: "allow" },
      { code: 1, verdict: "block", senderCode: 20006 },
      { code: 2, verdict: "drop" },
      { minimum: 120001, maximum: 130000, verdict: "pass-through" },
    ]);
  });

  it("types the before-send reply's fields as 7.8's table, with their required flags", () => {
    const reply = replyOf("C2C.CallbackBeforeSendMsg");
    expect(rowsOf("### 7.8")).toHaveLength(5);
    for (const [field, type, required] of rowsOf("### 7.8")) {
      const property = reply.properties?.[field as string] as Schema;
      expect(property, field).toBeDefined();
      if (field !== "ErrorCode") expect(property.type, field).toBe(jsonType(type as string));
      else expect(deref(property).type).toBe("integer");
      expect(reply.required?.includes(field as string), field).toBe(required === "yes");
    }
    expect(reply.properties?.MsgBody?.description).toContain("ErrorCode must be 0");
  });

  it("types the read-receipt callback's body as 7.6's table and carries its example verbatim", () => {
    const text = section("### 7.6");
    const body = bodyOf("C2C.CallbackAfterMsgReadReceipt");
    const item = deref(body.properties?.C2CMsgInfo?.items as Schema);
    const rows = rowsOf("### 7.6");
    expect(rows).toHaveLength(8);
    for (const [cell, type] of rows) {
      const inItem = cell?.startsWith("C2CMsgInfo[].");
      for (const name of (cell ?? "").replace("C2CMsgInfo[].", "").split(" / ")) {
        const [owner, field] = inItem ? [item, name] : [body, name];
        expect(owner.properties?.[field]?.type, name).toBe(jsonType(type as string));
      }
    }
    expect(body.properties?.EventTime?.description).toContain("milliseconds");
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(text)?.[1] ?? "null");
    expect(webhookExamples["C2C.CallbackAfterMsgReadReceipt"].requests.documentation.value).toEqual(example);
    expect(webhooks.get("C2C.CallbackAfterMsgReadReceipt")?.operation.description).toContain(
      "known from its example only",
    );
  });

  it("lists 7.7's read-report fields and carries its example verbatim", () => {
    const text = section("### 7.7");
    const body = bodyOf("C2C.CallbackAfterMsgReport");
    const fields = bulletFields(text.slice(text.indexOf("**Body:**"), text.indexOf("- Example")));
    expect(fields).toEqual([
      "CallbackCommand",
      "Report_Account",
      "Peer_Account",
      "LastReadTime",
      "EventTime",
      "UnreadMsgNum",
    ]);
    for (const field of fields) expect(body.properties?.[field], field).toBeDefined();
    expect(body.properties?.LastReadTime?.description).toContain("Unix seconds");
    const example = JSON.parse(/Example: `(\{.*\})`/.exec(text)?.[1] ?? "null");
    expect(webhookExamples["C2C.CallbackAfterMsgReport"].requests.documentation.value).toEqual(example);
  });

  it("lists 7.8's and 7.9's send-callback fields, MsgId and EventTime optional as the pages differ", () => {
    for (const [heading, command, start] of [
      ["### 7.8", "C2C.CallbackBeforeSendMsg", "**Request body:**"],
      ["### 7.9", "C2C.CallbackAfterSendMsg", "**Body:**"],
    ] as const) {
      const text = section(heading);
      const body = bodyOf(command);
      const list = text.slice(text.indexOf(start), text.indexOf("- **Re", text.indexOf(start) + 1));
      const fields = bulletFields(list);
      expect(fields.length, command).toBeGreaterThan(8);
      for (const field of fields) expect(body.properties?.[field], `${command} ${field}`).toBeDefined();
      expect(body.required, command).not.toContain("MsgId");
      expect(body.properties?.CallbackCommand?.const, command).toBe(command);
    }
    expect(bodyOf("C2C.CallbackBeforeSendMsg").required).not.toContain("EventTime");
    expect(bodyOf("C2C.CallbackAfterSendMsg").properties?.UnreadMsgNum?.description).toContain(
      "-1 if delivery failed",
    );
  });

  it("names the commands that fire each callback, as 7.6–7.9 say", () => {
    expect(
      Object.fromEntries(Object.entries(webhookTable).map(([command, info]) => [command, info.firedBy])),
    ).toEqual({
      "C2C.CallbackBeforeSendMsg": ["sendmsg"],
      "C2C.CallbackAfterSendMsg": ["sendmsg"],
      "C2C.CallbackAfterMsgReadReceipt": ["c2cMsgReadReceipt"],
      "C2C.CallbackAfterMsgReport": ["adminSetMsgRead"],
    });
    expect(section("### 7.6")).toContain("(`c2c_msg_read_receipt`)");
    expect(section("### 7.7")).toContain("REST `admin_set_msg_read`");
    expect(section("### 7.8")).toContain("REST `sendmsg`");
  });
});

describe("every webhook of the spec", () => {
  it("has a documentation body example, and a reply example", () => {
    for (const command of callbackCommands) {
      const examples = webhookExamples[command] as {
        requests: Record<string, unknown>;
        responses: Record<string, unknown>;
      };
      expect(examples?.requests.documentation, `${command} has no documentation body example`).toBeDefined();
      expect(
        Object.keys(examples?.responses ?? {}).length,
        `${command} has no reply example`,
      ).toBeGreaterThan(0);
    }
  });

  it("has a body and a reply validator accepting its examples", () => {
    for (const command of callbackCommands) {
      const body = webhookBodyValidators[command];
      const reply = webhookReplyValidators[command];
      expect(typeof body, `${command} has no body validator`).toBe("function");
      expect(typeof reply, `${command} has no reply validator`).toBe("function");
      for (const [name, { value }] of Object.entries(webhookExamples[command].requests))
        expect(body(value), `${command}'s body example ${name}: ${JSON.stringify(body.errors)}`).toBe(true);
      for (const [name, { value }] of Object.entries(webhookExamples[command].responses))
        expect(reply(value), `${command}'s reply example ${name}: ${JSON.stringify(reply.errors)}`).toBe(
          true,
        );
    }
  });

  it("has validators that refuse another command's body and a reply without its ErrorCode", () => {
    expect(
      webhookBodyValidators["C2C.CallbackAfterMsgReport"](
        webhookExamples["C2C.CallbackAfterMsgReadReceipt"].requests.documentation.value,
      ),
    ).toBe(false);
    expect(webhookReplyValidators["C2C.CallbackAfterMsgReport"]({ ActionStatus: "OK", ErrorInfo: "" })).toBe(
      false,
    );
    expect(
      webhookReplyValidators["C2C.CallbackBeforeSendMsg"]({
        ActionStatus: "OK",
        ErrorInfo: "",
        ErrorCode: 3,
      }),
    ).toBe(false);
    expect(
      webhookReplyValidators["C2C.CallbackBeforeSendMsg"]({
        ActionStatus: "OK",
        ErrorInfo: "",
        ErrorCode: 125000,
      }),
    ).toBe(true);
  });
});
