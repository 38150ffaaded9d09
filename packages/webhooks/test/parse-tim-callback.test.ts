import { callbackCommands, webhookSignature } from "@timkit/spec";
import { describe, expect, it } from "vitest";
import { constantTimeEqual, parseTimCallback, TimWebhookError, timCallbackSign } from "../src/index";
import { callbackRequest, exampleBody, nodeSign, now, nowMs, sdkAppId, token } from "./callback-requests";

const options = { sdkAppId, token, now };

async function refusal(promise: Promise<unknown>): Promise<TimWebhookError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TimWebhookError);
  return error as TimWebhookError;
}

describe("the signature", () => {
  it("verifies Tencent's worked example: token xxxxyyyy, RequestTime 1669872112", async () => {
    expect(await timCallbackSign("xxxxyyyy", "1669872112")).toBe(
      "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061",
    );
    expect(webhookSignature.example.Sign).toBe(await timCallbackSign("xxxxyyyy", "1669872112"));
    const request = callbackRequest("C2C.CallbackAfterMsgReadReceipt", {
      token: "xxxxyyyy",
      requestTime: "1669872112",
      sign: "17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061",
    });
    const callback = await parseTimCallback(request, {
      sdkAppId,
      token: "xxxxyyyy",
      now: () => 1669872112_000 + 30_000,
    });
    expect(callback.CallbackCommand).toBe("C2C.CallbackAfterMsgReadReceipt");
  });

  it("agrees with node:crypto's SHA-256 of token + RequestTime for other tokens", async () => {
    for (const [secret, time] of [
      ["a", "0"],
      ["令牌", "1767225600"],
      ["x".repeat(200), "99"],
    ] as const)
      expect(await timCallbackSign(secret, time)).toBe(nodeSign(secret, time));
  });

  it("compares equal strings as equal and any difference, or length, as different", () => {
    const sign = nodeSign(token, "1");
    expect(constantTimeEqual(sign, sign)).toBe(true);
    expect(constantTimeEqual(`${sign.slice(0, -1)}0`, sign)).toBe(sign.endsWith("0"));
    expect(constantTimeEqual(sign.slice(1), sign)).toBe(false);
    expect(constantTimeEqual(`${sign}0`, sign)).toBe(false);
    expect(constantTimeEqual("", sign)).toBe(false);
    expect(constantTimeEqual(sign.toUpperCase(), sign)).toBe(false);
  });
});

