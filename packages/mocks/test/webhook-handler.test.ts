// In process, no server: the mock hands each callback straight to a @timkit/webhooks handler under test
// (the `deliver` option), which verifies the signature and answers as the app backend would.
import { createTimWebhookHandler } from "@timkit/webhooks";
import { describe, expect, it } from "vitest";
import { createTimMock } from "../src/create-tim-mock.js";
import { answerOf } from "./send-request.js";

const token = "xxxxyyyy";
const text = (Text: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text } }];

describe("callbacks handed to a @timkit/webhooks handler", () => {
  it("the handler's verdicts act on sendmsg, and the receipt reaches it typed", async () => {
    const reads: unknown[] = [];
    const refused: string[] = [];
    const handler = createTimWebhookHandler({
      sdkAppId: 88888888,
      token,
      on: {
        "C2C.CallbackBeforeSendMsg": async (event) =>
          JSON.stringify(event.MsgBody).includes("badword") ? { block: true } : { allow: true },
        "C2C.CallbackAfterMsgReadReceipt": async (event) => {
          reads.push(event.C2CMsgInfo);
        },
      },
      onError: (error) => refused.push(String(error)),
    });
    const mock = createTimMock({ callbacks: { url: "https://backend.test/tim", token, deliver: handler } });
    const send = (words: string) =>
      answerOf(mock, "sendmsg", {
        body: { From_Account: "user2", To_Account: "user1", MsgRandom: 1, MsgBody: text(words) },
      });
    expect((await send("a badword here")).ErrorCode).toBe(20006);
    const sent = await send("hello");
    expect(sent.ErrorCode).toBe(0);
    await answerOf(mock, "c2cMsgReadReceipt", {
      body: {
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: sent.MsgKey }],
      },
    });
    await mock.callbackDelivery.settled();
    expect(reads).toEqual([
      [{ From_Account: "user2", To_Account: "user1", MsgKey: sent.MsgKey, MsgId: sent.MsgId }],
    ]);
    expect(refused).toEqual([]);
    expect(mock.callbacks().every((record) => record.status === "answered")).toBe(true);
  });

  it("a mock signing with another token is refused by the handler, and the message is delivered by the default policy", async () => {
    const reasons: string[] = [];
    const handler = createTimWebhookHandler({
      sdkAppId: 88888888,
      token,
      onError: (error) => reasons.push((error as { reason?: string }).reason ?? "?"),
    });
    const mock = createTimMock({
      callbacks: {
        url: "https://backend.test/tim",
        token: "another-token",
        deliver: handler,
        commands: ["C2C.CallbackBeforeSendMsg"],
      },
    });
    const sent = await answerOf(mock, "sendmsg", {
      body: { From_Account: "user2", To_Account: "user1", MsgRandom: 1, MsgBody: text("hi") },
    });
    expect(sent.ErrorCode).toBe(0);
    expect(reasons).toEqual(["bad-signature"]);
    expect(mock.callbacks()).toMatchObject([{ status: "failed", httpStatus: 401, verdict: "allow" }]);
  });
});
