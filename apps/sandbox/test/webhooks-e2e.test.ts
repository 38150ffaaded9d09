// End to end over real HTTP: the sandbox sends Tencent's callbacks to a handler of @timkit/webhooks
// served on another loopback port, which verifies and types them; its verdicts act on sendmsg; and what
// the handler must refuse (wrong token, stale RequestTime, another SDKAppID, a 1 MiB body) is refused
// with the right reason while both servers keep serving.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTimWebhookHandler, TimWebhookError, type TimWebhookErrorReport } from "@timkit/webhooks";
import { toNodeListener } from "@timkit/webhooks/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { exampleUrl } from "../src/documented-example.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../src/start-sandbox.js";
import { documentedUrl, post } from "./sandbox-client.js";

const sdkAppId = 88888888;
const token = "the-apps-callback-token";

// What the handler's `on` functions do, changed by each test; and what the handler reported.
type Handlers = NonNullable<Parameters<typeof createTimWebhookHandler>[0]["on"]>;
let on: { -readonly [C in keyof Handlers]: Handlers[C] } = {};
const events: Array<{ command: string; event: unknown }> = [];
const refusals: Array<{ reason: string; message: string; report: TimWebhookErrorReport }> = [];

let handlerServer: Server;
let handlerUrl: string;
let sandbox: Sandbox;
const sandboxes: Sandbox[] = [];

beforeAll(async () => {
  const handle = createTimWebhookHandler({
    sdkAppId,
    token,
    on: {
      "C2C.CallbackAfterMsgReadReceipt": async (event, context) => {
        events.push({ command: "C2C.CallbackAfterMsgReadReceipt", event });
        return on["C2C.CallbackAfterMsgReadReceipt"]?.(event, context);
      },
      "C2C.CallbackBeforeSendMsg": async (event, context) => {
        events.push({ command: "C2C.CallbackBeforeSendMsg", event });
        return (await on["C2C.CallbackBeforeSendMsg"]?.(event, context)) ?? { allow: true };
      },
      "C2C.CallbackAfterSendMsg": async (event) => {
        events.push({ command: "C2C.CallbackAfterSendMsg", event });
      },
      "C2C.CallbackAfterMsgReport": async (event) => {
        events.push({ command: "C2C.CallbackAfterMsgReport", event });
      },
    },
    onError: (error, report) => {
      refusals.push({
        reason: error instanceof TimWebhookError ? error.reason : "handler",
        message: String((error as Error)?.message),
        report,
      });
    },
  });
  handlerServer = createServer(toNodeListener(handle));
  await new Promise<void>((resolve) => handlerServer.listen(0, "127.0.0.1", resolve));
  handlerUrl = `http://127.0.0.1:${(handlerServer.address() as AddressInfo).port}/tim`;
  sandbox = await startSandbox({ port: 0, log: false, callbacks: { url: handlerUrl, token } });
});
afterEach(async () => {
  await Promise.all([sandbox, ...sandboxes].map((one) => one.mock.callbackDelivery.settled()));
  await Promise.all(sandboxes.splice(0).map((one) => one.close()));
  sandbox.mock.reset();
  on = {};
  events.length = 0;
  refusals.length = 0;
});
afterAll(async () => {
  await sandbox.close();
  handlerServer.closeAllConnections();
  await new Promise<void>((resolve) => handlerServer.close(() => resolve()));
});

async function another(options: SandboxOptions): Promise<Sandbox> {
  const started = await startSandbox({ port: 0, log: false, ...options });
  sandboxes.push(started);
  return started;
}

const sendmsgUrl = (on: Sandbox) => {
  const { baseUrl, sdkAppId: app, admins, userSigShown } = on.facts;
  return exampleUrl(
    { baseUrl, sdkAppId: app, identifier: admins[0] as string, userSig: userSigShown },
    "sendmsg",
  );
};
const message = {
  From_Account: "user2",
  To_Account: "user1",
  MsgRandom: 7,
  MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
};
const putCallbacks = (settings: unknown) =>
  fetch(`${sandbox.url}/__sandbox/callbacks`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(settings),
  });

