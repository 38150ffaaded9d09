// Tencent's callbacks as the mock sends them: what each command fires, how it is signed, what the
// before-send reply does to sendmsg, and how slow or failing receivers are bounded.
import { createHash } from "node:crypto";
import { type CallbackCommand, schemaProblem, webhookBodyValidators, webhookTable } from "@timkit/spec";
import { afterEach, describe, expect, it } from "vitest";
import { callbackLimits } from "../src/callback-delivery.js";
import type { CallbackDeliver, CallbacksOption } from "../src/callback-options.js";
import { callbackSign } from "../src/callback-signature.js";
import { createTimMock, type TimMock } from "../src/create-tim-mock.js";
import type { TimMockOptions } from "../src/mock-options.js";
import { answerOf } from "./send-request.js";

// A fixed clock, near the real one: the test's UserSigs are made by the real clock.
const start = Math.floor(Date.now() / 1000);
const text = (Text: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text } }];
const okReply = { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 };

interface Received {
  readonly url: URL;
  readonly request: Request;
  readonly body: Record<string, unknown>;
}

// Every body any test's receiver gets that the spec's webhook body validator refuses.
const invalidBodies: string[] = [];

/**
 * A receiver in the test's hands: what it was sent, and the reply it gives each command. Every body is
 * checked against the spec's schema of its callback.
 */
function receiver(replies: Partial<Record<CallbackCommand, unknown>> = {}) {
  const received: Received[] = [];
  const deliver: CallbackDeliver = async (request) => {
    const url = new URL(request.url);
    const body = await request.json();
    received.push({ url, request, body });
    const command = url.searchParams.get("CallbackCommand") as CallbackCommand;
    const validate = webhookBodyValidators[command];
    if (!validate(body)) {
      const problem = schemaProblem(body, validate.errors);
      invalidBodies.push(`${command}: ${problem.field} must be ${problem.expected}`);
    }
    const reply = replies[command] ?? okReply;
    return new Response(JSON.stringify(reply), { headers: { "content-type": "application/json" } });
  };
  return { received, deliver };
}

const mocks: TimMock[] = [];
function world(callbacks: Partial<CallbacksOption>, options: TimMockOptions = {}) {
  const mock = createTimMock({
    now: () => start,
    callbacks: { url: "http://127.0.0.1:3000/tim?app=chat", ...callbacks },
    ...options,
  });
  mocks.push(mock);
  return mock;
}
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((mock) => mock.callbackDelivery.settled()));
  expect(invalidBodies.splice(0), "bodies the spec's webhook schemas refuse").toEqual([]);
});

const sendMessage = (mock: TimMock, fields: Record<string, unknown> = {}) =>
  answerOf(mock, "sendmsg", {
    body: { From_Account: "user2", To_Account: "user1", MsgRandom: 2837546, MsgBody: text("hi"), ...fields },
  });
const receipt = (mock: TimMock, msgKeys: string[]) =>
  answerOf(mock, "c2cMsgReadReceipt", {
    body: {
      Operator_Account: "user1",
      Peer_Account: "user2",
      C2CMsgInfo: msgKeys.map((MsgKey) => ({ From_Account: "user2", To_Account: "user1", MsgKey })),
    },
  });
const never: CallbackDeliver = () => new Promise<Response>(() => {});

describe("signing and Tencent's query parameters", () => {
  it("signs Tencent's worked example: token xxxxyyyy at 1669872112", async () => {
    expect(await callbackSign("xxxxyyyy", 1669872112)).toBe(
      "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061",
    );
  });

  it("appends SdkAppid, CallbackCommand, contenttype, ClientIP, OptPlatform, and Sign over token + RequestTime", async () => {
    const { received, deliver } = receiver();
    const mock = world({ token: "s3cret-token", deliver });
    await receipt(mock, ["1_2_3"]);
    await mock.callbackDelivery.settled();
    const [{ url, request }] = received as [Received];
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:3000/tim");
    const query = Object.fromEntries(url.searchParams);
    expect(query).toEqual({
      app: "chat",
      SdkAppid: "88888888",
      CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
      contenttype: "json",
      ClientIP: "127.0.0.1",
      OptPlatform: "RESTAPI",
      Sign: createHash("sha256").update(`s3cret-token${start}`).digest("hex"),
      RequestTime: String(start),
    });
  });

  it("sends no Sign and no RequestTime without a token", async () => {
    const { received, deliver } = receiver();
    const mock = world({ deliver });
    await receipt(mock, ["1_2_3"]);
    await mock.callbackDelivery.settled();
    expect(received[0]?.url.searchParams.has("Sign")).toBe(false);
    expect(received[0]?.url.searchParams.has("RequestTime")).toBe(false);
  });

  it("asks fetch not to follow redirects, so a receiver cannot send a callback on to another host", async () => {
    const { received, deliver } = receiver();
    const mock = world({ deliver });
    await receipt(mock, ["1_2_3"]);
    await mock.callbackDelivery.settled();
    expect(received[0]?.request.redirect).toBe("manual");
  });
});

