import { type CallbackCommand, webhookReplyValidators, webhookTable } from "@timkit/spec";
import { describe, expect, it, vi } from "vitest";
import { createTimWebhookHandler, type TimWebhookError, type TimWebhookErrorReport } from "../src/index";
import { callbackRequest, exampleBody, nodeSign, now, nowMs, sdkAppId, token } from "./callback-requests";

type Reply = { ActionStatus: string; ErrorCode: number; ErrorInfo: string; [field: string]: unknown };
const replyOf = async (response: Response) => (await response.json()) as Reply;

describe("createTimWebhookHandler", () => {
  it("hands the verified, typed receipt to its handler with the query's context, and answers OK", async () => {
    const seen: unknown[] = [];
    const handle = createTimWebhookHandler({
      sdkAppId,
      token,
      now,
      on: {
        "C2C.CallbackAfterMsgReadReceipt": async (event, context) => {
          seen.push({
            reader: event.Operator_Account,
            keys: event.C2CMsgInfo.map((item) => item.MsgKey),
            context,
          });
        },
      },
    });
    const response = await handle(callbackRequest("C2C.CallbackAfterMsgReadReceipt"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await replyOf(response)).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(seen).toEqual([
      {
        reader: "jared",
        keys: ["33973751_24064952_1769139583"],
        context: {
          command: "C2C.CallbackAfterMsgReadReceipt",
          sdkAppId,
          clientIp: "127.0.0.1",
          optPlatform: "RESTAPI",
          requestTime: nowMs / 1000,
        },
      },
    ]);
  });

  it("refuses at creation, with a TypeError naming token, a token that is undefined or empty", () => {
    expect(() => createTimWebhookHandler({ sdkAppId, token: process.env.TIMKIT_TEST_UNSET_TOKEN })).toThrow(
      new TypeError(
        "token is undefined (an unset environment variable?): pass the console's callback token, or token: false to accept unsigned callbacks",
      ),
    );
    expect(() => createTimWebhookHandler({ sdkAppId, token: "" })).toThrow(TypeError);
    expect(() => createTimWebhookHandler({ sdkAppId, token: "" })).toThrow(/^token is empty/);
  });

  it("answers unsigned callbacks when created with token: false", async () => {
    const handle = createTimWebhookHandler({ sdkAppId, token: false, now, on: {} });
    const response = await handle(callbackRequest("C2C.CallbackAfterMsgReport", { token: undefined }));
    expect([response.status, (await replyOf(response)).ErrorCode]).toEqual([200, 0]);
  });

  it("answers OK to a callback it has no handler for, with a reply valid against the spec", async () => {
    const handle = createTimWebhookHandler({ sdkAppId, token, now, on: {} });
    for (const command of Object.keys(webhookTable) as CallbackCommand[]) {
      const response = await handle(callbackRequest(command));
      const reply = await replyOf(response);
      expect([response.status, reply.ErrorCode], command).toEqual([200, 0]);
      expect(webhookReplyValidators[command](reply), command).toBe(true);
    }
  });

  describe("before-send verdicts", () => {
    const answer = async (verdict: unknown) => {
      const handle = createTimWebhookHandler({
        sdkAppId,
        token,
        now,
        on: { "C2C.CallbackBeforeSendMsg": async () => verdict as never },
        onError: () => {},
      });
      const reply = await replyOf(await handle(callbackRequest("C2C.CallbackBeforeSendMsg")));
      expect(webhookReplyValidators["C2C.CallbackBeforeSendMsg"](reply)).toBe(true);
      return reply;
    };

    it("{ allow: true } answers ErrorCode 0", async () => {
      expect(await answer({ allow: true })).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    });
    it("{ block: true } answers ErrorCode 1, which the sender gets as 20006", async () => {
      expect((await answer({ block: true })).ErrorCode).toBe(1);
      expect(webhookTable["C2C.CallbackBeforeSendMsg"].verdicts[1]).toMatchObject({
        code: 1,
        senderCode: 20006,
      });
    });
    it("{ drop: true } answers ErrorCode 2", async () => {
      expect((await answer({ drop: true })).ErrorCode).toBe(2);
    });
    it("{ code, info } answers the App's code and text for the sender, at both ends of 120001–130000", async () => {
      expect(await answer({ code: 120001, info: "members only" })).toMatchObject({
        ErrorCode: 120001,
        ErrorInfo: "members only",
      });
      expect(await answer({ code: 130000 })).toMatchObject({ ErrorCode: 130000, ErrorInfo: "" });
    });
    it("{ replace } answers ErrorCode 0 with the replacement MsgBody and CloudCustomData", async () => {
      const MsgBody = [
        { MsgType: "TIMTextElem", MsgContent: { Text: "hello" } },
        { MsgType: "TIMCustomElem", MsgContent: { Desc: " CustomElement.MemberLevel ", Data: " LV1" } },
      ];
      expect(await answer({ replace: { MsgBody, CloudCustomData: "vip" } })).toEqual({
        ActionStatus: "OK",
        ErrorInfo: "",
        ErrorCode: 0,
        MsgBody,
        CloudCustomData: "vip",
      });
    });
    it("a code outside 120001–130000, an unknown form or an invalid replacement answers ErrorCode 1", async () => {
      for (const verdict of [
        { code: 119999 },
        { code: 130001 },
        { maybe: true },
        { replace: { MsgBody: [{ MsgType: "Nope" }] } },
      ])
        expect((await answer(verdict)).ErrorCode, JSON.stringify(verdict)).toBe(1);
    });
    it("a handler that returns nothing allows the message", async () => {
      expect((await answer(undefined)).ErrorCode).toBe(0);
    });
  });

  it("answers ErrorCode 1 for a throwing handler and reports it through onError, without the token or Sign", async () => {
    const reports: [unknown, TimWebhookErrorReport][] = [];
    const handle = createTimWebhookHandler({
      sdkAppId,
      token,
      now,
      on: {
        "C2C.CallbackAfterMsgReport": () => {
          throw new Error("database is down");
        },
      },
      onError: (error, report) => reports.push([error, report]),
    });
    const request = callbackRequest("C2C.CallbackAfterMsgReport");
    const sign = new URL(request.url).searchParams.get("Sign") as string;
    const response = await handle(request);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 1 });
    expect(reports).toHaveLength(1);
    expect(reports[0]?.[1]).toEqual({ phase: "handler", command: "C2C.CallbackAfterMsgReport" });
    expect((reports[0]?.[0] as Error | undefined)?.message).toBe("database is down");
    for (const shown of [text, JSON.stringify(reports), String(reports[0]?.[0])]) {
      expect(shown).not.toContain(token);
      expect(shown).not.toContain(sign);
    }
  });

  it("refuses each bad request with its status and reason, reports it, and keeps answering good ones", async () => {
    const reports: TimWebhookError[] = [];
    const handle = createTimWebhookHandler({
      sdkAppId,
      token,
      now,
      onError: (error) => reports.push(error as TimWebhookError),
    });
    const cases: [Request, string, number][] = [
      [callbackRequest("C2C.CallbackAfterMsgReport", { token: "wrong" }), "bad-signature", 401],
      [
        callbackRequest("C2C.CallbackAfterMsgReport", { requestTime: String(nowMs / 1000 - 120) }),
        "stale",
        401,
      ],
      [callbackRequest("C2C.CallbackAfterMsgReport", { sdkAppId: "1" }), "wrong-app", 403],
      [callbackRequest("C2C.CallbackAfterMsgReport", { method: "PUT" }), "method", 405],
      [callbackRequest("C2C.CallbackAfterMsgReport", { text: "[]" }), "invalid-body", 400],
      [callbackRequest("C2C.CallbackNope", { body: {} }), "unknown-command", 400],
    ];
    for (const [request, reason, status] of cases) {
      const sign = new URL(request.url).searchParams.get("Sign") ?? "";
      const response = await handle(request);
      const text = await response.text();
      expect([response.status, JSON.parse(text).ErrorCode], reason).toEqual([status, 1]);
      expect(JSON.parse(text).ErrorInfo, reason).toMatch(new RegExp(`^${reason}: `));
      expect(text).not.toContain(token);
      if (sign) expect(text).not.toContain(sign);
      expect((await handle(callbackRequest("C2C.CallbackAfterMsgReport"))).status).toBe(200);
    }
    expect(reports.map((error) => error.reason)).toEqual(cases.map(([, reason]) => reason));
  });

  it("answers even when onError itself throws", async () => {
    const handle = createTimWebhookHandler({
      sdkAppId,
      token,
      now,
      on: {
        "C2C.CallbackBeforeSendMsg": () => {
          throw new Error("handler");
        },
      },
      onError: () => {
        throw new Error("reporter");
      },
    });
    expect((await (await handle(callbackRequest("C2C.CallbackBeforeSendMsg"))).json()).ErrorCode).toBe(1);
  });

  it("logs one line without the token or Sign when no onError is given", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const handle = createTimWebhookHandler({ sdkAppId, token, now });
      const sign = nodeSign("wrong", String(nowMs / 1000));
      await handle(callbackRequest("C2C.CallbackAfterMsgReport", { sign }));
      expect(log).toHaveBeenCalledTimes(1);
      const line = String(log.mock.calls[0]?.[0]);
      expect(line).toContain("bad-signature");
      expect(line).not.toContain(token);
      expect(line).not.toContain(sign);
    } finally {
      log.mockRestore();
    }
  });

  it("checks the body of every command against the spec before its handler runs", async () => {
    const handler = vi.fn();
    const handle = createTimWebhookHandler({
      sdkAppId,
      token,
      now,
      on: { "C2C.CallbackAfterSendMsg": handler },
      onError: () => {},
    });
    const { MsgKey: _, ...body } = exampleBody("C2C.CallbackAfterSendMsg");
    const response = await handle(callbackRequest("C2C.CallbackAfterSendMsg", { body }));
    expect(response.status).toBe(400);
    expect(handler).not.toHaveBeenCalled();
  });
});
