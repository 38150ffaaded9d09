import { TimApiError, type TimClient, TimRequestError, TimValidationError } from "@timkit/client";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { secureHeaders } from "hono/secure-headers";
import { streamSSE } from "hono/streaming";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type {
  ApiErrorBody,
  Conversation,
  ConversationMessage,
  ReceiptOutcome,
  SessionInfo,
  TestMessageResult,
} from "../src/console-api-types.js";
import type { CallbackFeed } from "./callback-feed.js";
import {
  conversationFields,
  type FieldNames,
  fieldErrorOf,
  receiptFields,
  testMessageFields,
} from "./field-errors.js";
import { receiptRows } from "./receipt-rows.js";
import { requestGuard } from "./request-guard.js";
import type { SignInThrottle } from "./sign-in-throttle.js";
import { type StaffPasswordHash, verifyStaffPassword } from "./staff-password.js";
import type { StaffSessions } from "./staff-sessions.js";

/** The commands of `@timkit/client` the console uses, and nothing else. */
export type ConsoleTim = Pick<
  TimClient,
  "roamMessages" | "sendReadReceipts" | "getC2cUnreadMsgNum" | "sendmsg"
>;

export interface ConsoleAppOptions {
  tim: ConsoleTim;
  info: SessionInfo;
  staffPasswordHash: StaffPasswordHash;
  sessionSecret: string;
  sessions: StaffSessions;
  throttle: SignInThrottle;
  feed: CallbackFeed;
  host: string;
  allowedHosts: readonly string[];
  publicOrigin: string | undefined;
  /** Tencent's callbacks, verified (`createTimWebhookHandler`); mounted at `POST /callbacks/tim`. */
  callbacks?: (request: Request) => Promise<Response>;
  /** The built page's files, served at `/` (the Node entry passes `serveStatic`). */
  staticFiles?: Hono;
  /** Who is asking, for slowing down wrong passwords: the peer address in Node, or the client a trusted proxy names. */
  clientAddress?: (c: Context) => string;
  /** Values that must never appear in an answer (the secret key, the UserSigs made, the callback token). */
  secrets?: () => Iterable<string>;
  /** A line per problem worth an operator's attention; never given a secret. */
  log?: (line: string) => void;
  /** How often the event stream sends a keep-alive and checks the session. Default 15 s. */
  keepAliveMs?: number;
}

/** The session cookie's name; prefixed `__Host-` when Secure, which also pins it to this host and path `/`. */
export const sessionCookie = "timkit_console";

/**
 * The console server as a Hono app on Web `Request`/`Response`: the staff page's JSON API and the route
 * Tencent's callbacks come to. Every `/api/*` route but sign-in answers 401 without a session; bad input
 * answers 400 naming the field; Tencent's failures answer 502 with the code and its meaning.
 *
 * @example
 * const app = consoleApp({ tim: createTimClient({ ... }), ... });
 * serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 4020 });
 */
