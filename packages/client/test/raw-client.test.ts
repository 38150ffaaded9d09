import { describe, expect, it } from "vitest";
import {
  answerWith,
  fail,
  identifier,
  ok,
  receiptBody,
  sdkAppId,
  secretKey,
  seen,
  testClient,
  userSig,
  useTencentServer,
} from "./tencent-server.js";

useTencentServer();

const path = "/v4/openim/c2c_msg_read_receipt";

describe("tim.raw", () => {
  it("adds the five auth query parameters and returns openapi-fetch's { data, response }", async () => {
    const { data, error, response } = await testClient().raw.POST(path, { body: receiptBody() });

    expect(data).toEqual(ok);
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(Object.fromEntries(seen[0]?.url.searchParams ?? [])).toEqual({
      sdkappid: String(sdkAppId),
      identifier,
      usersig: userSig,
      random: expect.stringMatching(/^\d+$/),
      contenttype: "json",
    });
    expect(seen[0]?.body).toEqual(receiptBody());
  });

  it("leaves a FAIL envelope in data instead of throwing, and does not validate", async () => {
    answerWith(fail(20003));

    const { data } = await testClient().raw.POST(path, {
      body: { Operator_Account: "bob", Peer_Account: "alice", C2CMsgInfo: [] },
    });

    expect(data).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 20003 });
    expect(seen).toHaveLength(1);
  });

  it("retries a transient failure like the methods do, then hands back the last answer", async () => {
    answerWith(fail(20004), fail(20004), fail(20004));

    const { data } = await testClient({ retry: { baseDelayMs: 1 } }).raw.POST(path, { body: receiptBody() });

    expect(data).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 20004 });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map(({ url }) => url.searchParams.get("random"))).size).toBe(3);
  });

  it("hands back an HTTP error status as openapi-fetch's error", async () => {
    answerWith(new Response("Not Found", { status: 404 }));

    const { data, error, response } = await testClient().raw.POST(path, { body: receiptBody() });

    expect(data).toBeUndefined();
    expect(error).toBe("Not Found");
    expect(response.status).toBe(404);
  });

  it("sends a new random with every request", async () => {
    const tim = testClient();
    await tim.raw.POST(path, { body: receiptBody() });
    await tim.raw.POST(path, { body: receiptBody() });

    expect(seen[0]?.url.searchParams.get("random")).not.toBe(seen[1]?.url.searchParams.get("random"));
  });

  it("signs with the UserSig the client makes from the secret key", async () => {
    const tim = testClient({ secretKey, userSig: undefined });
    await tim.c2cMsgReadReceipt(receiptBody());
    await tim.raw.POST(path, { body: receiptBody() });

    const [viaMethod, viaRaw] = seen.map(({ url }) => url.searchParams.get("usersig"));
    expect(viaRaw).toBe(viaMethod);
  });

  it("is the client the methods run on: middleware added with use() sees every call, in order", async () => {
    const tim = testClient();
    const seenByMiddleware: string[] = [];
    const ejected = { onRequest: () => void seenByMiddleware.push("ejected") };
    tim.raw.use(
      {
        onRequest({ request, schemaPath }) {
          seenByMiddleware.push(`request ${schemaPath}`);
          const headers = new Headers(request.headers);
          headers.set("x-trace", "1");
          return new Request(request, { headers });
        },
        onResponse: ({ response }) => void seenByMiddleware.push(`response ${response.status}`),
      },
      ejected,
    );
    tim.raw.eject(ejected);

    await tim.c2cMsgReadReceipt(receiptBody());
    await tim.accountCheck({ CheckItem: [{ UserID: "alice" }] });
    await tim.sendReadReceipts({ reader: "bob", sender: "alice", msgKeys: ["k1"] });
    await tim.raw.POST(path, { body: receiptBody() });

    expect(seenByMiddleware).toEqual([
      `request ${path}`,
      "response 200",
      "request /v4/im_open_login_svc/account_check",
      "response 200",
      `request ${path}`,
      "response 200",
      `request ${path}`,
      "response 200",
    ]);
    expect(seen).toHaveLength(4);
  });

  it("never shows middleware the UserSig: the auth query is added beneath it, on every attempt", async () => {
    const urls: string[] = [];
    const tim = testClient();
    tim.raw.use({ onRequest: ({ request }) => void urls.push(request.url) });

    await tim.c2cMsgReadReceipt(receiptBody());

    expect(urls).toEqual([`https://adminapisgp.im.qcloud.com${path}`]);
    expect(seen[0]?.url.searchParams.get("usersig")).toBe(userSig);
  });

  it("lets an onError middleware see the typed error of a call that got no answer", async () => {
    answerWith("network-error");
    const errors: unknown[] = [];
    const tim = testClient({ retry: false });
    tim.raw.use({ onError: ({ error }) => void errors.push(error) });

    await expect(tim.c2cMsgReadReceipt(receiptBody())).rejects.toMatchObject({ reason: "network" });

    expect(errors).toEqual([expect.objectContaining({ name: "TimRequestError", reason: "network" })]);
  });

  it("throws right away, as openapi-fetch does, for a middleware with no hook", () => {
    expect(() => testClient().raw.use({} as never)).toThrow(/Middleware must be an object/);
  });
});
