import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { commonErrors, errorCatalog, operationTable } from "@timkit/spec";
import { genUserSig } from "@timkit/usersig";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { exampleUrl } from "../src/documented-example.js";
import { bannerText } from "../src/sandbox-facts.js";
import { type Sandbox, startSandbox } from "../src/start-sandbox.js";
import { documentedBody, documentedUrl, post, rawHttp, streamLargeBody } from "./sandbox-client.js";

const run = promisify(execFile);
const logLines: string[] = [];
let sandbox: Sandbox;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "timkit-sandbox-"));
  await writeFile(join(directory, "docs.html"), "<!doctype html><title>Redoc</title><redoc></redoc>");
  sandbox = await startSandbox({
    port: 0,
    log: (line) => logLines.push(line),
    docsPath: join(directory, "docs.html"),
  });
});
afterEach(() => sandbox.mock.reset());
afterAll(async () => {
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
});

describe("the API", () => {
  it("answers the printed curl of the documented example with success", async () => {
    const { stdout } = await run("sh", ["-c", sandbox.facts.curl]);
    expect(JSON.parse(stdout)).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(sandbox.mock.store.receipts.list()).toEqual([
      expect.objectContaining({ reader: "user1", sender: "user2", msgKey: "1467329515_5675354_1708676941" }),
    ]);
  });

  it("runs the printed read-receipt flow in one shell: the receipt's message shows IsPeerRead 1", async () => {
    const { stdout } = await run("bash", ["-c", sandbox.facts.flow.map((step) => step.command).join("\n")]);
    const [msgKey, receipt, history] = stdout.trim().split("\n");
    expect(msgKey).toMatch(/^\d+_2837546_\d+$/);
    expect(JSON.parse(receipt ?? "")).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(JSON.parse(history ?? "").MsgList).toEqual([
      expect.objectContaining({ MsgKey: msgKey, From_Account: "user2", To_Account: "user1", IsPeerRead: 1 }),
    ]);
    expect(sandbox.facts.flow.map((step) => step.title)).toEqual([
      expect.stringContaining("asks for a read receipt"),
      expect.stringContaining("sends the read receipt"),
      expect.stringContaining("IsPeerRead 1"),
    ]);
    for (const step of sandbox.facts.flow) expect(bannerText(sandbox.facts)).toContain(step.command);
  });

  it("goes through the same handlers as @timkit/mocks, validation included", async () => {
    const url = new URL(documentedUrl(sandbox));
    url.searchParams.set("identifier", "user1");
    const { status, json } = await post(url.toString());
    expect(status).toBe(200);
    expect(json).toEqual({
      ActionStatus: "FAIL",
      ErrorInfo: errorCatalog.c2cMsgReadReceipt[90009].description,
      ErrorCode: 90009,
    });
  });

  it("answers bad input with the envelope", async () => {
    expect((await post(documentedUrl(sandbox), "{oops")).json.ErrorCode).toBe(90001);
    expect(
      (await post(documentedUrl(sandbox), { ...documentedBody, Peer_Account: "nobody" })).json.ErrorCode,
    ).toBe(20001);
    expect((await post(`${sandbox.url}/v4/openim/no_such_command`, "{}")).json.ErrorCode).toBe(60009);
    const elsewhere = await post(`${sandbox.url}/no/such/path`, "{}");
    expect(elsewhere).toEqual({
      status: 404,
      json: expect.objectContaining({ ActionStatus: "FAIL", ErrorCode: 60009 }),
    });
  });

  it("answers a request the HTTP parser refuses with the envelope too", async () => {
    const answer = await rawHttp(
      Number(new URL(sandbox.url).port),
      "POST /v4 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).ErrorCode).toBe(60002);
  });

  it("refuses a 5 MB body with 93000 before the upload ends, and stays up", async () => {
    const fiveMegabytes = 5 * 1024 * 1024;
    const result = await streamLargeBody(documentedUrl(sandbox), fiveMegabytes);
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).ErrorCode).toBe(93000);
    expect(result.sentWhenAnswered).toBeGreaterThan(0);
    expect(result.sentWhenAnswered).toBeLessThan(fiveMegabytes);
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
  });

  it("stays up when a client hangs up in the middle of its upload", async () => {
    const target = new URL(documentedUrl(sandbox));
    await new Promise<void>((resolve) => {
      const socket = connect(Number(target.port), "127.0.0.1", () => {
        socket.write(
          `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Length: 100000\r\n\r\n${"x".repeat(1000)}`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
  });

  it("never crashes on random requests, and always answers the API's paths with the envelope", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          path: fc.constantFrom("/v4/openim/c2c_msg_read_receipt", "/v4/openim/x", "/v4/"),
          query: fc.string(),
          body: fc.oneof(
            fc.string(),
            fc.jsonValue().map((value) => JSON.stringify(value)),
          ),
        }),
        async ({ path, query, body }) => {
          const response = await fetch(`${sandbox.url}${path}?${encodeURIComponent(query)}`, {
            method: "POST",
            body,
          });
          const json = await response.json();
          expect(json.ActionStatus).toBe("FAIL");
          expect(
            Object.hasOwn(commonErrors, json.ErrorCode) ||
              Object.values(errorCatalog).some((catalog) => Object.hasOwn(catalog, json.ErrorCode)),
          ).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
  });
});

describe("the control endpoints", () => {
  it("show the state, and reset it", async () => {
    await post(documentedUrl(sandbox));
    const state = await (await fetch(`${sandbox.url}/__sandbox/state`)).json();
    expect(state).toMatchObject({
      sdkAppId: 88888888,
      accounts: ["admin", "user1", "user2"].map((UserID) => expect.objectContaining({ UserID })),
      pendingFaults: [],
    });
    expect(state.receipts).toHaveLength(1);
    const reset = await (
      await fetch(`${sandbox.url}/__sandbox/reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      })
    ).json();
    expect(reset.receipts).toEqual([]);
  });

  it("import accounts that the API then accepts", async () => {
    const body = {
      ...documentedBody,
      Peer_Account: "user3",
      C2CMsgInfo: [{ ...documentedBody.C2CMsgInfo[0], From_Account: "user3" }],
    };
    expect((await post(documentedUrl(sandbox), body)).json.ErrorCode).toBe(20003);
    const imported = await post(`${sandbox.url}/__sandbox/accounts`, { accounts: ["user3"] });
    expect(imported).toEqual({
      status: 200,
      json: { imported: 1, accounts: ["admin", "user1", "user2", "user3"] },
    });
    expect((await post(documentedUrl(sandbox), body)).json.ErrorCode).toBe(0);
    expect((await post(`${sandbox.url}/__sandbox/accounts`, { accounts: [""] })).status).toBe(400);
  });

  it("inject faults: a code, an HTTP status, a dropped connection", async () => {
    expect((await post(`${sandbox.url}/__sandbox/faults`, { code: 20004, times: 2 })).status).toBe(201);
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(20004);
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(20004);
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);

    await post(`${sandbox.url}/__sandbox/faults`, { status: 503 });
    const unavailable = await fetch(documentedUrl(sandbox), { method: "POST", body: "{}" });
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await unavailable.text()).toMatch(/^HTTP 503/);

    await post(`${sandbox.url}/__sandbox/faults`, { networkError: true });
    await expect(fetch(documentedUrl(sandbox), { method: "POST", body: "{}" })).rejects.toThrow();
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);

    await post(`${sandbox.url}/__sandbox/faults`, { code: 20005, times: "Infinity" });
    const state = await (await fetch(`${sandbox.url}/__sandbox/state`)).json();
    expect(state.pendingFaults).toEqual([{ code: 20005, times: "Infinity", remaining: "Infinity" }]);

    const refused = await post(`${sandbox.url}/__sandbox/faults`, { code: 1 });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/is not documented for any operation/);
  });

  it("answer a refused request with one JSON content type and the header saying what was wrong", async () => {
    const refused = await fetch(documentedUrl(sandbox), { method: "POST", body: "{not json" });
    expect(refused.headers.get("content-type")).toBe("application/json");
    expect(refused.headers.get("x-timkit-mock-detail")).toBe("the body is not UTF-8 JSON");
    expect((await refused.json()).ErrorCode).toBe(90001);
  });

  it("mint an administrator UserSig that the API accepts", async () => {
    const minted = await (
      await fetch(`${sandbox.url}/__sandbox/usersig?identifier=admin&expireSeconds=60`)
    ).json();
    expect(minted).toMatchObject({
      sdkAppId: 88888888,
      identifier: "admin",
      warning: expect.stringMatching(/local development/),
    });
    const url = new URL(documentedUrl(sandbox));
    url.searchParams.set("usersig", minted.userSig);
    expect((await post(url.toString())).json.ErrorCode).toBe(0);
    expect((await fetch(`${sandbox.url}/__sandbox/usersig?identifier=user1`)).status).toBe(400);
  });

  it("limit each command to the spec's calls per second by default, show the counts and take new limits", async () => {
    const limits = await (await fetch(`${sandbox.url}/__sandbox/limits`)).json();
    expect(limits).toMatchObject({
      enabled: true,
      perSecond: { c2cMsgReadReceipt: operationTable.c2cMsgReadReceipt.rateLimitPerSecond },
    });

    const put = (body: unknown) =>
      fetch(`${sandbox.url}/__sandbox/limits`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await put({ c2cMsgReadReceipt: 1 })).status).toBe(200);
    // Three calls span at most two seconds, each of which serves one.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push((await post(documentedUrl(sandbox))).json);
    const refused = answers.filter((answer) => answer.ErrorCode === 60007);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]?.ErrorInfo).toBe(errorCatalog.c2cMsgReadReceipt[60007].description);
    const { windows } = await (await fetch(`${sandbox.url}/__sandbox/limits`)).json();
    expect(windows.every((window: { served: number }) => window.served === 1)).toBe(true);
    expect(windows.reduce((sum: number, window: { rejected: number }) => sum + window.rejected, 0)).toBe(
      refused.length,
    );

    expect((await put(false)).status).toBe(200);
    expect((await post(documentedUrl(sandbox))).json.ErrorCode).toBe(0);
    const wrong = await put({ c2cMsgReadReceipt: 0 });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toMatch(/c2cMsgReadReceipt must be a positive integer/);

    await fetch(`${sandbox.url}/__sandbox/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    const state = await (await fetch(`${sandbox.url}/__sandbox/state`)).json();
    expect(state.rateLimits).toMatchObject({ enabled: true, perSecond: limits.perSecond });
  });

  it("answer unknown control routes with the list of routes", async () => {
    const answer = await fetch(`${sandbox.url}/__sandbox/nothing`);
    expect(answer.status).toBe(404);
    expect((await answer.json()).routes).toHaveProperty(["GET /__sandbox/state"]);
    expect((await fetch(`${sandbox.url}/__sandbox/reset`)).status).toBe(405);
  });
});

describe("pages", () => {
  it("serves a landing page with the base URL, the credentials and the curl", async () => {
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain(sandbox.url);
    expect(html).toContain("88888888");
    expect(html).toContain("well-known development key");
    expect(html).toContain("curl -sS -X POST");
  });

  it("serves the Redoc page at /docs, and a 503 saying how to build it when it is missing", async () => {
    const docs = await fetch(`${sandbox.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain("<redoc>");
    const unbuilt = await startSandbox({ port: 0, log: false, docsPath: join(directory, "missing.html") });
    try {
      const missing = await fetch(`${unbuilt.url}/docs`);
      expect(missing.status).toBe(503);
      expect(await missing.text()).toContain("corepack pnpm --filter @timkit/docs build");
    } finally {
      await unbuilt.close();
    }
  });

  it("serves the bundled OpenAPI document", async () => {
    const document = await (await fetch(`${sandbox.url}/openapi.json`)).json();
    expect(document.paths).toHaveProperty(["/v4/openim/c2c_msg_read_receipt"]);
  });
});

describe("for local web apps and operators", () => {
  it("answers CORS preflights from local origins only", async () => {
    const preflight = (origin: string) =>
      fetch(documentedUrl(sandbox), {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
    const local = await preflight("http://localhost:5173");
    expect(local.status).toBe(204);
    expect(local.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(local.headers.get("access-control-allow-methods")).toContain("POST");
    expect(local.headers.get("access-control-allow-headers")).toBe("content-type");
    const remote = await preflight("https://example.com");
    expect(remote.headers.get("access-control-allow-origin")).toBeNull();

    const answer = await fetch(documentedUrl(sandbox), {
      method: "POST",
      headers: { origin: "http://127.0.0.1:3000" },
      body: JSON.stringify(documentedBody),
    });
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3000");
  });

  it("logs one line per request with the UserSig redacted", async () => {
    logLines.length = 0;
    await post(documentedUrl(sandbox));
    await fetch(`${sandbox.url}/__sandbox/state`);
    // The line is written when the response finishes, which may be just after the client has read it.
    await vi.waitFor(() => expect(logLines).toHaveLength(2));
    expect(logLines[0]).toMatch(
      /^\S+Z POST \/v4\/openim\/c2c_msg_read_receipt\?sdkappid=88888888&identifier=admin&usersig=REDACTED&random=\d+&contenttype=json 200 ErrorCode=0 [\d.]+ms$/,
    );
    expect(logLines.join("\n")).not.toContain(sandbox.facts.userSigShown);
    expect(logLines[1]).toMatch(/ GET \/__sandbox\/state 200 - /);
  });
});

describe("with a secret key of the caller's own", () => {
  const ownKey = "an-own-secret-key-0123456789abcdef";
  let own: Sandbox;

  beforeAll(async () => {
    own = await startSandbox({ port: 0, log: false, secretKey: ownKey });
  });
  afterAll(() => own.close());

  it("never prints the key or a UserSig signed with it, and the curl reads the UserSig from a variable", async () => {
    const banner = bannerText(own.facts);
    const page = await (await fetch(`${own.url}/`)).text();
    for (const shown of [banner, page]) {
      expect(shown).not.toContain(ownKey);
      expect(shown).not.toMatch(/usersig=eAE/);
    }
    expect(own.facts.curl).toContain(`usersig='"$TIMKIT_USERSIG"'&random=`);
  });

  it("refuses to hand out UserSigs at /__sandbox/usersig", async () => {
    const answer = await fetch(`${own.url}/__sandbox/usersig`);
    expect(answer.status).toBe(403);
    expect(await answer.text()).not.toContain(ownKey);
  });

  it("still accepts a UserSig made from that key", async () => {
    const userSig = await genUserSig({ sdkAppId: 88888888, identifier: "admin", secretKey: ownKey });
    const { baseUrl, sdkAppId } = own.facts;
    const answer = await post(exampleUrl({ baseUrl, sdkAppId, identifier: "admin", userSig }));
    expect(answer.json).toMatchObject({ ActionStatus: "OK", ErrorCode: 0 });
  });
});

describe("fixture messages", () => {
  it("are in the store at start and again after a reset, and the printed flow works with the fixture's accounts", async () => {
    const fixtureDirectory = await mkdtemp(join(tmpdir(), "timkit-sandbox-fixture-"));
    const fixture = join(fixtureDirectory, "fixture.json");
    await writeFile(
      fixture,
      JSON.stringify({
        accounts: ["alice", "bob"],
        messages: [
          {
            From_Account: "alice",
            To_Account: "bob",
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }],
          },
        ],
      }),
    );
    const { readCommandLine } = await import("../src/cli-options.js");
    const commandLine = readCommandLine(["--fixture", fixture, "--port", "0", "--quiet"], {});
    if (commandLine.help) throw new Error("unexpected --help");
    const seeded = await startSandbox({ ...commandLine.options, docsPath: join(directory, "docs.html") });
    try {
      const messages = () => seeded.mock.store.messages.history("bob", "alice");
      expect(messages()).toEqual([
        expect.objectContaining({
          From_Account: "alice",
          MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }],
        }),
      ]);
      seeded.mock.store.messages.clear();
      await fetch(`${seeded.url}/__sandbox/reset`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(messages()).toHaveLength(1);
      // The printed flow uses the sandbox's own accounts: alice reads what bob sends her.
      const { stdout } = await run("bash", ["-c", seeded.facts.flow.map((step) => step.command).join("\n")]);
      const [msgKey, , history] = stdout.trim().split("\n");
      expect(JSON.parse(history ?? "").MsgList).toContainEqual(
        expect.objectContaining({ MsgKey: msgKey, From_Account: "bob", To_Account: "alice", IsPeerRead: 1 }),
      );
    } finally {
      await seeded.close();
      await rm(fixtureDirectory, { recursive: true, force: true });
    }
  });
});