export function consoleApp(options: ConsoleAppOptions): Hono {
  const secure = options.publicOrigin?.startsWith("https:") ?? false;
  const cookieName = sessionCookie;
  const log = options.log ?? (() => {});
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const app = new Hono();

  app.onError((error, c) => {
    // The name only: messages of unexpected errors are not vetted for secrets.
    log(`console: ${c.req.method} ${c.req.path} failed: ${error.name}`);
    return c.json<ApiErrorBody>({ error: { message: "The console server failed on this request." } }, 500);
  });

  if (options.secrets) app.use(withholdSecrets(options.secrets, log));
  app.use(requestGuard(options));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: secure ? "max-age=15552000" : false,
    }),
  );
  app.use(
    "/api/*",
    bodyLimit({ maxSize: 64 * 1024, onError: (c) => fail(c, 413, "The body is over 64 KB.") }),
  );
  app.use("/api/*", async (c, next) => {
    c.header("cache-control", "no-store");
    if (c.req.method === "POST" && !isJson(c.req.header("content-type"))) {
      return fail(c, 415, "Send the body as JSON (Content-Type: application/json).");
    }
    await next();
  });

  const sessionOf = async (c: Context) => {
    const id = await getSignedCookie(c, options.sessionSecret, cookieName, secure ? "host" : undefined);
    return typeof id === "string" && options.sessions.isValid(id) ? id : undefined;
  };

  app.post("/api/session", async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const password = body.value.password;
    if (typeof password !== "string" || password === "") {
      return fail(c, 400, "Enter the staff password.", "password");
    }
    if (password.length > 1024)
      return fail(c, 400, "The password is longer than 1024 characters.", "password");
    const client = options.clientAddress?.(c) ?? "unknown";
    const refusal = options.throttle.begin(client);
    if (refusal) {
      const seconds = Math.ceil(refusal.waitMs / 1000);
      c.header("retry-after", String(seconds));
      const [status, why] =
        refusal.reason === "wrong"
          ? ([429, `Too many wrong passwords: try again in ${seconds} s.`] as const)
          : refusal.reason === "pending"
            ? ([429, `Your previous sign-in is still being checked: try again in ${seconds} s.`] as const)
            : ([503, `Too many sign-ins at once: try again in ${seconds} s.`] as const);
      return fail(c, status, why, "password");
    }
    let right: boolean;
    try {
      right = await verifyStaffPassword(options.staffPasswordHash, password);
    } catch (error) {
      options.throttle.abandoned(client);
      throw error;
    }
    if (!right) {
      options.throttle.failed(client);
      return fail(c, 401, "Wrong password.", "password");
    }
    options.throttle.succeeded(client);
    const session = options.sessions.create();
    await setSignedCookie(c, cookieName, session.id, options.sessionSecret, {
      httpOnly: true,
      sameSite: "Strict",
      secure,
      path: "/",
      maxAge: Math.floor(options.sessions.ttlMs / 1000),
      ...(secure ? { prefix: "host" as const } : {}),
    });
    return c.json(options.info);
  });

  // Everything else under /api needs a session.
  app.use("/api/*", async (c, next) => {
    if (!(await sessionOf(c))) return fail(c, 401, "Sign in first: no session, or it expired.");
    await next();
  });

  app.get("/api/session", (c) => c.json(options.info));

  app.delete("/api/session", async (c) => {
    options.sessions.end(await sessionOf(c));
    deleteCookie(c, cookieName, { path: "/", secure, ...(secure ? { prefix: "host" as const } : {}) });
    return c.body(null, 204);
  });

  app.get("/api/conversation", async (c) => {
    const user = userIdParam(c.req.query("user"));
    const peer = userIdParam(c.req.query("peer"));
    if (typeof user !== "string") return fail(c, 400, `User ${user.why}.`, "user");
    if (typeof peer !== "string") return fail(c, 400, `Peer ${peer.why}.`, "peer");
    if (user === peer) return fail(c, 400, "Peer must be another user than User.", "peer");
    try {
      const messages: ConversationMessage[] = [];
      for await (const message of options.tim.roamMessages({ operator: user, peer, maxPages: 5 })) {
        messages.push({
          msgKey: message.MsgKey,
          from: message.From_Account,
          to: message.To_Account,
          time: message.MsgTimeStamp,
          text: textOf(message.MsgBody),
          isPeerRead: message.IsPeerRead,
        });
        if (messages.length >= 100) break;
      }
      const unreadOf = async (reader: string, other: string) => {
        const answer = await options.tim.getC2cUnreadMsgNum({ To_Account: reader, Peer_Account: [other] });
        return (
          answer.C2CUnreadMsgNumList?.find((entry) => entry.Peer_Account === other)?.C2CUnreadMsgNum ?? 0
        );
      };
      const [userUnread, peerUnread] = await Promise.all([unreadOf(user, peer), unreadOf(peer, user)]);
      return c.json<Conversation>({
        user,
        peer,
        messages,
        unread: { [user]: userUnread, [peer]: peerUnread },
      });
    } catch (error) {
      return timFailure(c, error, conversationFields);
    }
  });

  app.post("/api/read-receipts", async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const { reader, sender, msgKeys } = body.value;
    if (typeof reader !== "string")
      return fail(c, 400, "Reader (Operator_Account) must be a UserID string.", "reader");
    if (typeof sender !== "string")
      return fail(c, 400, "Sender (Peer_Account) must be a UserID string.", "sender");
    if (!Array.isArray(msgKeys) || !msgKeys.every((key) => typeof key === "string")) {
      return fail(c, 400, "MsgKeys must be an array of strings.", "msgKeys");
    }
    if (msgKeys.length === 0) return fail(c, 400, "Enter at least one MsgKey.", "msgKeys");
    if (msgKeys.length > 1000) return fail(c, 400, "At most 1000 MsgKeys at a time.", "msgKeys");
    if (reader !== "" && reader === sender) {
      return fail(c, 400, "Sender (Peer_Account) must be another user than the reader.", "sender");
    }
    try {
      const result = await options.tim.sendReadReceipts({ reader, sender, msgKeys });
      return c.json<ReceiptOutcome>({
        reader,
        sender,
        rows: receiptRows([...new Set(msgKeys)], result),
        requests: result.requests,
      });
    } catch (error) {
      return timFailure(c, error, receiptFields);
    }
  });

  app.post("/api/test-messages", async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const { sender, recipient, text } = body.value;
    if (typeof sender !== "string" || sender === "")
      return fail(c, 400, "Sender must be a UserID.", "sender");
    if (typeof recipient !== "string" || recipient === "") {
      return fail(c, 400, "Recipient must be a UserID.", "recipient");
    }
    if (sender === recipient) return fail(c, 400, "Recipient must be another user than Sender.", "recipient");
    if (typeof text !== "string" || text.trim() === "")
      return fail(c, 400, "Enter the message's text.", "text");
    try {
      const answer = await options.tim.sendmsg({
        From_Account: sender,
        To_Account: recipient,
        MsgRandom: Math.floor(Math.random() * 2 ** 32),
        IsNeedReadReceipt: 1,
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: text } }],
      });
      return c.json<TestMessageResult>({ msgKey: answer.MsgKey, time: answer.MsgTime }, 201);
    } catch (error) {
      return timFailure(c, error, testMessageFields);
    }
  });

  app.get("/api/events", (c) => {
    let unsubscribe: (() => void) | undefined;
    return streamSSE(c, async (stream) => {
      const write = (event: import("../src/console-api-types.js").CallbackEvent) =>
        void stream.writeSSE({ event: "callback", id: String(event.id), data: JSON.stringify(event) });
      unsubscribe = options.feed.subscribe(write);
      if (!unsubscribe) {
        await stream.writeSSE({ event: "busy", data: "Too many open event streams; reload later." });
        return;
      }
      stream.onAbort(() => unsubscribe?.());
      const lastSeen = Number(c.req.header("last-event-id") ?? 0);
      for (const event of options.feed.recent()) if (event.id > lastSeen) write(event);
      await stream.writeSSE({ event: "ready", data: "" });
      // Ends with the session: signing out or expiry closes the stream at the next keep-alive.
      while (!stream.aborted && (await sessionOf(c))) {
        await stream.sleep(keepAliveMs);
        if (!stream.aborted) await stream.write(": keep-alive\n\n");
      }
      unsubscribe();
    });
  });

  app.all("/api/*", (c) => fail(c, 404, `No API route ${c.req.method} ${c.req.path}.`));

  if (options.callbacks) {
    const callbacks = options.callbacks;
    app.post("/callbacks/tim", (c) => callbacks(c.req.raw));
  }
  if (options.staticFiles) app.route("/", options.staticFiles);
  return app;
}

