// The README's examples, run: a Hono app and a Next.js App Router route handler (an exported `POST` that
// takes a Request and returns a Response), each given the handler as the README shows.
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createTimWebhookHandler } from "../src/index";
import { callbackRequest, now, sdkAppId, token } from "./callback-requests";

const handleTimCallback = createTimWebhookHandler({
  sdkAppId,
  token,
  now,
  on: {
    "C2C.CallbackBeforeSendMsg": (event) =>
      event.MsgBody.some((element) => JSON.stringify(element).includes("red packet"))
        ? { block: true }
        : { allow: true },
  },
});

describe("the README's framework examples", () => {
  it("runs as a Hono route: app.post(path, (c) => handle(c.req.raw))", async () => {
    const app = new Hono();
    app.post("/tim/callback", (c) => handleTimCallback(c.req.raw));
    const response = await app.fetch(callbackRequest("C2C.CallbackBeforeSendMsg"));
    expect([response.status, (await response.json()).ErrorCode]).toEqual([200, 1]);
  });

  it("runs as a Next.js route handler: export const POST = handle", async () => {
    const route = { POST: handleTimCallback };
    const response = await route.POST(callbackRequest("C2C.CallbackAfterMsgReadReceipt"));
    expect([response.status, (await response.json()).ErrorCode]).toEqual([200, 0]);
  });
});