describe("parseTimCallback", () => {
  it("returns every callback of the spec, typed by its CallbackCommand, from its documented example", async () => {
    for (const command of callbackCommands) {
      const callback = await parseTimCallback(callbackRequest(command), options);
      expect(callback, command).toEqual(exampleBody(command));
    }
  });

  it("narrows the read receipt to its fields", async () => {
    const callback = await parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReadReceipt"), options);
    if (callback.CallbackCommand !== "C2C.CallbackAfterMsgReadReceipt") throw new Error("not narrowed");
    expect(callback.C2CMsgInfo[0]?.MsgKey).toBe("33973751_24064952_1769139583");
    expect(callback.EventTime).toBe(1769139587754);
  });

  it("refuses another method than POST with reason method", async () => {
    const error = await refusal(
      parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { method: "GET" }), options),
    );
    expect(error.reason).toBe("method");
    expect(error.status).toBe(405);
  });

  it("refuses another App's SdkAppid, or none, with reason wrong-app", async () => {
    for (const other of ["1400000001", "", "1400000000 "]) {
      const error = await refusal(
        parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { sdkAppId: other }), options),
      );
      expect(error.reason, other).toBe("wrong-app");
    }
  });

  it("refuses a Sign made with another token, a missing Sign and a tampered RequestTime with reason bad-signature", async () => {
    const requests = [
      callbackRequest("C2C.CallbackAfterMsgReport", { token: "another-token" }),
      callbackRequest("C2C.CallbackAfterMsgReport", { token: undefined }),
      callbackRequest("C2C.CallbackAfterMsgReport", {
        sign: nodeSign(token, String(nowMs / 1000 - 1)),
        requestTime: String(nowMs / 1000),
      }),
    ];
    for (const request of requests) {
      const error = await refusal(parseTimCallback(request, options));
      expect(error.reason).toBe("bad-signature");
      expect(error.status).toBe(401);
    }
  });

  it("refuses a correctly signed RequestTime more than 60 s from now, either way, with reason stale", async () => {
    for (const offset of [-61, 61, -3600]) {
      const requestTime = String(nowMs / 1000 + offset);
      const error = await refusal(
        parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { requestTime }), options),
      );
      expect(error.reason, String(offset)).toBe("stale");
    }
    for (const offset of [-60, 0, 60]) {
      const requestTime = String(nowMs / 1000 + offset);
      await expect(
        parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { requestTime }), options),
      ).resolves.toBeDefined();
    }
  });

  it("refuses a signed RequestTime that is not a number of seconds with reason stale", async () => {
    const error = await refusal(
      parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { requestTime: "soon" }), options),
    );
    expect(error.reason).toBe("stale");
  });

  it("accepts unsigned callbacks when no token is configured", async () => {
    const request = callbackRequest("C2C.CallbackAfterMsgReport", { token: undefined });
    await expect(parseTimCallback(request, { sdkAppId })).resolves.toMatchObject({ Report_Account: "jared" });
  });

  it("accepts unsigned callbacks when told token: false", async () => {
    const request = callbackRequest("C2C.CallbackAfterMsgReport", { token: undefined });
    await expect(parseTimCallback(request, { sdkAppId, token: false })).resolves.toMatchObject({
      Report_Account: "jared",
    });
  });

  it("refuses with a TypeError naming token when token is present but undefined (an unset variable)", async () => {
    const request = callbackRequest("C2C.CallbackAfterMsgReport", { token: undefined });
    const error = await parseTimCallback(request, { sdkAppId, token: undefined as unknown as string }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/^token is undefined/);
  });

  it("refuses with a TypeError naming token when token is empty, even for a Sign of RequestTime alone", async () => {
    // With token "", the Sign would be SHA-256 of RequestTime alone: anyone could compute it.
    const request = callbackRequest("C2C.CallbackAfterMsgReport", { token: "" });
    const error = await parseTimCallback(request, { ...options, token: "" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/^token is empty/);
  });

  it("refuses with a TypeError naming token, without quoting it, when token is not a string", async () => {
    const request = callbackRequest("C2C.CallbackAfterMsgReport");
    const error = await parseTimCallback(request, {
      sdkAppId,
      token: 12345678 as unknown as string,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/^token must be a string/);
    expect((error as TypeError).message).not.toContain("12345678");
  });

  it("refuses a command the spec does not describe with reason unknown-command", async () => {
    const error = await refusal(
      parseTimCallback(
        callbackRequest("Group.CallbackAfterSendMsg", {
          body: { CallbackCommand: "Group.CallbackAfterSendMsg" },
        }),
        options,
      ),
    );
    expect(error.reason).toBe("unknown-command");
  });

  it("refuses a body that is not JSON, or not the command's shape, with reason invalid-body naming the field", async () => {
    const notJson = await refusal(
      parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { text: "{" }), options),
    );
    expect([notJson.reason, notJson.field]).toEqual(["invalid-body", "body"]);

    const body = exampleBody("C2C.CallbackAfterMsgReadReceipt");
    body.C2CMsgInfo = [{ ...(body.C2CMsgInfo as object[])[0], MsgKey: 42 }];
    const wrongType = await refusal(
      parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReadReceipt", { body }), options),
    );
    expect([wrongType.reason, wrongType.field]).toEqual(["invalid-body", "C2CMsgInfo[0].MsgKey"]);
    expect(wrongType.message).toContain("C2CMsgInfo[0].MsgKey must be a string");

    const { Peer_Account: _, ...missing } = exampleBody("C2C.CallbackAfterMsgReport");
    const absent = await refusal(
      parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { body: missing }), options),
    );
    expect(absent.field).toBe("Peer_Account");
  });

  it("refuses a body whose CallbackCommand is not the query's", async () => {
    const body = exampleBody("C2C.CallbackAfterMsgReport");
    const error = await refusal(
      parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReadReceipt", { body }), options),
    );
    expect(error.reason).toBe("invalid-body");
  });

  it("tolerates fields the spec does not list", async () => {
    const body = { ...exampleBody("C2C.CallbackAfterMsgReport"), NewField: 1 };
    await expect(
      parseTimCallback(callbackRequest("C2C.CallbackAfterMsgReport", { body }), options),
    ).resolves.toMatchObject({ NewField: 1 });
  });

  it("refuses a body over the cap with reason too-large, by its Content-Length without reading it", async () => {
    let pulled = 0;
    const large = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const signed = callbackRequest("C2C.CallbackAfterMsgReport");
    const request = new Request(signed.url, {
      method: "POST",
      headers: { "content-length": String(1024 * 1024) },
      body: large,
      duplex: "half",
    } as RequestInit);
    const error = await refusal(parseTimCallback(request, options));
    expect(error.reason).toBe("too-large");
    expect(error.status).toBe(413);
    // Not a chunk read past what the stream queued before the refusal (its first pull).
    expect(pulled).toBeLessThanOrEqual(1024);
  });

  it("stops reading an endless body without a Content-Length once it passes the cap", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1024;
        controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const signed = callbackRequest("C2C.CallbackAfterMsgReport");
    const request = new Request(signed.url, { method: "POST", body: endless, duplex: "half" } as RequestInit);
    const error = await refusal(parseTimCallback(request, { ...options, maxBodyBytes: 8 * 1024 }));
    expect(error.reason).toBe("too-large");
    expect(pulled).toBeLessThan(64 * 1024);
  });

  it("never puts the token or the Sign in an error's message", async () => {
    const sign = nodeSign("another-token", String(nowMs / 1000));
    const requests = [
      callbackRequest("C2C.CallbackAfterMsgReport", { sign }),
      callbackRequest("C2C.CallbackAfterMsgReport", { requestTime: String(nowMs / 1000 - 600) }),
    ];
    for (const request of requests) {
      const error = await refusal(parseTimCallback(request, options));
      const shown = `${error.message} ${error.stack} ${JSON.stringify(error)}`;
      expect(shown).not.toContain(token);
      expect(shown).not.toContain(sign);
      expect(shown).not.toContain(new URL(request.url).searchParams.get("Sign"));
    }
  });
});