function fail(c: Context, status: ContentfulStatusCode, message: string, field?: string) {
  return c.json<ApiErrorBody>({ error: field ? { message, field } : { message } }, status);
}

async function jsonBody(
  c: Context,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    return { ok: false, response: fail(c, 400, "The body is not valid JSON.") };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, response: fail(c, 400, "The body must be a JSON object.") };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

// Only presence is checked here: what a UserID may be is the spec's, and the client refuses the rest.
function userIdParam(value: string | undefined): string | { why: string } {
  if (value === undefined || value.trim() === "") return { why: "is missing: give a UserID" };
  return value.trim();
}

/** Tencent's refusal as the API answers it: 400 for what the client refused before sending, else 502. */
function timFailure(c: Context, error: unknown, fields: FieldNames) {
  if (error instanceof TimValidationError) {
    const known = fieldErrorOf(error, fields);
    return fail(
      c,
      400,
      known?.message ?? `Nothing was sent: ${error.field} must be ${error.expected}.`,
      known?.field,
    );
  }
  if (error instanceof TimApiError) {
    const meaning = error.description ?? error.info;
    return c.json(
      { error: { message: `Tencent answered ${error.code}: ${meaning}`, code: error.code } },
      502,
    );
  }
  if (error instanceof TimRequestError) {
    return fail(c, error.reason === "timeout" ? 504 : 502, `No answer from Tencent's API (${error.reason}).`);
  }
  throw error;
}

function textOf(body: readonly { MsgType: string; MsgContent?: unknown }[]): string {
  return body
    .map((element) => {
      const content = element.MsgContent as { Text?: unknown } | undefined;
      return element.MsgType === "TIMTextElem" && typeof content?.Text === "string"
        ? content.Text
        : `[${element.MsgType}]`;
    })
    .join(" ");
}

const isJson = (contentType: string | undefined) =>
  contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";

/**
 * The last line of defence: an answer holding a secret is replaced by a 500 (and a log line naming the
 * route, not the secret). Event streams are built only from callback fields and are not buffered.
 */
function withholdSecrets(secrets: () => Iterable<string>, log: (line: string) => void) {
  return async (c: Context, next: () => Promise<void>) => {
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (type.startsWith("text/event-stream") || !c.res.body) return;
    const text = await c.res.clone().text();
    for (const secret of secrets()) {
      // In JSON a `"` or `\` of the secret is escaped, so its escaped form is looked for too.
      if (
        secret.length >= 8 &&
        (text.includes(secret) || text.includes(JSON.stringify(secret).slice(1, -1)))
      ) {
        log(`console: withheld an answer to ${c.req.method} ${c.req.path} that held a secret`);
        c.res = c.json<ApiErrorBody>({ error: { message: "The console server withheld an answer." } }, 500);
        return;
      }
    }
  };
}
