// The sandbox sends Tencent's callbacks over real HTTP to a receiver on another loopback port; its
// control routes show and change where they go, and it refuses to send them to other machines.
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { exampleUrl } from "../src/documented-example.js";
import { bannerText } from "../src/sandbox-facts.js";
import { type Sandbox, startSandbox } from "../src/start-sandbox.js";
import { type Receiver, startReceiver } from "./callback-receiver.js";
import { documentedUrl, post } from "./sandbox-client.js";

let sandbox: Sandbox;
let receiver: Receiver;
const logLines: string[] = [];
const token = "callback-token-of-the-test";

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({
    port: 0,
    log: (line) => logLines.push(line),
    callbacks: { url: receiver.url, token },
  });
});
afterEach(async () => {
  await sandbox.mock.callbackDelivery.settled();
  sandbox.mock.reset();
  receiver.received.length = 0;
  receiver.answer = () => ({
    status: 200,
    body: JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 }),
  });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

const sendmsgUrl = () => {
  const { baseUrl, sdkAppId, admins, userSigShown } = sandbox.facts;
  return exampleUrl({ baseUrl, sdkAppId, identifier: admins[0] as string, userSig: userSigShown }, "sendmsg");
};
const message = {
  From_Account: "user2",
  To_Account: "user1",
  MsgRandom: 7,
  MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
};
const control = (path: string, init: RequestInit = {}) =>
  fetch(`${sandbox.url}/__sandbox/${path}`, {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  });

