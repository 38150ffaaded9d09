// @vitest-environment node
import { createTimClient } from "@timkit/client";
import { devSecretKey, setupTimServer } from "@timkit/mocks/node";
import type { Context } from "hono";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallbackEvent, Conversation, ReceiptOutcome } from "../src/console-api-types.js";
import { callbackFeed } from "./callback-feed.js";
import { type ConsoleTim, consoleApp } from "./console-app.js";
import { signInThrottle } from "./sign-in-throttle.js";
import { hashStaffPassword, parseStaffPasswordHash } from "./staff-password.js";
import { staffSessions } from "./staff-sessions.js";

const { server, mock } = setupTimServer();
const password = "correct horse battery staple";
let staffPasswordHash: ReturnType<typeof parseStaffPasswordHash>;
const sessionSecret = "a-session-secret-of-at-least-32-characters";
// Every admin UserSig the client made, read off its requests: none may reach an answer.
const userSigs = new Set<string>();
const answers: string[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  server.events.on("request:start", ({ request }) => {
    const userSig = new URL(request.url).searchParams.get("usersig");
    if (userSig) userSigs.add(userSig);
  });
  staffPasswordHash = parseStaffPasswordHash(await hashStaffPassword(password, { N: 2 ** 14, r: 8, p: 1 }));
});
afterEach(() => {
  server.resetHandlers();
  mock.reset();
});
afterAll(() => {
  server.close();
  // Every answer of every test, checked once at the end.
  expect(userSigs.size).toBeGreaterThan(0);
  for (const text of answers) {
    expect(text).not.toContain(devSecretKey);
    for (const userSig of userSigs) expect(text).not.toContain(userSig);
  }
});

interface Setup {
  now?: () => number;
  tim?: ConsoleTim;
  publicOrigin?: string;
  keepAliveMs?: number;
  secrets?: readonly string[];
  /** Who is asking; default one client, 192.0.2.1. */
  clientAddress?: (c: Context) => string;
}