describe("what each command sends", () => {
  it("a receipt sends C2C.CallbackAfterMsgReadReceipt: both accounts, each message with its MsgId, EventTime in ms", async () => {
    const { received, deliver } = receiver();
    const mock = world({ deliver, commands: ["C2C.CallbackAfterMsgReadReceipt"] });
    const sent = await sendMessage(mock);
    await receipt(mock, [sent.MsgKey, "9_9_9"]);
    await mock.callbackDelivery.settled();
    expect(received.map(({ body }) => body)).toEqual([
      {
        CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [
          { From_Account: "user2", To_Account: "user1", MsgKey: sent.MsgKey, MsgId: sent.MsgId },
          { From_Account: "user2", To_Account: "user1", MsgKey: "9_9_9" },
        ],
        EventTime: start * 1000,
      },
    ]);
  });

  it("sendmsg sends the before-send callback, then the after-send one with the result and the recipient's unread count", async () => {
    const { received, deliver } = receiver();
    const mock = world({ deliver });
    const sent = await sendMessage(mock, { MsgSeq: 7, CloudCustomData: "cd" });
    expect(sent.ErrorCode).toBe(0);
    await mock.callbackDelivery.settled();
    const message = {
      From_Account: "user2",
      To_Account: "user1",
      MsgSeq: 7,
      MsgRandom: 2837546,
      MsgTime: start,
      MsgKey: sent.MsgKey,
      MsgId: sent.MsgId,
      OnlineOnlyFlag: 0,
      MsgBody: text("hi"),
      CloudCustomData: "cd",
    };
    expect(received.map(({ body }) => body)).toEqual([
      { CallbackCommand: "C2C.CallbackBeforeSendMsg", ...message },
      {
        CallbackCommand: "C2C.CallbackAfterSendMsg",
        ...message,
        SendMsgResult: 0,
        ErrorInfo: "send msg succeed",
        UnreadMsgNum: 1,
      },
    ]);
  });

  it("admin_set_msg_read sends C2C.CallbackAfterMsgReport with the read time and the reader's unread count", async () => {
    const { received, deliver } = receiver();
    const mock = world({ deliver, commands: ["C2C.CallbackAfterMsgReport"] });
    await sendMessage(mock);
    await answerOf(mock, "adminSetMsgRead", { body: { Report_Account: "user1", Peer_Account: "user2" } });
    await mock.callbackDelivery.settled();
    expect(received.map(({ body }) => body)).toEqual([
      {
        CallbackCommand: "C2C.CallbackAfterMsgReport",
        Report_Account: "user1",
        Peer_Account: "user2",
        LastReadTime: start,
        EventTime: start * 1000,
        UnreadMsgNum: 0,
      },
    ]);
  });

  it("every callback of the spec is sent by the operations that fire it, with a body its schema accepts", async () => {
    const bodies: Record<string, unknown> = {
      sendmsg: { From_Account: "user2", To_Account: "user1", MsgRandom: 1, MsgBody: text("hi") },
      c2cMsgReadReceipt: {
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1_2_3" }],
      },
      adminSetMsgRead: { Report_Account: "user1", Peer_Account: "user2" },
    };
    for (const [command, info] of Object.entries(webhookTable) as [
      CallbackCommand,
      { readonly firedBy: readonly string[] },
    ][]) {
      for (const operationId of info.firedBy) {
        const { received, deliver } = receiver();
        const mock = world({ deliver, commands: [command] });
        const body = bodies[operationId];
        if (!body) throw new Error(`no request for ${operationId}, which fires ${command}: add one here`);
        expect((await answerOf(mock, operationId as never, { body })).ErrorCode).toBe(0);
        await mock.callbackDelivery.settled();
        expect(
          received.map((one) => one.body.CallbackCommand),
          `${operationId} → ${command}`,
        ).toEqual([command]);
        expect(received[0]?.url.searchParams.get("CallbackCommand")).toBe(command);
        const validate = webhookBodyValidators[command];
        expect(validate(received[0]?.body), JSON.stringify(validate.errors)).toBe(true);
      }
    }
  });

  it("sends only the callbacks switched on in commands", async () => {
    const { received, deliver } = receiver();
    const mock = world({ deliver, commands: ["C2C.CallbackAfterSendMsg"] });
    await sendMessage(mock);
    await receipt(mock, ["1_2_3"]);
    await mock.callbackDelivery.settled();
    expect(received.map(({ body }) => body.CallbackCommand)).toEqual(["C2C.CallbackAfterSendMsg"]);
  });
});

