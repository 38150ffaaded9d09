import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { maxDiscardedBodyBytes } from "../src/body-limit.js";
import { landingPage } from "../src/landing-page.js";
import { bannerText } from "../src/sandbox-facts.js";
import { type Sandbox, startSandbox } from "../src/start-sandbox.js";
import { startReceiver } from "./callback-receiver.js";
import {
  documentedBody,
  documentedUrl,
  httpRequest,
  post,
  type RawAnswer,
  rawHttp,
  rawUpload,
} from "./sandbox-client.js";

const logLines: string[] = [];
let sandbox: Sandbox;
let port: number;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, log: (line) => logLines.push(line) });
  port = Number(new URL(sandbox.url).port);
});
afterEach(() => sandbox.mock.reset());
afterAll(() => sandbox.close());

async function stateOf(target: Sandbox, headers: Record<string, string> = {}) {
  return (await fetch(`${target.url}/__sandbox/state`, { headers })).json();
}

const json = { "content-type": "application/json" };
const errorOf = (answer: RawAnswer) => JSON.parse(answer.text).error as string;

// A receipt for a message the documented one is not, so that each request adds one.
const receiptBody = (msgKey: string) =>
  JSON.stringify({ ...documentedBody, C2CMsgInfo: [{ ...documentedBody.C2CMsgInfo[0], MsgKey: msgKey }] });

describe("where the sandbox listens", () => {
  it.each(["0.0.0.0", "::"])(
    "refuses to listen on %s, or any address but loopback, unless allowRemote says so",
    async (host) => {
      await expect(startSandbox({ host, port: 0, log: false })).rejects.toThrow(
        /is not a loopback address: other machines could reach the sandbox.*allowRemote \(--allow-remote\)/,
      );
    },
  );

  it("listens on loopback by name, and the banner names the address actually bound", async () => {
    const local = await startSandbox({ host: "localhost", port: 0, log: false });
    try {
      expect(local.facts.listening).toMatch(/^(127\.0\.0\.1|\[::1\]):\d+$/);
      expect(local.facts.remote).toBe(false);
      const banner = bannerText(local.facts, local.madeControlToken);
      expect(banner).toContain(`Listening    ${local.facts.listening} (loopback: this machine only)`);
      expect(banner).not.toContain("WARNING");
      expect(local.madeControlToken).toBeUndefined();
    } finally {
      await local.close();
    }
  });

  it("warns, when other machines can reach it, what they reach, and shows a token it made only in the banner", () => {
    const facts = {
      ...sandbox.facts,
      listening: "0.0.0.0:4010",
      remote: true,
      networkUrls: ["http://192.0.2.2:4010"],
      controlTokenRequired: true,
    };
    const made = "Zm9yLXRoZS1vcGVyYXRvcnMtZXllcy1vbmx5LTAxMjM0";
    const banner = bannerText(facts, made);
    expect(banner).toMatch(
      /^WARNING: listening on 0\.0\.0\.0:4010, so other machines can reach this sandbox/m,
    );
    expect(banner).toContain("anyone can make a valid UserSig from the well-known development key");
    expect(banner).toMatch(/GET \/__sandbox\/usersig\), only with the control token/);
    expect(banner).toContain("Listening    0.0.0.0:4010 (reachable from other machines: --allow-remote)");
    expect(banner).toContain("Network      http://192.0.2.2:4010");
    expect(banner).toContain(`Token        ${made}`);
    expect(landingPage(facts)).not.toContain(made);
    expect(bannerText(facts)).toContain("(the control token you gave: not shown)");
  });
});