function setup({
  now = Date.now,
  tim,
  publicOrigin,
  keepAliveMs,
  secrets = [],
  clientAddress = () => "192.0.2.1",
}: Setup = {}) {
  const feed = callbackFeed();
  const sessions = staffSessions({ ttlMs: 60_000, now });
  const logged: string[] = [];
  const app = consoleApp({
    tim:
      tim ??
      createTimClient({
        sdkAppId: 88888888,
        identifier: "admin",
        secretKey: devSecretKey,
        retry: { baseDelayMs: 0 },
      }),
    info: { sdkAppId: 88888888, identifier: "admin", apiHost: "console.tim.qq.com" },
    staffPasswordHash,
    sessionSecret,
    sessions,
    throttle: signInThrottle({ baseDelayMs: 1000, now }),
    feed,
    host: "127.0.0.1",
    allowedHosts: [],
    publicOrigin,
    clientAddress,
    secrets: () => [devSecretKey, ...userSigs, ...secrets],
    log: (line) => logged.push(line),
    ...(keepAliveMs ? { keepAliveMs } : {}),
  });
  const origin = publicOrigin ?? "http://127.0.0.1:4020";
  // `withoutOrigin` sends no Origin header at all (an empty one would be an Origin that mismatches).
  const call = async (
    path: string,
    {
      withoutOrigin,
      ...init
    }: RequestInit & { json?: unknown; cookie?: string; withoutOrigin?: boolean } = {},
  ) => {
    const headers = new Headers(init.headers);
    headers.set("host", new URL(origin).host);
    if (init.json !== undefined) headers.set("content-type", "application/json");
    if (init.cookie) headers.set("cookie", init.cookie);
    if (withoutOrigin) headers.delete("origin");
    else if (init.method && init.method !== "GET" && !headers.has("origin")) headers.set("origin", origin);
    const response = await app.request(`${origin}${path}`, {
      ...init,
      headers,
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
      answers.push(await response.clone().text(), JSON.stringify([...response.headers]));
    }
    return response;
  };
  const signIn = async () => {
    const response = await call("/api/session", { method: "POST", json: { password } });
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    return cookie.split(";")[0] as string;
  };
  return { app, call, signIn, feed, sessions, logged };
}

const routes = [
  ["GET", "/api/session"],
  ["DELETE", "/api/session"],
  ["GET", "/api/conversation?user=user1&peer=user2"],
  ["POST", "/api/read-receipts"],
  ["POST", "/api/test-messages"],
  ["GET", "/api/events"],
] as const;

describe("staff sign-in", () => {
  it("answers 401 on every API route without a session", async () => {
    const { call } = setup();
    for (const [method, path] of routes) {
      const response = await call(path, { method, ...(method === "POST" ? { json: {} } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(await response.json()).toEqual({
        error: { message: "Sign in first: no session, or it expired." },
      });
    }
  });

  it("gives an HttpOnly, SameSite=Strict session cookie that expires for the right password", async () => {
    const { call } = setup();
    const response = await call("/api/session", { method: "POST", json: { password } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sdkAppId: 88888888,
      identifier: "admin",
      apiHost: "console.tim.qq.com",
    });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^timkit_console=[^;]+; Max-Age=60; Path=\/; HttpOnly; SameSite=Strict$/);
    const session = await call("/api/session", { cookie: cookie.split(";")[0] });
    expect(session.status).toBe(200);
  });

  it("makes the cookie Secure and __Host- when the console's public origin is https", async () => {
    const { call } = setup({ publicOrigin: "https://support.example.com" });
    const response = await call("/api/session", { method: "POST", json: { password } });
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^__Host-timkit_console=[^;]+;.* Secure/);
    expect(response.headers.get("strict-transport-security")).toBe("max-age=15552000");
    expect((await call("/api/session", { cookie: cookie.split(";")[0] })).status).toBe(200);
  });

  it("refuses a wrong password with 401 naming the field, then slows the client down with 429", async () => {
    let time = 1_000_000;
    const { call } = setup({ now: () => time });
    const wrong = await call("/api/session", { method: "POST", json: { password: "guess" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: { message: "Wrong password.", field: "password" } });
    expect(wrong.headers.get("set-cookie")).toBeNull();

    // Even the right password is not checked while the client must wait.
    const early = await call("/api/session", { method: "POST", json: { password } });
    expect(early.status).toBe(429);
    expect(early.headers.get("retry-after")).toBe("1");
    time += 1000;
    expect((await call("/api/session", { method: "POST", json: { password: "guess 2" } })).status).toBe(401);
    time += 1000;
    const stillWaiting = await call("/api/session", { method: "POST", json: { password } });
    expect(stillWaiting.status).toBe(429);
    expect(stillWaiting.headers.get("retry-after")).toBe("1");
    time += 1000;
    expect((await call("/api/session", { method: "POST", json: { password } })).status).toBe(200);
  });

  it("checks one password at a time per client: of many parallel wrong sign-ins one is checked, the rest get 429", async () => {
    let time = 1_000_000;
    const { call } = setup({ now: () => time });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("/api/session", { method: "POST", json: { password: `guess ${i}` } }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([401, ...Array<number>(49).fill(429)]);
    for (const answer of answers.filter((each) => each.status === 429)) {
      expect(answer.headers.get("retry-after")).toBe("1");
    }
    time += 1000;
    expect((await call("/api/session", { method: "POST", json: { password } })).status).toBe(200);
  });

  it("checks at most two passwords at once whoever sends them, answering 503 with Retry-After beyond", async () => {
    const { call } = setup({ clientAddress: (c) => c.req.header("x-client") ?? "none" });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call("/api/session", {
          method: "POST",
          headers: { "x-client": `198.51.100.${i}` },
          json: { password: "guess" },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([401, 401, ...Array<number>(8).fill(503)]);
    const busy = answers.find((answer) => answer.status === 503);
    expect(busy?.headers.get("retry-after")).toBe("1");
    expect(await busy?.json()).toEqual({
      error: { message: "Too many sign-ins at once: try again in 1 s.", field: "password" },
    });
    const later = await call("/api/session", {
      method: "POST",
      headers: { "x-client": "198.51.100.99" },
      json: { password },
    });
    expect(later.status).toBe(200);
  });

  it("signs out: the cookie is cleared and the session no longer works", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const out = await call("/api/session", { method: "DELETE", cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^timkit_console=; Max-Age=0/);
    expect((await call("/api/session", { cookie })).status).toBe(401);
  });

  it("answers 401 once the session has expired", async () => {
    let time = 1_000_000;
    const { call, signIn } = setup({ now: () => time });
    const cookie = await signIn();
    time += 60_000;
    expect((await call("/api/session", { cookie })).status).toBe(401);
  });

  it("refuses a session id that was not signed with the session secret", async () => {
    const { call, sessions } = setup();
    const { id } = sessions.create();
    expect((await call("/api/session", { cookie: `timkit_console=${id}` })).status).toBe(401);
  });

  it("answers 400 naming the field for a missing password, and 415 for a body that is not JSON", async () => {
    const { call } = setup();
    const missing = await call("/api/session", { method: "POST", json: {} });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({
      error: { message: "Enter the staff password.", field: "password" },
    });
    const form = await call("/api/session", {
      method: "POST",
      body: "password=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(415);
    const broken = await call("/api/session", {
      method: "POST",
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: { message: "The body is not valid JSON." } });
  });
});

describe("what the server answers to anything", () => {
  it("answers 413 to a body over 64 KB and 404 as JSON to an unknown API route", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const big = await call("/api/read-receipts", {
      method: "POST",
      cookie,
      json: { reader: "user2", sender: "user1", msgKeys: ["k".repeat(70_000)] },
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ error: { message: "The body is over 64 KB." } });
    const unknown = await call("/api/nothing", { cookie });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { message: "No API route GET /api/nothing." } });
  });

  it("answers 500 as JSON, logging only the error's name, when something unexpected throws", async () => {
    const broken = {
      roamMessages: () => {
        throw new Error(`broken with ${devSecretKey}`);
      },
    } as unknown as ConsoleTim;
    const { call, signIn, logged } = setup({ tim: broken });
    const cookie = await signIn();
    const response = await call("/api/conversation?user=user1&peer=user2", { cookie });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { message: "The console server failed on this request." },
    });
    expect(logged).toEqual(["console: GET /api/conversation failed: Error"]);
  });
});

describe("requests from elsewhere", () => {
  it("refuses a state-changing request from a page of another origin with 403, and nothing is sent", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const response = await call("/api/read-receipts", {
      method: "POST",
      cookie,
      headers: { origin: "https://evil.example" },
      json: { reader: "user2", sender: "user1", msgKeys: ["1_1_1"] },
    });
    expect(response.status).toBe(403);
    expect(mock.store.snapshot().receipts).toEqual([]);
  });

  it("refuses a state-changing request marked Sec-Fetch-Site: cross-site that has no Origin header", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const crossSite = await call("/api/session", {
      method: "DELETE",
      cookie,
      withoutOrigin: true,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    // The same request without that header (curl) reaches the route, so the 403 above is that branch's.
    const plain = await call("/api/session", { method: "DELETE", cookie, withoutOrigin: true });
    expect(plain.status).toBe(204);
  });

  it("answers 421 to a Host that names no address of the console, as a DNS-rebinding page sends", async () => {
    const { app } = setup();
    const response = await app.request("http://evil.example/api/session", {
      headers: { host: "evil.example" },
    });
    expect(response.status).toBe(421);
  });
});

describe("the conversation", () => {
  it("lists the messages of two users newest first with each one's read state and both unread counts", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const first = await call("/api/test-messages", {
      method: "POST",
      cookie,
      json: { sender: "user1", recipient: "user2", text: "hello" },
    });
    expect(first.status).toBe(201);
    const { msgKey } = (await first.json()) as { msgKey: string };
    await call("/api/test-messages", {
      method: "POST",
      cookie,
      json: { sender: "user1", recipient: "user2", text: "again" },
    });

    const before = (await (
      await call("/api/conversation?user=user1&peer=user2", { cookie })
    ).json()) as Conversation;
    // Both were sent within a second, so Tencent orders them by their random MsgSeq.
    const rows = before.messages.map((message) => [
      message.text,
      message.from,
      message.to,
      message.isPeerRead,
    ]);
    expect(rows.sort()).toEqual([
      ["again", "user1", "user2", 0],
      ["hello", "user1", "user2", 0],
    ]);
    expect(before.unread).toEqual({ user1: 0, user2: 2 });
    // sendmsg asked for a receipt.
    expect(mock.store.snapshot().messages.every((message) => message.IsNeedReadReceipt === 1)).toBe(true);

    const receipt = await call("/api/read-receipts", {
      method: "POST",
      cookie,
      json: { reader: "user2", sender: "user1", msgKeys: [msgKey] },
    });
    expect(receipt.status).toBe(200);
    const after = (await (
      await call("/api/conversation?user=user1&peer=user2", { cookie })
    ).json()) as Conversation;
    expect(after.messages.find((message) => message.msgKey === msgKey)?.isPeerRead).toBe(1);
  });

  it("answers 400 naming the field for a missing, too long or repeated user", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const cases = [
      ["/api/conversation?peer=user2", "user", "User is missing: give a UserID."],
      // The spec's UserID limit, as the client checks it before sending.
      [
        `/api/conversation?user=user1&peer=${"x".repeat(33)}`,
        "peer",
        `Peer must be at most 32 characters long, got "${"x".repeat(33)}".`,
      ],
      ["/api/conversation?user=user1&peer=user1", "peer", "Peer must be another user than User."],
    ] as const;
    for (const [path, field, message] of cases) {
      const response = await call(path, { cookie });
      expect(response.status, path).toBe(400);
      expect(await response.json()).toEqual({ error: { field, message } });
    }
  });

  it("answers 502 with Tencent's code and its meaning when a user was never imported", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const response = await call("/api/conversation?user=user1&peer=ghost", { cookie });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { message: string; code: number } };
    expect(body.error.message).toMatch(/^Tencent answered \d+: /);
  });
});