describe("callbacks over HTTP", () => {
  it("a read receipt reaches the receiver signed, with Tencent's query parameters and body", async () => {
    const { json } = await post(documentedUrl(sandbox));
    expect(json.ErrorCode).toBe(0);
    await sandbox.mock.callbackDelivery.settled();
    const [callback] = receiver.received;
    const query = Object.fromEntries(callback?.url.searchParams ?? []);
    expect(query).toMatchObject({
      SdkAppid: "88888888",
      CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
      contenttype: "json",
      ClientIP: "127.0.0.1",
      OptPlatform: "RESTAPI",
    });
    expect(query.Sign).toBe(createHash("sha256").update(`${token}${query.RequestTime}`).digest("hex"));
    expect(Math.abs(Number(query.RequestTime) - Date.now() / 1000)).toBeLessThan(60);
    expect(callback?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(callback?.body ?? "")).toMatchObject({
      CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
      Operator_Account: "user1",
      Peer_Account: "user2",
      C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1467329515_5675354_1708676941" }],
    });
  });

  it("the banner and the landing page say where callbacks go and that they are signed, never the token", async () => {
    const page = await (await fetch(`${sandbox.url}/`)).text();
    expect(sandbox.facts.callbacksShown).toBe(
      `${receiver.url} (signed with your token; see /__sandbox/callbacks)`,
    );
    expect(page).toContain(receiver.url);
    expect(page).not.toContain(token);
    const banner = bannerText(sandbox.facts);
    expect(banner).toContain(`Callbacks    ${receiver.url}`);
    expect(banner).not.toContain(token);
  });

  it("logs one line per callback, with its command, status and reply code, never the Sign or the token", async () => {
    logLines.length = 0;
    await post(documentedUrl(sandbox));
    await sandbox.mock.callbackDelivery.settled();
    await new Promise((resolve) => setImmediate(resolve));
    const lines = logLines.filter((line) => line.includes(" CALLBACK "));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      / CALLBACK C2C\.CallbackAfterMsgReadReceipt answered 200 ErrorCode=0 \d+\.\dms$/,
    );
    const sign = receiver.received[0]?.url.searchParams.get("Sign") as string;
    for (const line of logLines) {
      expect(line).not.toContain(sign);
      expect(line).not.toContain(token);
    }
  });

  it("keeps logging callbacks after PUT /__sandbox/callbacks", async () => {
    await control("callbacks", { method: "PUT", body: JSON.stringify({ url: receiver.url }) });
    logLines.length = 0;
    await post(documentedUrl(sandbox));
    await sandbox.mock.callbackDelivery.settled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(logLines.filter((line) => line.includes(" CALLBACK "))).toHaveLength(1);
  });

  it("GET /__sandbox/callbacks shows where callbacks go, whether signed, never the token, and each delivery", async () => {
    await post(documentedUrl(sandbox));
    await sandbox.mock.callbackDelivery.settled();
    const response = await control("callbacks");
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).not.toContain(token);
    const json = JSON.parse(text);
    expect(json.settings).toMatchObject({
      enabled: true,
      url: receiver.url,
      signed: true,
      beforeSendTimeout: "deliver",
    });
    expect(json.deliveries).toMatchObject([
      {
        command: "C2C.CallbackAfterMsgReadReceipt",
        status: "answered",
        httpStatus: 200,
        answer: { ErrorCode: 0 },
      },
    ]);
    expect(typeof json.deliveries[0].milliseconds).toBe("number");
    const state = await (await control("state")).text();
    expect(state).not.toContain(token);
  });

  it("PUT /__sandbox/callbacks changes the settings at run time; false stops them; reset goes back", async () => {
    const other = await startReceiver("/other");
    try {
      const changed = await control("callbacks", {
        method: "PUT",
        body: JSON.stringify({
          url: other.url,
          beforeSendTimeout: "fail",
          commands: ["C2C.CallbackAfterMsgReadReceipt"],
        }),
      });
      expect(changed.status).toBe(200);
      expect((await changed.json()).settings).toMatchObject({
        url: other.url,
        signed: false,
        beforeSendTimeout: "fail",
      });
      await post(documentedUrl(sandbox));
      await sandbox.mock.callbackDelivery.settled();
      expect([receiver.received.length, other.received.length]).toEqual([0, 1]);
      expect(other.received[0]?.url.searchParams.has("Sign")).toBe(false);

      expect((await control("callbacks", { method: "PUT", body: "false" })).status).toBe(200);
      await post(documentedUrl(sandbox));
      await sandbox.mock.callbackDelivery.settled();
      expect(other.received).toHaveLength(1);

      await control("reset", { method: "POST", body: "{}" });
      expect((await (await control("callbacks")).json()).settings).toMatchObject({
        url: receiver.url,
        signed: true,
      });
    } finally {
      await other.close();
    }
  });

  it("PUT refuses a URL on another machine, and keeps the settings it had", async () => {
    for (const url of [
      "http://192.0.2.7/tim",
      "http://example.com/tim",
      "http://0.0.0.0:3000/",
      "http://localhost.example/",
    ]) {
      const response = await control("callbacks", { method: "PUT", body: JSON.stringify({ url }) });
      expect(response.status, url).toBe(400);
      expect((await response.json()).error).toMatch(/only to this machine .*--callback-allow-hosts/);
    }
    expect((await (await control("callbacks")).json()).settings.url).toBe(receiver.url);
  });

  it("PUT refuses a setting it does not know, a bad value, and a body that is not JSON, naming the field", async () => {
    const cases: Array<[string, RegExp]> = [
      [JSON.stringify({ url: receiver.url, deliver: "x" }), /"deliver" is not a callback setting/],
      [
        JSON.stringify({ url: receiver.url, beforeSendTimeout: "later" }),
        /beforeSendTimeout must be "deliver" or "fail"/,
      ],
      [JSON.stringify({ url: receiver.url, token: "with space" }), /token must be/],
      [JSON.stringify({ url: "not a url" }), /url must be an absolute http\(s\) URL/],
      [JSON.stringify([receiver.url]), /send \{"url"/],
      ["{", /not JSON/],
    ];
    for (const [body, message] of cases) {
      const response = await control("callbacks", { method: "PUT", body });
      expect(response.status, body).toBe(400);
      const { error } = await response.json();
      expect(error).toMatch(message);
      expect(error).not.toContain("with space");
    }
  });

  it("a receiver that redirects is not followed: the callback fails and goes nowhere else", async () => {
    const elsewhere = await startReceiver();
    try {
      receiver.answer = () => ({ status: 302, body: "", headers: { location: elsewhere.url } });
      await post(documentedUrl(sandbox));
      await sandbox.mock.callbackDelivery.settled();
      expect(elsewhere.received).toHaveLength(0);
      expect(sandbox.mock.callbacks()).toMatchObject([{ status: "failed", httpStatus: 302 }]);
    } finally {
      await elsewhere.close();
    }
  });

  it("keeps serving while a before-send callback waits for a receiver that never answers", async () => {
    receiver.answer = () => "never";
    const sending = post(sendmsgUrl(), message);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await control("health")).status).toBe(200);
    const { json } = await post(documentedUrl(sandbox));
    expect(json.ErrorCode).toBe(0);
    expect((await sending).json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
    expect(sandbox.mock.callbacks()[0]).toMatchObject({
      command: "C2C.CallbackBeforeSendMsg",
      status: "timeout",
    });
  });
});

