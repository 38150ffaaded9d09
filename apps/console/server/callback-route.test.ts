// @vitest-environment node
import { createTimClient } from "@timkit/client";
import { devSecretKey, setupTimServer } from "@timkit/mocks/node";
import { timCallbackSign } from "@timkit/webhooks";
import type { Hono } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallbackEvent, Conversation } from "../src/console-api-types.js";
import { callbackFeed } from "./callback-feed.js";
import { callbackRoute } from "./callback-route.js";
import { consoleApp } from "./console-app.js";
import { signInThrottle } from "./sign-in-throttle.js";
import { hashStaffPassword, parseStaffPasswordHash } from "./staff-password.js";
import { staffSessions } from "./staff-sessions.js";

const token = "a-callback-token";
const origin = "http://127.0.0.1:4020";
let app: Hono;
const logged: string[] = [];
const feed = callbackFeed();
// Tencent (the mock) sends its callbacks to the console's route, signed with the token.
const { server, mock } = setupTimServer({
  callbacks: { url: `${origin}/callbacks/tim`, token, deliver: async (request) => app.fetch(request) },
});

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  app = consoleApp({
    tim: createTimClient({ sdkAppId: 88888888, identifier: "admin", secretKey: devSecretKey }),
    info: { sdkAppId: 88888888, identifier: "admin", apiHost: "console.tim.qq.com" },
    staffPasswordHash: parseStaffPasswordHash(await hashStaffPassword("pw", { N: 2 ** 14, r: 8, p: 1 })),
    sessionSecret: "a-session-secret-of-at-least-32-characters",
    sessions: staffSessions(),
    throttle: signInThrottle(),
    feed,
    host: "127.0.0.1",
    allowedHosts: [],
    publicOrigin: origin,
    callbacks: callbackRoute({ sdkAppId: 88888888, token, feed, log: (line) => logged.push(line) }),
  });
});
afterEach(() => {
  mock.reset();
  logged.length = 0;
});
afterAll(() => server.close());

async function signIn(): Promise<string> {
  const response = await app.request(`${origin}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify({ password: "pw" }),
  });
  return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

const post = (cookie: string, path: string, json: unknown) =>
  app.request(`${origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, cookie },
    body: JSON.stringify(json),
  });

function nextEvent(match: (event: CallbackEvent) => boolean): Promise<CallbackEvent> {
  return new Promise((resolve) => {
    const stop = feed.subscribe((event) => {
      if (match(event)) {
        stop?.();
        resolve(event);
      }
    });
  });
}

describe("Tencent's callbacks", () => {
  it("a test message and its read receipt sent from the console come back as verified callbacks", async () => {
    const cookie = await signIn();
    const sent = nextEvent((event) => event.command === "C2C.CallbackAfterSendMsg");
    const answer = await post(cookie, "/api/test-messages", {
      sender: "user1",
      recipient: "user2",
      text: "hi",
    });
    const { msgKey } = (await answer.json()) as { msgKey: string };
    expect(await sent).toMatchObject({ from: "user1", to: "user2", msgKey });

    const read = nextEvent((event) => event.command === "C2C.CallbackAfterMsgReadReceipt");
    await post(cookie, "/api/read-receipts", { reader: "user2", sender: "user1", msgKeys: [msgKey] });
    expect(await read).toMatchObject({ reader: "user2", sender: "user1", msgKeys: [msgKey] });

    // What the page then reloads: IsPeerRead is 1 for that message.
    const conversation = (await (
      await app.request(`${origin}/api/conversation?user=user1&peer=user2`, { headers: { cookie } })
    ).json()) as Conversation;
    expect(conversation.messages[0]).toMatchObject({ msgKey, isPeerRead: 1 });
    expect(logged).toEqual([]);
  });

  it("refuses a callback with a wrong Sign, and nothing reaches the page", async () => {
    let published = 0;
    const stop = feed.subscribe(() => {
      published += 1;
    });
    const requestTime = Math.floor(Date.now() / 1000);
    const query = new URLSearchParams({
      SdkAppid: "88888888",
      CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
      contenttype: "json",
      ClientIP: "127.0.0.1",
      OptPlatform: "RESTAPI",
      RequestTime: String(requestTime),
      Sign: await timCallbackSign("not-the-token", requestTime),
    });
    const response = await app.request(`${origin}/callbacks/tim?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        CallbackCommand: "C2C.CallbackAfterMsgReadReceipt",
        Operator_Account: "user2",
        Peer_Account: "user1",
        C2CMsgInfo: [{ From_Account: "user1", To_Account: "user2", MsgKey: "1_1_1" }],
        EventTime: Date.now(),
      }),
    });
    stop?.();
    expect(response.status).toBe(401);
    expect(published).toBe(0);
    expect(logged).toEqual(["console: callback refused (verify): bad-signature"]);
    expect(logged.join("\n")).not.toContain(query.get("Sign"));
  });

  it("needs no session: Tencent has none, its signature is the check", async () => {
    const response = await app.request(`${origin}/callbacks/tim`, { method: "POST", body: "{}" });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ErrorCode: 1 });
  });
});
