import { describe, expectTypeOf, it } from "vitest";
import { createTimWebhookHandler, parseTimCallback, type TimCallback } from "../src/index";

describe("the handler types come from the spec", () => {
  it("types each handler's event by its command, and a before-send handler's verdict", () => {
    createTimWebhookHandler({
      sdkAppId: 1,
      on: {
        "C2C.CallbackAfterMsgReadReceipt": (event) => {
          expectTypeOf(event.C2CMsgInfo[0]?.MsgKey).toEqualTypeOf<string | undefined>();
          expectTypeOf(event.EventTime).toEqualTypeOf<number>();
        },
        "C2C.CallbackAfterMsgReport": async (event) => {
          expectTypeOf(event.LastReadTime).toEqualTypeOf<number>();
        },
        "C2C.CallbackBeforeSendMsg": (event) => {
          expectTypeOf(event.From_Account).toEqualTypeOf<string>();
          return event.MsgBody.length > 3 ? { block: true } : { code: 120001, info: "too long" };
        },
      },
    });
    // @ts-expect-error an after-event callback decides nothing
    createTimWebhookHandler({ sdkAppId: 1, on: { "C2C.CallbackAfterSendMsg": () => ({ block: true }) } });
    // @ts-expect-error not a verdict
    createTimWebhookHandler({ sdkAppId: 1, on: { "C2C.CallbackBeforeSendMsg": () => ({ maybe: true }) } });
  });

  it("narrows parseTimCallback's result by CallbackCommand", () => {
    const narrow = (callback: TimCallback) => {
      if (callback.CallbackCommand === "C2C.CallbackAfterMsgReport")
        expectTypeOf(callback.LastReadTime).toEqualTypeOf<number>();
    };
    expectTypeOf(parseTimCallback).returns.resolves.toEqualTypeOf<TimCallback>();
    expectTypeOf(narrow).toBeFunction();
  });
});