describe("the callback routes' protections, as every control route's", () => {
  const attempt = { url: "http://127.0.0.1:9/elsewhere" };

  it("refuses a PUT from a page of another origin, and one that is not JSON, changing nothing", async () => {
    const foreign = await control("callbacks", {
      method: "PUT",
      headers: { origin: "https://evil.example" },
      body: JSON.stringify(attempt),
    });
    expect(foreign.status).toBe(403);
    const plain = await fetch(`${sandbox.url}/__sandbox/callbacks`, {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify(attempt),
    });
    expect(plain.status).toBe(415);
    expect(sandbox.mock.callbackDelivery.settings().url).toBe(receiver.url);
  });

  it("with a control token, answers GET and PUT only to requests carrying it", async () => {
    const controlToken = "a-control-token-of-the-test-0123";
    const guarded = await startSandbox({
      port: 0,
      log: false,
      controlToken,
      callbacks: { url: receiver.url, token },
    });
    try {
      const without = await fetch(`${guarded.url}/__sandbox/callbacks`);
      expect(without.status).toBe(401);
      const put = await fetch(`${guarded.url}/__sandbox/callbacks`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(attempt),
      });
      expect(put.status).toBe(401);
      expect(guarded.mock.callbackDelivery.settings().url).toBe(receiver.url);
      const withToken = await fetch(`${guarded.url}/__sandbox/callbacks`, {
        headers: { authorization: `Bearer ${controlToken}` },
      });
      expect(withToken.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe("where the sandbox may send callbacks", () => {
  it("refuses to start with a callback URL on another machine", async () => {
    await expect(
      startSandbox({ port: 0, log: false, callbacks: { url: "http://192.0.2.7/tim" } }),
    ).rejects.toThrow(/callbacks\.url: the sandbox sends callbacks only to this machine/);
  });

  it("starts with one whose host is listed in callbackAllowHosts", async () => {
    const listed = await startSandbox({
      port: 0,
      log: false,
      callbacks: { url: "http://backend.test:3000/tim" },
      callbackAllowHosts: ["Backend.test"],
    });
    try {
      expect(listed.mock.callbackDelivery.settings()).toMatchObject({
        enabled: true,
        url: "http://backend.test:3000/tim",
      });
      const response = await fetch(`${listed.url}/__sandbox/callbacks`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: "http://backend.test:3001/other" }),
      });
      expect(response.status).toBe(200);
    } finally {
      await listed.close();
    }
  });

  it("accepts a callback URL on [::1], localhost or 127.0.0.2: they are this machine", async () => {
    for (const url of ["http://[::1]:3000/", "http://localhost:3000/", "http://127.0.0.2:3000/"]) {
      const response = await control("callbacks", { method: "PUT", body: JSON.stringify({ url }) });
      expect(response.status, url).toBe(200);
    }
  });
});