describe("the before-send reply acts on sendmsg", () => {
  it("ErrorCode 1 blocks the message: sendmsg answers 20006, nothing is stored and no after-send is sent", async () => {
    const { received, deliver } = receiver({
      "C2C.CallbackBeforeSendMsg": { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 1 },
    });
    const mock = world({ deliver });
    const answer = await sendMessage(mock);
    expect(answer).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 20006 });
    expect(answer.ErrorInfo).toMatch(/prohibition/);
    await mock.callbackDelivery.settled();
    expect(mock.store.messages.list()).toHaveLength(0);
    expect(received.map(({ body }) => body.CallbackCommand)).toEqual(["C2C.CallbackBeforeSendMsg"]);
    expect(mock.callbacks()).toMatchObject([{ status: "answered", verdict: "refuse", httpStatus: 200 }]);
  });

  it("a code from 120001 to 130000 refuses the message with the backend's own code and text", async () => {
    const { deliver } = receiver({
      "C2C.CallbackBeforeSendMsg": { ActionStatus: "FAIL", ErrorInfo: "no links, please", ErrorCode: 120123 },
    });
    const mock = world({ deliver });
    expect(await sendMessage(mock)).toEqual({
      ActionStatus: "FAIL",
      ErrorInfo: "no links, please",
      ErrorCode: 120123,
    });
    expect(mock.store.messages.list()).toHaveLength(0);
  });

  it("ErrorCode 2 drops the message silently: sendmsg succeeds, nothing is stored, no after-send", async () => {
    const { received, deliver } = receiver({
      "C2C.CallbackBeforeSendMsg": { ActionStatus: "OK", ErrorInfo: "", ErrorCode: 2 },
    });
    const mock = world({ deliver });
    const answer = await sendMessage(mock);
    expect(answer).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
    expect(answer.MsgKey).toMatch(new RegExp(`^\\d+_2837546_${start}$`));
    await mock.callbackDelivery.settled();
    expect(mock.store.messages.list()).toHaveLength(0);
    expect(received).toHaveLength(1);
  });

  it("a replacement MsgBody and CloudCustomData are what is stored and what the after-send carries", async () => {
    const replacement = [
      ...text("hi"),
      { MsgType: "TIMCustomElem", MsgContent: { Desc: "level", Data: "LV1" } },
    ];
    const { received, deliver } = receiver({
      "C2C.CallbackBeforeSendMsg": { ...okReply, MsgBody: replacement, CloudCustomData: "checked" },
    });
    const mock = world({ deliver });
    expect((await sendMessage(mock)).ErrorCode).toBe(0);
    await mock.callbackDelivery.settled();
    expect(mock.store.messages.list()).toMatchObject([{ MsgBody: replacement, CloudCustomData: "checked" }]);
    expect(received[1]?.body).toMatchObject({ MsgBody: replacement, CloudCustomData: "checked" });
  });

  it("a replacement MsgBody the spec's schema refuses fails the callback: the original is delivered", async () => {
    const { deliver } = receiver({
      "C2C.CallbackBeforeSendMsg": { ...okReply, MsgBody: [{ MsgType: "TIMBogusElem" }] },
    });
    const mock = world({ deliver });
    expect((await sendMessage(mock)).ErrorCode).toBe(0);
    expect(mock.store.messages.list()).toMatchObject([{ MsgBody: text("hi") }]);
    expect(mock.callbacks()[0]).toMatchObject({ status: "failed", verdict: "allow" });
  });

  it("with no answer in 2 s the message is delivered (Tencent's default policy) and the log says timeout", async () => {
    const mock = world({ deliver: never, commands: ["C2C.CallbackBeforeSendMsg"] });
    expect((await sendMessage(mock)).ErrorCode).toBe(0);
    expect(mock.store.messages.list()).toHaveLength(1);
    const [record] = mock.callbacks();
    expect(record).toMatchObject({
      command: "C2C.CallbackBeforeSendMsg",
      status: "timeout",
      verdict: "allow",
    });
    expect(record?.milliseconds).toBeGreaterThanOrEqual(
      webhookTable["C2C.CallbackBeforeSendMsg"].timeoutMilliseconds - 5,
    );
  });

  it('with beforeSendTimeout "fail", no answer in 2 s refuses the message with 80003', async () => {
    const mock = world({ deliver: never, beforeSendTimeout: "fail" });
    expect(await sendMessage(mock)).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 80003 });
    expect(mock.store.messages.list()).toHaveLength(0);
  });

  it("an HTTP 500, a body that is not JSON, a reply without the envelope or an undocumented code count as a failed callback", async () => {
    const replies: Array<() => Response> = [
      () => new Response("oops", { status: 500 }),
      () => new Response("<html>"),
      () => new Response(JSON.stringify({ ok: true })),
      () => new Response(JSON.stringify({ ...okReply, ErrorCode: 7 })),
    ];
    for (const [index, reply] of replies.entries()) {
      for (const policy of ["deliver", "fail"] as const) {
        const mock = world({
          deliver: async () => reply(),
          beforeSendTimeout: policy,
          commands: ["C2C.CallbackBeforeSendMsg"],
        });
        const answer = await sendMessage(mock);
        expect(answer.ErrorCode, `reply ${index}, policy ${policy}`).toBe(policy === "deliver" ? 0 : 80003);
      }
    }
  });

  it("a receiver that cannot be reached is logged as failed, without the Sign", async () => {
    const mock = world({
      token: "s3cret-token",
      deliver: async (request) => {
        throw new TypeError(`fetch failed: ${request.url}`);
      },
    });
    expect((await sendMessage(mock)).ErrorCode).toBe(0);
    await mock.callbackDelivery.settled();
    const log = JSON.stringify(mock.callbacks());
    expect(mock.callbacks()[0]).toMatchObject({ status: "failed", error: "the request failed (TypeError)" });
    expect(log).not.toContain(await callbackSign("s3cret-token", start));
    expect(log).not.toContain("s3cret-token");
  });
});

