// The built client in Chromium: the page loads dist/index.js as published, its two dependencies through an
// import map, and calls an API served from another origin, so CORS preflights happen as they would in an app.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { launchChromium, type PageWatch, packageModules, watchPage } from "@timkit/browser-testing";
import { verifyUserSig } from "@timkit/usersig";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const sdkAppId = 1400000000;
const identifier = "administrator";
const secretKey = "browser-test-secret-key-0123456789";

const modules: Record<string, URL> = {
  "/modules/client.js": new URL("../dist/index.js", import.meta.url),
  "/modules/openapi-fetch.js": new URL("../node_modules/openapi-fetch/dist/index.mjs", import.meta.url),
  "/modules/usersig.js": new URL("../node_modules/@timkit/usersig/dist/index.js", import.meta.url),
};

// @timkit/usersig's own dependency, resolved from its bundle as a bundler would.
const noble = packageModules(
  "@noble/hashes",
  "hmac.js",
  fileURLToPath(modules["/modules/usersig.js"] as URL),
  "/modules/noble-hashes/",
);

const importMap = {
  imports: {
    "openapi-fetch": "/modules/openapi-fetch.js",
    "@timkit/usersig": "/modules/usersig.js",
    ...noble.imports,
  },
};

const pageHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>timkit client</title>
<script type="importmap">${JSON.stringify(importMap)}</script>
<script type="module">
  import * as timkit from "/modules/client.js";
  window.timkit = timkit;
  document.title = "ready";
</script></head><body></body></html>`;

interface ApiRequest {
  query: Record<string, string>;
  body: unknown;
}

function listen(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function origin(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

let pageServer: Server;
let apiServer: Server;
let browser: Browser;
let page: Page;
let watch: PageWatch;
const apiRequests: ApiRequest[] = [];
let nextAnswer: object | undefined;

beforeAll(async () => {
  for (const file of Object.values(modules)) {
    if (!existsSync(file))
      throw new Error(`${file.pathname} is missing: build the client and its dependencies first`);
  }
  pageServer = await listen((request, response) => {
    const file = modules[request.url ?? ""];
    const dependency = noble.read(request.url ?? "");
    if (file || dependency) {
      response
        .writeHead(200, { "content-type": "text/javascript" })
        .end(dependency ?? readFileSync(file as URL));
    } else if (request.url === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(pageHtml);
    } else if (request.url === "/favicon.ico") {
      response.writeHead(204).end();
    } else {
      response.writeHead(404).end();
    }
  });
  apiServer = await listen(async (request, response) => {
    const cors = {
      "access-control-allow-origin": origin(pageServer),
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type",
    };
    if (request.method === "OPTIONS") return void response.writeHead(204, cors).end();
    const url = new URL(request.url ?? "/", origin(apiServer));
    apiRequests.push({
      query: Object.fromEntries(url.searchParams),
      body: JSON.parse(await readBody(request)),
    });
    const answer = nextAnswer ?? { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" };
    nextAnswer = undefined;
    response.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  browser = await launchChromium();
  page = await browser.newPage();
  watch = watchPage(page);
  await page.goto(`${origin(pageServer)}/`);
  await page.waitForFunction(() => document.title === "ready");
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pageServer?.close(resolve));
  await new Promise((resolve) => apiServer?.close(resolve));
});

const body = {
  Operator_Account: "bob",
  Peer_Account: "alice",
  C2CMsgInfo: [{ From_Account: "alice", To_Account: "bob", MsgKey: "1467329515_5675354_1708676941" }],
};

type ClientModule = typeof import("../src/index.js");

/** The client module as the page loaded it (the functions below run in the page, not in Node). */
declare global {
  interface Window {
    timkit: ClientModule;
  }
}

describe("in Chromium, the built client", () => {
  it("calls an operation with a UserSig provider and resolves with the OK envelope", async () => {
    apiRequests.length = 0;
    const result = await page.evaluate(
      async ({ baseUrl, body }) => {
        const tim = window.timkit.createTimClient({
          sdkAppId: 1400000000,
          identifier: "administrator",
          baseUrl,
          userSig: async () => "provided-sig",
        });
        return await tim.c2cMsgReadReceipt(body);
      },
      { baseUrl: origin(apiServer), body },
    );

    expect(result).toEqual({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });
    expect(apiRequests).toEqual([
      {
        query: {
          sdkappid: String(sdkAppId),
          identifier,
          usersig: "provided-sig",
          random: expect.stringMatching(/^\d+$/),
          contenttype: "json",
        },
        body,
      },
    ]);
  });

  it("makes a valid UserSig from a secret key in the browser", async () => {
    apiRequests.length = 0;
    await page.evaluate(
      async ({ sdkAppId, identifier, baseUrl, secretKey, body }) => {
        const tim = window.timkit.createTimClient({ sdkAppId, identifier, baseUrl, secretKey });
        await tim.c2cMsgReadReceipt(body);
      },
      { sdkAppId, identifier, baseUrl: origin(apiServer), secretKey, body },
    );

    const userSig = apiRequests[0]?.query.usersig ?? "";
    await expect(verifyUserSig({ userSig, sdkAppId, identifier, secretKey })).resolves.toMatchObject({
      ok: true,
    });
  });

  it("throws TimApiError for FAIL, with the catalogue's description", async () => {
    nextAnswer = { ActionStatus: "FAIL", ErrorCode: 20003, ErrorInfo: "To_Account invalid" };
    const error: Record<string, unknown> = await page.evaluate(
      async ({ sdkAppId, identifier, baseUrl, body }) => {
        const { createTimClient, TimApiError, TimError } = window.timkit;
        const tim = createTimClient({ sdkAppId, identifier, baseUrl, userSig: "s-1234" });
        try {
          await tim.c2cMsgReadReceipt(body);
          return {};
        } catch (error) {
          const isApiError = error instanceof TimApiError;
          return {
            isApiError,
            isTimError: error instanceof TimError,
            ...(error as InstanceType<typeof TimError>).toJSON(),
          };
        }
      },
      { sdkAppId, identifier, baseUrl: origin(apiServer), body },
    );

    expect(error).toMatchObject({
      isApiError: true,
      isTimError: true,
      name: "TimApiError",
      code: 20003,
      retryable: false,
    });
    expect(String(error.description)).toContain("has been imported");
  });

  it("rejects an invalid body before sending, and gives the raw openapi-fetch client", async () => {
    apiRequests.length = 0;
    const outcome = await page.evaluate(
      async ({ sdkAppId, identifier, baseUrl, body }) => {
        const tim = window.timkit.createTimClient({ sdkAppId, identifier, baseUrl, userSig: "s-1234" });
        const field = await tim
          .c2cMsgReadReceipt({ ...body, Peer_Account: "mallory" })
          .catch((error: { field: string }) => error.field);
        const { data } = await tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body });
        return { field, raw: data };
      },
      { sdkAppId, identifier, baseUrl: origin(apiServer), body },
    );

    expect(outcome).toEqual({
      field: "C2CMsgInfo[0].From_Account",
      raw: { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" },
    });
    expect(apiRequests).toHaveLength(1);
    expect(apiRequests[0]?.query).toMatchObject({ usersig: "s-1234", contenttype: "json" });
  });

  it("made no request outside loopback and logged no error", () => {
    expect(watch.externalRequests).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
  });
});