describe("with a control token", () => {
  const token = "the-operators-control-token-0123456789";
  const lines: string[] = [];
  let guarded: Sandbox;
  beforeAll(async () => {
    guarded = await startSandbox({ port: 0, log: (line) => lines.push(line), controlToken: token });
  });
  afterAll(() => guarded.close());

  const routes = [
    { method: "GET", path: "/__sandbox/state", ok: 200 },
    { method: "GET", path: "/__sandbox/health", ok: 200 },
    { method: "GET", path: "/__sandbox/usersig?identifier=admin", ok: 200 },
    { method: "POST", path: "/__sandbox/faults", body: '{"code": 20004}', ok: 201 },
    { method: "POST", path: "/__sandbox/reset", ok: 200 },
    { method: "GET", path: "/__sandbox/limits", ok: 200 },
    { method: "PUT", path: "/__sandbox/limits", body: "false", ok: 200 },
  ];

  it("answers every /__sandbox/* route, /__sandbox/usersig included, only to requests carrying it", async () => {
    const wrong = `${token.slice(0, -1)}X`;
    for (const route of routes) {
      const url = `${guarded.url}${route.path}`;
      for (const authorization of [undefined, `Bearer ${wrong}`, `Basic ${token}`, token]) {
        const headers: Record<string, string> = { ...json, ...(authorization ? { authorization } : {}) };
        const refused = await httpRequest(url, { method: route.method, headers, body: route.body });
        expect(refused.status, `${route.path} with ${authorization}`).toBe(401);
        expect(refused.headers["www-authenticate"]).toMatch(/^Bearer /);
        expect(refused.text).not.toContain("userSig");
      }
      const headers = { ...json, authorization: `Bearer ${token}` };
      expect((await httpRequest(url, { method: route.method, headers, body: route.body })).status).toBe(
        route.ok,
      );
    }
    expect(guarded.mock.pendingFaults()).toEqual([]);
  });

  it("does not ask the API for it", async () => {
    expect((await post(documentedUrl(guarded))).json.ErrorCode).toBe(0);
  });

  it("never shows the token in log lines, answers, the banner or the landing page", async () => {
    await httpRequest(`${guarded.url}/__sandbox/state`, {
      headers: { authorization: "Bearer nope-nope-nope-nope" },
    });
    await httpRequest(`${guarded.url}/__sandbox/state`, { headers: { authorization: `Bearer ${token}` } });
    const page = await (await fetch(`${guarded.url}/`)).text();
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(2));
    for (const shown of [lines.join("\n"), page, bannerText(guarded.facts, guarded.madeControlToken)]) {
      expect(shown).not.toContain(token);
    }
    expect(guarded.madeControlToken).toBeUndefined();
  });

  it("refuses a weak token without repeating it", async () => {
    const started = startSandbox({ port: 0, log: false, controlToken: "hunter2" });
    await expect(started).rejects.toThrow(/controlToken must be 16 to 512 printable ASCII characters/);
    await expect(started).rejects.not.toThrow(/hunter2/);
  });
});

describe("callbacks set at run time on a sandbox that allows remote callers", () => {
  const token = "the-operators-control-token-0123456789";
  const authorized = { ...json, authorization: `Bearer ${token}` };
  const putCallbacks = (target: Sandbox, body: unknown) =>
    httpRequest(`${target.url}/__sandbox/callbacks`, {
      method: "PUT",
      headers: authorized,
      body: JSON.stringify(body),
    });

  it("refuses a URL on its own loopback, naming url, and sends nothing there", async () => {
    const receiver = await startReceiver();
    const lines: string[] = [];
    const remote = await startSandbox({
      port: 0,
      log: (line) => lines.push(line),
      allowRemote: true,
      controlToken: token,
    });
    try {
      const { port: receiverPort } = new URL(receiver.url);
      for (const url of [
        receiver.url,
        `http://localhost:${receiverPort}/tim`,
        `http://[::1]:${receiverPort}/tim`,
        `http://127.0.0.2:${receiverPort}/tim`,
      ]) {
        const refused = await putCallbacks(remote, { url });
        expect(refused.status, url).toBe(400);
        expect(errorOf(refused)).toMatch(
          /^url: this sandbox allows remote callers \(--allow-remote\), so a callback URL set at run time must name a host listed by --callback-allow-hosts/,
        );
      }
      expect((await stateOf(remote, { authorization: `Bearer ${token}` })).callbacks.enabled).toBe(false);
      expect((await post(documentedUrl(remote))).json.ErrorCode).toBe(0);
      expect(receiver.received).toEqual([]);
      expect(lines.join("\n")).not.toContain(token);
    } finally {
      await remote.close();
      await receiver.close();
    }
  });

  it("sends callbacks to a loopback host it was told to allow with --callback-allow-hosts", async () => {
    const receiver = await startReceiver();
    const remote = await startSandbox({
      port: 0,
      log: false,
      allowRemote: true,
      controlToken: token,
      callbackAllowHosts: ["127.0.0.1"],
    });
    try {
      expect((await putCallbacks(remote, { url: receiver.url })).status).toBe(200);
      expect((await post(documentedUrl(remote))).json.ErrorCode).toBe(0);
      await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThan(0));
    } finally {
      await remote.close();
      await receiver.close();
    }
  });

  it("still takes a loopback URL set at run time when only this machine can call it", async () => {
    const receiver = await startReceiver();
    try {
      const accepted = await httpRequest(`${sandbox.url}/__sandbox/callbacks`, {
        method: "PUT",
        headers: json,
        body: JSON.stringify({ url: receiver.url }),
      });
      expect(accepted.status).toBe(200);
    } finally {
      sandbox.mock.callbackDelivery.set(false);
      await receiver.close();
    }
  });
});