describe("after-callbacks and bounds", () => {
  it("an after-callback does not hold up the command: the receipt answers while its callback still waits", async () => {
    const mock = world({ deliver: never });
    expect((await receipt(mock, ["1_2_3"])).ErrorCode).toBe(0);
    expect(mock.callbackDelivery.settings().inFlight).toBe(1);
    expect(mock.callbacks()).toEqual([]);
    await mock.callbackDelivery.settled();
    expect(mock.callbacks()).toMatchObject([
      { status: "timeout", command: "C2C.CallbackAfterMsgReadReceipt" },
    ]);
  });

  it("is never retried: a failing receiver gets each callback once", async () => {
    let calls = 0;
    const mock = world({
      deliver: async () => {
        calls += 1;
        return new Response("down", { status: 503 });
      },
    });
    await receipt(mock, ["1_2_3"]);
    await sendMessage(mock);
    await mock.callbackDelivery.settled();
    expect(calls).toBe(3);
  });

  it(`keeps at most ${callbackLimits.maxInFlight} callbacks waiting; the others are skipped and logged`, async () => {
    const mock = world({ deliver: never });
    for (let index = 0; index < callbackLimits.maxInFlight + 5; index++)
      await receipt(mock, [`${index}_1_1`]);
    expect(mock.callbackDelivery.settings().inFlight).toBe(callbackLimits.maxInFlight);
    expect(mock.callbacks()).toHaveLength(5);
    expect(mock.callbacks().every((record) => record.status === "skipped")).toBe(true);
    // A before-send that cannot be sent goes by the timeout policy at once.
    expect((await sendMessage(mock)).ErrorCode).toBe(0);
    await mock.callbackDelivery.settled();
    expect(mock.callbacks().filter((record) => record.status === "timeout")).toHaveLength(
      callbackLimits.maxInFlight,
    );
  });

  it(`keeps the last ${callbackLimits.maxLog} records`, async () => {
    const { deliver } = receiver();
    const mock = world({ deliver, commands: ["C2C.CallbackAfterMsgReadReceipt"] });
    for (let index = 0; index < callbackLimits.maxLog + 10; index++) {
      await receipt(mock, [`${index}_1_1`]);
      await mock.callbackDelivery.settled();
    }
    const log = mock.callbacks();
    expect(log).toHaveLength(callbackLimits.maxLog);
    expect(log[0]?.body).toMatchObject({ C2CMsgInfo: [{ MsgKey: "10_1_1" }] });
  });

  it("set() changes the settings from now on, and reset() goes back to the option and empties the log", async () => {
    const first = receiver();
    const second = receiver();
    const mock = world({ deliver: first.deliver, token: "s3cret-token" });
    await receipt(mock, ["1_2_3"]);
    mock.callbackDelivery.set({ url: "http://127.0.0.1:3001/other", deliver: second.deliver });
    await receipt(mock, ["1_2_3"]);
    mock.callbackDelivery.set(false);
    await receipt(mock, ["1_2_3"]);
    await mock.callbackDelivery.settled();
    expect([first.received.length, second.received.length]).toEqual([1, 1]);
    expect(mock.callbackDelivery.settings()).toMatchObject({ enabled: false });
    mock.reset();
    expect(mock.callbacks()).toEqual([]);
    const settings = mock.callbackDelivery.settings();
    expect(settings).toMatchObject({
      enabled: true,
      url: "http://127.0.0.1:3000/tim?app=chat",
      signed: true,
    });
    expect(JSON.stringify(settings)).not.toContain("s3cret-token");
  });

  it("tells onRecord about each callback once it is in the log, and a throwing onRecord changes nothing", async () => {
    const { deliver } = receiver();
    const told: string[] = [];
    const mock = world({
      deliver,
      onRecord: (record) => {
        told.push(`${record.command} ${record.status}`);
        throw new Error("a broken log");
      },
    });
    expect((await sendMessage(mock)).ErrorCode).toBe(0);
    await mock.callbackDelivery.settled();
    expect(told).toEqual(["C2C.CallbackBeforeSendMsg answered", "C2C.CallbackAfterSendMsg answered"]);
    expect(mock.callbacks()).toHaveLength(2);
  });

  it("sends nothing without the option", async () => {
    const mock = createTimMock();
    expect((await sendMessage(mock)).ErrorCode).toBe(0);
    expect(mock.callbackDelivery.settings()).toMatchObject({ enabled: false });
    expect(mock.callbacks()).toEqual([]);
  });
});