/** The sandbox and the handler both still answer: a receipt goes through and reaches the handler typed. */
async function bothStillServe(): Promise<void> {
  await sandbox.mock.callbackDelivery.settled();
  events.length = 0;
  expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
  await sandbox.mock.callbackDelivery.settled();
  expect(events.map(({ command }) => command)).toEqual(["C2C.CallbackAfterMsgReadReceipt"]);
}

describe("the sandbox's callbacks, received by @timkit/webhooks", () => {
  it("a read receipt arrives signed and typed, and the handler's OK is what the sandbox logs", async () => {
    const sent = await post(sendmsgUrl(sandbox), { ...message, IsNeedReadReceipt: 1 });
    const MsgKey = sent.json.MsgKey as string;
    const receipt = await post(documentedUrl(sandbox), {
      Operator_Account: "user1",
      Peer_Account: "user2",
      C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey }],
    });
    expect(receipt.json.ErrorCode).toBe(0);
    await sandbox.mock.callbackDelivery.settled();
    const [read] = events.filter(({ command }) => command === "C2C.CallbackAfterMsgReadReceipt");
    expect(read?.event).toEqual({
      CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
      Operator_Account: "user1",
      Peer_Account: "user2",
      C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey, MsgId: sent.json.MsgId }],
      EventTime: expect.any(Number),
    });
    expect(refusals).toEqual([]);
    expect(
      sandbox.mock.callbacks().map(({ command, status, answer }) => [command, status, answer?.ErrorCode]),
    ).toEqual([
      ["C2C.CallbackBeforeSendMsg", "answered", 0],
      ["C2C.CallbackAfterSendMsg", "answered", 0],
      ["C2C.CallbackAfterMsgReadReceipt", "answered", 0],
    ]);
  });

  it("admin_set_msg_read's report arrives typed too", async () => {
    const { baseUrl, admins, userSigShown } = sandbox.facts;
    const url = exampleUrl(
      { baseUrl, sdkAppId, identifier: admins[0] as string, userSig: userSigShown },
      "adminSetMsgRead",
    );
    expect((await post(url, { Report_Account: "user1", Peer_Account: "user2" })).json.ErrorCode).toBe(0);
    await sandbox.mock.callbackDelivery.settled();
    expect(events).toMatchObject([
      { command: "C2C.CallbackAfterMsgReport", event: { Report_Account: "user1", Peer_Account: "user2" } },
    ]);
  });

  it("a before-send handler that blocks makes sendmsg answer 20006, and nothing is stored", async () => {
    on["C2C.CallbackBeforeSendMsg"] = async () => ({ block: true });
    const { json } = await post(sendmsgUrl(sandbox), message);
    expect(json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 20006 });
    expect(sandbox.mock.store.messages.list()).toHaveLength(0);
  });

  it("a before-send handler's own code and text reach the sender, and its replacement body is stored", async () => {
    on["C2C.CallbackBeforeSendMsg"] = async () => ({ code: 120042, info: "links are not allowed" });
    expect((await post(sendmsgUrl(sandbox), message)).json).toEqual({
      ActionStatus: "FAIL",
      ErrorInfo: "links are not allowed",
      ErrorCode: 120042,
    });
    const replacement = [{ MsgType: "TIMTextElem", MsgContent: { Text: "h*" } }];
    on["C2C.CallbackBeforeSendMsg"] = async () => ({ replace: { MsgBody: replacement as never } });
    expect((await post(sendmsgUrl(sandbox), message)).json.ErrorCode).toBe(0);
    expect(sandbox.mock.store.messages.list()).toMatchObject([{ MsgBody: replacement }]);
  });

  it("a before-send handler that never answers: sendmsg succeeds once the 2 s are up", async () => {
    on["C2C.CallbackBeforeSendMsg"] = () => new Promise(() => {});
    const { json } = await post(sendmsgUrl(sandbox), message);
    expect(json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
    const [record] = sandbox.mock.callbacks();
    expect(record).toMatchObject({
      command: "C2C.CallbackBeforeSendMsg",
      status: "timeout",
      verdict: "allow",
    });
    expect(record?.milliseconds).toBeGreaterThanOrEqual(1_990);
    expect(sandbox.mock.store.messages.list()).toHaveLength(1);
  });

  it('with beforeSendTimeout "fail", a handler that never answers makes sendmsg answer 80003', async () => {
    expect((await putCallbacks({ url: handlerUrl, token, beforeSendTimeout: "fail" })).status).toBe(200);
    on["C2C.CallbackBeforeSendMsg"] = () => new Promise(() => {});
    const { json } = await post(sendmsgUrl(sandbox), message);
    expect(json).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 80003 });
    expect(sandbox.mock.store.messages.list()).toHaveLength(0);
  });
});