describe("pages of other origins", () => {
  const foreignOrigins = [
    "https://evil.example",
    "null",
    "http://localhost.evil.example:4010",
    "http://127.0.0.1.evil.example",
    "http://localhost:5173, https://evil.example",
  ];

  it.each(foreignOrigins)(
    "cannot change anything, whatever the content type: Origin %s is answered 403",
    async (origin) => {
      await post(documentedUrl(sandbox));
      const before = await stateOf(sandbox);
      const headers = { origin, "content-type": "text/plain" };
      const attempts = [
        { url: `${sandbox.url}/__sandbox/reset`, body: "" },
        { url: `${sandbox.url}/__sandbox/faults`, body: '{"code": 20004, "times": "Infinity"}' },
        { url: `${sandbox.url}/__sandbox/accounts`, body: '{"accounts": ["mallory"]}' },
        { url: documentedUrl(sandbox), body: receiptBody("1467329515_5675354_1708676999") },
      ];
      for (const { url, body } of attempts) {
        const answer = await httpRequest(url, { method: "POST", headers, body });
        expect(answer.status, url).toBe(403);
        expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
        expect(errorOf(answer)).toMatch(/requests from pages of other origins are refused/);
      }
      const usersig = await httpRequest(`${sandbox.url}/__sandbox/usersig`, { headers: { origin } });
      expect(usersig.status).toBe(403);
      expect(usersig.text).not.toContain("userSig");
      expect(await stateOf(sandbox)).toEqual(before);
    },
  );

  it("cannot change anything through a browser request marked cross-site that carries no Origin", async () => {
    const headers = { ...json, "sec-fetch-site": "cross-site" };
    const answer = await httpRequest(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers,
      body: '{"code": 20004}',
    });
    expect(answer.status).toBe(403);
    expect(sandbox.mock.pendingFaults()).toEqual([]);
    // A link followed from another site is a GET, which changes nothing: it still shows the state.
    expect((await httpRequest(`${sandbox.url}/__sandbox/state`, { headers })).status).toBe(200);
  });

  it.each([
    undefined,
    "own",
    "http://localhost:5173",
    "http://127.0.0.1:3000",
    "http://[::1]:8080",
    "https://localhost",
  ])(
    "leave curl, servers, the sandbox's own pages and this machine's pages on any port free (Origin %s)",
    async (given) => {
      const origin = given === "own" ? sandbox.url : given;
      const headers = { ...json, ...(origin ? { origin } : {}) };
      const answer = await httpRequest(`${sandbox.url}/__sandbox/faults`, {
        method: "POST",
        headers,
        body: '{"code": 20004}',
      });
      expect(answer.status).toBe(201);
      if (origin && given !== "own") expect(answer.headers["access-control-allow-origin"]).toBe(origin);
      const api = await httpRequest(documentedUrl(sandbox), {
        method: "POST",
        headers,
        body: receiptBody("1_1_1"),
      });
      expect(JSON.parse(api.text).ErrorCode).toBe(20004);
    },
  );

  it("include an allowed origin, which may call the sandbox and gets its preflights answered", async () => {
    const allowed = "http://192.0.2.7:5173";
    const other = await startSandbox({ port: 0, log: false, allowedOrigins: [allowed] });
    try {
      const preflight = await httpRequest(documentedUrl(other), {
        method: "OPTIONS",
        headers: { origin: allowed, "access-control-request-method": "POST" },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers["access-control-allow-origin"]).toBe(allowed);
      const answer = await httpRequest(documentedUrl(other), {
        method: "POST",
        headers: { origin: allowed, ...json },
        body: JSON.stringify(documentedBody),
      });
      expect(JSON.parse(answer.text).ErrorCode).toBe(0);
      expect(answer.headers["access-control-allow-origin"]).toBe(allowed);
    } finally {
      await other.close();
    }
    const refused = await httpRequest(documentedUrl(sandbox), {
      method: "OPTIONS",
      headers: { origin: allowed, "access-control-request-method": "POST" },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("the control routes", () => {
  it("accept only application/json bodies, refusing others before anything changes", async () => {
    await post(documentedUrl(sandbox));
    for (const contentType of [
      undefined,
      "text/plain",
      "application/x-www-form-urlencoded",
      "application/jsonp",
    ]) {
      const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
      const fault = await httpRequest(`${sandbox.url}/__sandbox/faults`, {
        method: "POST",
        headers,
        body: '{"code": 20004}',
      });
      expect(fault.status).toBe(415);
      expect(errorOf(fault)).toMatch(/application\/json/);
      expect((await httpRequest(`${sandbox.url}/__sandbox/reset`, { method: "POST", headers })).status).toBe(
        415,
      );
      const limits = await httpRequest(`${sandbox.url}/__sandbox/limits`, {
        method: "PUT",
        headers,
        body: "false",
      });
      expect(limits.status).toBe(415);
    }
    expect(sandbox.mock.pendingFaults()).toEqual([]);
    expect(sandbox.mock.store.receipts.list()).toHaveLength(1);
    expect(sandbox.mock.rateLimits.snapshot().enabled).toBe(true);
    const reset = await httpRequest(`${sandbox.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(reset.status).toBe(200);
    expect(sandbox.mock.store.receipts.list()).toHaveLength(0);
  });
});

describe("the Host header", () => {
  it.each([
    "evil.example:PORT",
    "evil.example",
    "localhost.evil.example:PORT",
    "127.0.0.1.evil.example",
    "0.0.0.0:PORT",
  ])("refuses Host %s, as a DNS-rebinding page sends it, with 421 before any route runs", async (given) => {
    const host = given.replace("PORT", String(port));
    const usersig = await httpRequest(`${sandbox.url}/__sandbox/usersig`, { headers: { host } });
    expect(usersig.status).toBe(421);
    expect(errorOf(usersig)).toMatch(/the Host header names no address of this sandbox/);
    expect(usersig.text).not.toContain("userSig");
    const api = await httpRequest(documentedUrl(sandbox), {
      method: "POST",
      headers: { host, ...json },
      body: JSON.stringify(documentedBody),
    });
    expect(api.status).toBe(421);
    expect(sandbox.mock.store.receipts.list()).toEqual([]);
  });

  it("refuses a request whose absolute-form target names another host, whatever the Host header says", async () => {
    const answer = await httpRequest(sandbox.url, {
      path: `http://evil.example:${port}/__sandbox/usersig`,
      headers: { host: `127.0.0.1:${port}` },
    });
    expect(answer.status).toBe(421);
  });

  it.each([
    "127.0.0.1:PORT",
    "localhost:PORT",
    "[::1]:PORT",
    "LocalHost.",
    "127.0.0.2:8080",
    "[0:0:0:0:0:0:0:1]",
  ])("answers to loopback names and addresses on any port (Host %s)", async (given) => {
    const host = given.replace("PORT", String(port));
    const answer = await httpRequest(`${sandbox.url}/__sandbox/usersig`, { headers: { host } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({
      identifier: "admin",
      userSig: expect.stringMatching(/^eAE/),
    });
  });

  it("answers to a host it was told to allow, whose pages then count as its own", async () => {
    const other = await startSandbox({ port: 0, log: false, allowedHosts: ["Sandbox.Test"] });
    try {
      const otherPort = new URL(other.url).port;
      const host = `sandbox.test:${otherPort}`;
      expect((await httpRequest(`${other.url}/__sandbox/state`, { headers: { host } })).status).toBe(200);
      const fault = await httpRequest(`${other.url}/__sandbox/faults`, {
        method: "POST",
        headers: { host, origin: `http://${host}`, ...json },
        body: '{"code": 20004}',
      });
      expect(fault.status).toBe(201);
      const elsewhere = { host: `other.test:${otherPort}` };
      expect((await httpRequest(`${other.url}/__sandbox/state`, { headers: elsewhere })).status).toBe(421);
    } finally {
      await other.close();
    }
  });
});

describe("large uploads", () => {
  const fiveMegabytes = 5 * 1024 * 1024;
  const envelopeOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));

  it("get their 93000 answer, ten times in a row, even by a client that reads only once its upload is out", async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const outcome = await rawUpload(documentedUrl(sandbox), fiveMegabytes, {
        chunked: attempt % 2 === 1,
        readAfterUpload: true,
      });
      expect(outcome.error, `upload ${attempt + 1}`).toBeUndefined();
      expect(outcome.sent).toBeGreaterThanOrEqual(fiveMegabytes);
      expect(outcome.answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(outcome.answer).toMatch(/\r\nconnection: close\r\n/i);
      expect(envelopeOf(outcome.answer).ErrorCode).toBe(93000);
    }
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
  });

  it("past the discard cap get their answer first, then the connection closes", async () => {
    const outcome = await rawUpload(documentedUrl(sandbox), Number.POSITIVE_INFINITY, { chunked: true });
    expect(envelopeOf(outcome.answer).ErrorCode).toBe(93000);
    // The sandbox read well past 5 MB before it gave up on the upload.
    expect(outcome.sent).toBeGreaterThan(maxDiscardedBodyBytes);
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
  });

  it("get their answer when refused before their body is read", async () => {
    const outcome = await rawUpload(documentedUrl(sandbox), fiveMegabytes, {
      readAfterUpload: true,
      headers: { Origin: "https://evil.example" },
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
    expect(sandbox.mock.store.receipts.list()).toEqual([]);
  });
});

describe("UserSigs", () => {
  const userSig = () => sandbox.facts.userSigShown;

  it("are redacted from the log under a percent-encoded name, which the query parser reads as usersig", async () => {
    logLines.length = 0;
    for (const name of ["%75sersig", "user%73ig"]) {
      const { json: answer } = await post(documentedUrl(sandbox).replace("usersig=", `${name}=`));
      // The mock reads the decoded name: this is the UserSig it checks, and accepts.
      expect(answer.ErrorCode).toBe(0);
    }
    await post(documentedUrl(sandbox).replace("usersig=", "%55%73%65%72%53%69%67="));
    const repeated = `${documentedUrl(sandbox)}&usersig=${userSig()}&USERSIG=${encodeURIComponent(userSig())}`;
    await post(repeated);
    await vi.waitFor(() => expect(logLines).toHaveLength(4));
    expect(logLines[0]).toContain("&%75sersig=REDACTED&");
    expect(logLines[1]).toContain("&user%73ig=REDACTED&");
    expect(logLines[2]).toContain("&%55%73%65%72%53%69%67=REDACTED&");
    expect(logLines[3]).toMatch(/&usersig=REDACTED&USERSIG=REDACTED \d{3} /);
    expect(logLines.join("\n")).not.toContain(userSig().slice(0, 40));
  });

  it("are redacted from the error text of an unexpected failure", async () => {
    const url = documentedUrl(sandbox).replace("usersig=", "%75sersig=");
    const written: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((text) => {
      written.push(String(text));
      return true;
    });
    vi.spyOn(sandbox.mock, "answer").mockRejectedValueOnce(
      new Error(`cannot answer ${url} (usersig ${decodeURIComponent(userSig())})`),
    );
    try {
      const { status, json: answer } = await post(url);
      expect(status).toBe(500);
      expect(answer.ErrorCode).toBe(70500);
    } finally {
      stderr.mockRestore();
      vi.restoreAllMocks();
    }
    const text = written.join("");
    expect(text).toContain("cannot answer");
    expect(text).toContain("%75sersig=REDACTED");
    expect(text).not.toContain(userSig().slice(0, 40));
  });
});

describe("status lines", () => {
  it("carry their standard reason phrases, for the answers the HTTP parser refuses too", async () => {
    const tooLarge = await rawHttp(
      port,
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"x".repeat(20_000)}\r\n\r\n`,
    );
    expect(tooLarge).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    const bad = await rawHttp(port, "POST /v4 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
    expect(bad).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    const refused = await rawHttp(port, `GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
    expect(refused).toMatch(/^HTTP\/1\.1 421 Misdirected Request\r\n/);
  });
});