describe("read receipts", () => {
  it("answers a row per MsgKey: acknowledged, refused by Tencent with its meaning, or not sent", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const tooLong = `1467329519_${"9".repeat(45)}`;
    const response = await call("/api/read-receipts", {
      method: "POST",
      cookie,
      json: {
        reader: "user2",
        sender: "user1",
        msgKeys: ["1467329515_5675354_1708676941", tooLong, "1467329515_5675354_1708676941"],
      },
    });
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as ReceiptOutcome;
    expect(outcome.requests).toBe(1);
    expect(outcome.rows).toEqual([
      { msgKey: "1467329515_5675354_1708676941", status: "acknowledged" },
      {
        msgKey: tooLong,
        status: "failed",
        failure: {
          code: "Not sent",
          meaning: expect.stringContaining("The MsgKey must be"),
          retryWorthwhile: false,
        },
      },
    ]);

    const unknown = await call("/api/read-receipts", {
      method: "POST",
      cookie,
      json: { reader: "user2", sender: "ghost", msgKeys: ["1467329515_5675354_1708676941"] },
    });
    const refused = (await unknown.json()) as ReceiptOutcome;
    expect(refused.rows[0]?.failure).toEqual({
      code: "20003",
      meaning: expect.any(String),
      retryWorthwhile: false,
    });
  });

  it("marks a receipt worth retrying when Tencent keeps answering 20004", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    mock.inject({ operation: "c2cMsgReadReceipt", code: 20004, times: 3 });
    const response = await call("/api/read-receipts", {
      method: "POST",
      cookie,
      json: { reader: "user2", sender: "user1", msgKeys: ["1467330001_4242424_1708680000"] },
    });
    const outcome = (await response.json()) as ReceiptOutcome;
    expect(outcome.rows[0]).toMatchObject({
      status: "failed",
      failure: { code: "20004", retryWorthwhile: true },
    });
  });

  it("answers 400 naming the field for bad input, and sends nothing", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const cases = [
      [{ sender: "user1", msgKeys: ["k"] }, "reader"],
      [{ reader: "user2", sender: 7, msgKeys: ["k"] }, "sender"],
      [{ reader: "user2", sender: "user1", msgKeys: "k" }, "msgKeys"],
      [{ reader: "user2", sender: "user1", msgKeys: [] }, "msgKeys"],
      [{ reader: "user1", sender: "user1", msgKeys: ["k"] }, "sender"],
      [{ reader: "", sender: "user1", msgKeys: ["k"] }, "reader"],
      [{ reader: "x".repeat(33), sender: "user1", msgKeys: ["k"] }, "reader"],
    ] as const;
    for (const [json, field] of cases) {
      const response = await call("/api/read-receipts", { method: "POST", cookie, json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      const body = (await response.json()) as { error: { field: string; message: string } };
      expect(body.error.field, JSON.stringify(json)).toBe(field);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
    expect(mock.store.snapshot().receipts).toEqual([]);
  });
});