describe("what the handler refuses, while both keep serving", () => {
  it("a callback signed with another token is refused as bad-signature", async () => {
    expect((await putCallbacks({ url: handlerUrl, token: "not-the-apps-token" })).status).toBe(200);
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
    await sandbox.mock.callbackDelivery.settled();
    expect(refusals.map(({ reason }) => reason)).toEqual(["bad-signature"]);
    expect(events).toEqual([]);
    expect(sandbox.mock.callbacks()).toMatchObject([{ status: "failed", httpStatus: 401 }]);
    for (const { message: text } of refusals) {
      expect(text).not.toContain(token);
      expect(text).not.toContain("not-the-apps-token");
    }
    // A blocked-by-refusal before-send is a failed callback: by Tencent's default policy, delivered.
    expect((await post(sendmsgUrl(sandbox), message)).json.ErrorCode).toBe(0);
    sandbox.mock.reset();
    await bothStillServe();
  });

  it("a callback whose RequestTime is two minutes old is refused as stale", async () => {
    const late = await another({
      callbacks: { url: handlerUrl, token },
      now: () => Math.floor(Date.now() / 1000) - 120,
    });
    expect((await post(documentedUrl(late))).json.ErrorCode).toBe(0);
    await late.mock.callbackDelivery.settled();
    expect(refusals.map(({ reason }) => reason)).toEqual(["stale"]);
    expect(late.mock.callbacks()).toMatchObject([{ status: "failed", httpStatus: 401 }]);
    await bothStillServe();
  });

  it("a callback from another SDKAppID is refused as wrong-app", async () => {
    const other = await another({ sdkAppId: 1400000001, callbacks: { url: handlerUrl, token } });
    expect((await post(documentedUrl(other))).json.ErrorCode).toBe(0);
    await other.mock.callbackDelivery.settled();
    expect(refusals.map(({ reason }) => reason)).toEqual(["wrong-app"]);
    expect(other.mock.callbacks()).toMatchObject([{ status: "failed", httpStatus: 403 }]);
    await bothStillServe();
  });

  it("a correctly signed 1 MiB body is refused as too-large", async () => {
    const requestTime = Math.floor(Date.now() / 1000);
    const query = new URLSearchParams({
      SdkAppid: String(sdkAppId),
      CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
      contenttype: "json",
      ClientIP: "127.0.0.1",
      OptPlatform: "RESTAPI",
      Sign: createHash("sha256").update(`${token}${requestTime}`).digest("hex"),
      RequestTime: String(requestTime),
    });
    const padding = "x".repeat(1024 * 1024);
    const response = await fetch(`${handlerUrl}?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ CallbackCommand: "C2C.CallbackAfterMsgReadReceipt", padding }),
    }).catch((error: unknown) => error);
    // The handler may answer 413 and close before the whole upload is read: either way, nothing got in.
    if (response instanceof Response) expect(response.status).toBe(413);
    expect(refusals.map(({ reason }) => reason)).toEqual(["too-large"]);
    expect(events).toEqual([]);
    await bothStillServe();
  });
});