describe("the callbacks option", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["no url", {}, /callbacks\.url must be an absolute http\(s\) URL/],
    ["a relative url", { url: "/tim" }, /callbacks\.url/],
    ["an ftp url", { url: "ftp://127.0.0.1/tim" }, /callbacks\.url/],
    ["a url with a password", { url: "http://me:pw@127.0.0.1/tim" }, /callbacks\.url must not carry/],
    ["a token with a space", { url: "http://127.0.0.1/", token: "my token" }, /callbacks\.token/],
    ["an empty token", { url: "http://127.0.0.1/", token: "" }, /callbacks\.token/],
    [
      "an unknown command",
      { url: "http://127.0.0.1/", commands: ["C2C.CallbackX"] },
      /callbacks\.commands: "C2C\.CallbackX"/,
    ],
    [
      "another policy",
      { url: "http://127.0.0.1/", beforeSendTimeout: "retry" },
      /callbacks\.beforeSendTimeout must be "deliver" or "fail"/,
    ],
    ["a deliver that is no function", { url: "http://127.0.0.1/", deliver: "fetch" }, /callbacks\.deliver/],
    ["an unknown key", { url: "http://127.0.0.1/", timeout: 5 }, /callbacks\.timeout is no option/],
    ["no object", "http://127.0.0.1/", /callbacks must be an object/],
  ];
  for (const [what, callbacks, message] of cases) {
    it(`refuses ${what}, naming the field`, () => {
      expect(() => createTimMock({ callbacks: callbacks as CallbacksOption })).toThrow(message);
    });
  }

  it("never quotes the token in its errors", () => {
    expect(() => createTimMock({ callbacks: { url: "http://127.0.0.1/", token: "s3cret token" } })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("s3cret") }),
    );
  });
});