describe("test messages", () => {
  it("answers 400 naming the field for a missing sender, the same recipient or empty text", async () => {
    const { call, signIn } = setup();
    const cookie = await signIn();
    const cases = [
      [{ recipient: "user2", text: "hi" }, "sender"],
      [{ sender: "user1", recipient: "user1", text: "hi" }, "recipient"],
      [{ sender: "user1", recipient: "user2", text: "  " }, "text"],
      [{ sender: "user1", recipient: "x".repeat(40), text: "hi" }, "recipient"],
    ] as const;
    for (const [json, field] of cases) {
      const response = await call("/api/test-messages", { method: "POST", cookie, json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field);
    }
    expect(mock.store.snapshot().messages).toEqual([]);
  });
});

describe("the event stream", () => {
  it("sends each callback received to the signed-in page as a server-sent event", async () => {
    const { call, signIn, feed } = setup();
    const cookie = await signIn();
    feed.publish({ command: "C2C.CallbackAfterSendMsg", from: "user1", to: "user2", msgKey: "1_1_1" });
    const response = await call("/api/events", { cookie });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = "";
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before ${pattern}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await until(/event: ready/);
    expect(text).toContain('"command":"C2C.CallbackAfterSendMsg"');
    feed.publish({
      command: "C2C.CallbackAfterMsgReadReceipt",
      reader: "user2",
      sender: "user1",
      msgKeys: ["1_1_1"],
    });
    await until(/CallbackAfterMsgReadReceipt/);
    const line = /event: callback\ndata: (.*)\nid: 2\n/.exec(text)?.[1] as string;
    expect(JSON.parse(line) as CallbackEvent).toMatchObject({ id: 2, reader: "user2", msgKeys: ["1_1_1"] });
    await reader.cancel();
  });

  it("ends the stream after sign-out", async () => {
    const { call, signIn, feed } = setup({ keepAliveMs: 20 });
    const cookie = await signIn();
    const response = await call("/api/events", { cookie });
    await call("/api/session", { method: "DELETE", cookie });
    const text = await response.text();
    expect(text).toContain("event: ready");
    expect(feed.subscribers).toBe(0);
  });
});

/** A client whose one conversation message has `text`, as if Tencent echoed something it should not. */
function leakyTim(text: string): ConsoleTim {
  return {
    sendmsg: () => Promise.reject(new Error("unused")),
    sendReadReceipts: () => Promise.reject(new Error("unused")),
    getC2cUnreadMsgNum: async () => ({
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      C2CUnreadMsgNumList: [],
    }),
    async *roamMessages() {
      yield {
        From_Account: "user1",
        To_Account: "user2",
        MsgSeq: 1,
        MsgRandom: 1,
        MsgTimeStamp: 1,
        MsgFlagBits: 0,
        IsPeerRead: 0,
        MsgKey: "1_1_1",
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: text } }],
      };
    },
  } as unknown as ConsoleTim;
}

describe("secrets", () => {
  it("withholds an answer holding a secret with a quote and a backslash, which JSON escapes", async () => {
    const token = 'cb-token"with\\quote';
    const { call, signIn, logged } = setup({ tim: leakyTim(`the token is ${token}`), secrets: [token] });
    const cookie = await signIn();
    const response = await call("/api/conversation?user=user1&peer=user2", { cookie });
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain(JSON.stringify(token).slice(1, -1));
    expect(logged).toEqual(["console: withheld an answer to GET /api/conversation that held a secret"]);
  });

  it("withholds an answer that would hold the secret key, and logs the route without the secret", async () => {
    const leaky = leakyTim(`the key is ${devSecretKey}`);
    const { call, signIn, logged } = setup({ tim: leaky });
    const cookie = await signIn();
    const response = await call("/api/conversation?user=user1&peer=user2", { cookie });
    expect(response.status).toBe(500);
    expect(logged).toEqual(["console: withheld an answer to GET /api/conversation that held a secret"]);
  });
});
