import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTimWebhookHandler, defaultMaxBodyBytes } from "../src/index";
import { toNodeListener } from "../src/node";
import { callbackRequest, sdkAppId, token } from "./callback-requests";

// The node:http adapter on a real loopback server, with real time (the test builds its Sign for now).
let server: Server;
let base: string;
const received: string[] = [];
// The socket of the request being served, to count the bytes the server read from it.
let lastSocket: Socket | undefined;

beforeAll(async () => {
  const handle = createTimWebhookHandler({
    sdkAppId,
    token,
    on: { "C2C.CallbackAfterMsgReadReceipt": (event) => void received.push(event.Operator_Account) },
    onError: () => {},
  });
  const listener = toNodeListener(handle);
  server = createServer((request, response) => {
    lastSocket = request.socket;
    listener(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = async (request: Request, body?: BodyInit) => {
  const url = new URL(request.url);
  const text = body ?? (await request.text());
  return fetch(`${base}${url.pathname}${url.search}`, {
    method: request.method,
    body: text,
    headers: request.headers,
  });
};
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

describe("toNodeListener", () => {
  it("serves a signed receipt to the handler over node:http and answers OK", async () => {
    const response = await send(
      callbackRequest("C2C.CallbackAfterMsgReadReceipt", { requestTime: nowSeconds() }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(received).toContain("jared");
  });

  it("refuses a 1 MiB body with 413 and keeps serving", async () => {
    const big = JSON.stringify({
      CallbackCommand: "C2C.CallbackAfterMsgReport",
      padding: "x".repeat(1024 * 1024),
    });
    const refused = await send(
      callbackRequest("C2C.CallbackAfterMsgReport", { requestTime: nowSeconds() }),
      big,
    );
    expect(refused.status).toBe(413);
    expect((await refused.json()).ErrorInfo).toMatch(/^too-large: /);
    const next = await send(callbackRequest("C2C.CallbackAfterMsgReport", { requestTime: nowSeconds() }));
    expect(next.status).toBe(200);
  });

  it("refuses a 1 MiB body sent in chunks without a Content-Length with 413, having read only the cap and one chunk, and keeps serving", async () => {
    const chunk = new Uint8Array(64 * 1024).fill(32);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 1024 * 1024) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = callbackRequest("C2C.CallbackAfterMsgReport", { requestTime: nowSeconds() });
    const url = new URL(request.url);
    const refused = await fetch(`${base}${url.pathname}${url.search}`, {
      method: "POST",
      body,
      duplex: "half",
    } as RequestInit);
    // The server answers 413 as soon as the body passes the cap, and closes the connection unread.
    expect(refused.status).toBe(413);
    expect((await refused.json()).ErrorInfo).toMatch(/^too-large: /);
    // It read the cap and at most one more chunk (plus the request's headers and chunk framing), not 1 MiB.
    expect(lastSocket?.bytesRead).toBeGreaterThan(defaultMaxBodyBytes);
    expect(lastSocket?.bytesRead).toBeLessThanOrEqual(defaultMaxBodyBytes + chunk.byteLength + 4096);
    const next = await send(callbackRequest("C2C.CallbackAfterMsgReport", { requestTime: nowSeconds() }));
    expect(next.status).toBe(200);
  });
});
