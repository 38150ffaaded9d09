import { createTimClient } from "@timkit/client";
import { devSecretKey, setupTimServer } from "@timkit/mocks/node";
import { HttpResponse, http } from "msw";
import { callbackFeed } from "../server/callback-feed";
import { consoleApp } from "../server/console-app";
import { signInThrottle } from "../server/sign-in-throttle";
import { hashStaffPassword, parseStaffPasswordHash } from "../server/staff-password";
import { staffSessions } from "../server/staff-sessions";
import { type ConsoleApi, consoleApi } from "../src/console-api";

export const staffPassword = "correct horse battery staple";
const staffPasswordHash = parseStaffPasswordHash(
  await hashStaffPassword(staffPassword, { N: 2 ** 14, r: 8, p: 1 }),
);

/**
 * The console server's API for the page's tests, through MSW: the real server app (sessions, checks,
 * routes) answers the page's requests, and behind it the real client talks to `@timkit/mocks`. The
 * browser's cookie jar is played by the handler, which keeps the session cookie as a browser would.
 */
export function consoleHarness() {
  const { server, mock } = setupTimServer();
  const feed = callbackFeed();
  const origin = new URL(document.baseURI).origin;
  // Time the sign-in throttle has been told passed, so a test need not wait out its back-off.
  let skipped = 0;
  const sessionSecret = "a-session-secret-of-at-least-32-characters";
  // The sessions made, so a test can end them on the server (happy-dom keeps the cookie, as a browser).
  const sessions = staffSessions();
  const created: string[] = [];
  const create = sessions.create.bind(sessions);
  sessions.create = () => {
    const session = create();
    created.push(session.id);
    return session;
  };
  const app = consoleApp({
    tim: createTimClient({
      sdkAppId: 88888888,
      identifier: "admin",
      secretKey: devSecretKey,
      retry: { baseDelayMs: 0 },
    }),
    info: { sdkAppId: 88888888, identifier: "admin", apiHost: "console.tim.qq.com" },
    staffPasswordHash,
    sessionSecret,
    sessions,
    // 20 s after a wrong password, so a slow machine never outwaits it by accident.
    throttle: signInThrottle({ baseDelayMs: 20_000, now: () => Date.now() + skipped }),
    feed,
    host: "127.0.0.1",
    allowedHosts: [],
    publicOrigin: origin,
    clientAddress: () => "page",
  });
  server.use(
    http.all(`${origin}/api/*`, async ({ request }) => {
      const headers = new Headers(request.headers);
      headers.set("origin", origin);
      const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
      if (body) headers.set("content-length", String(new TextEncoder().encode(body).length));
      const forwarded = new Request(request.url, {
        method: request.method,
        headers,
        body: body || undefined,
      });
      // happy-dom's Request drops a Cookie header, as a page's own fetch may not set one; happy-dom's
      // network layer added the page's cookie, and the server needs it.
      Object.defineProperty(forwarded, "headers", { value: headers });
      const response = await app.fetch(forwarded);
      return new HttpResponse(response.body, { status: response.status, headers: response.headers });
    }),
  );
  const api: ConsoleApi = {
    ...consoleApi(document.baseURI),
    // happy-dom has no EventSource: the feed is handed over directly (the stream is tested on the server).
    watchCallbacks(listener, onStatus) {
      const stop = feed.subscribe(listener);
      onStatus?.(true);
      return () => stop?.();
    },
  };
  return {
    server,
    mock,
    feed,
    api,
    /** Moves the sign-in throttle's clock on. */
    skip: (ms: number) => {
      skipped += ms;
    },
    /** Ends every session on the server, as a restart or expiry would. */
    endSessions: () => {
      for (const id of created.splice(0)) sessions.end(id);
    },
  };
}
