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

  it("leaves a FAIL envelope in data instead of throwing, and neither validates nor retries", async () => {
    answerWith(fail(20004));

    const { data } = await testClient().raw.POST(path, {
      body: { Operator_Account: "bob", Peer_Account: "alice", C2CMsgInfo: [] },
    });

    expect(data).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 20004 });
    expect(seen).toHaveLength(1);
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

  it("applies middleware registered with use() before the first call, after the auth middleware, in order", async () => {
    const tim = testClient();
    const order: string[] = [];
    const ejected = { onRequest: () => void order.push("ejected") };
    tim.raw.use(
      {
        onRequest({ request }) {
          // Runs after the auth middleware: the request already carries the auth query.
          order.push(`first:${new URL(request.url).searchParams.get("usersig")}`);
          const headers = new Headers(request.headers);
          headers.set("x-first", "1");
          return new Request(request, { headers });
        },
      },
      ejected,
      { onRequest: ({ request }) => void order.push(`second:${request.headers.get("x-first")}`) },
    );
    tim.raw.eject(ejected);

    const { data } = await tim.raw.POST(path, { body: receiptBody() });

    expect(data).toEqual(ok);
    expect(order).toEqual([`first:${userSig}`, "second:1"]);
    expect(seen).toHaveLength(1);

    // After openapi-fetch is loaded, use() goes to the real client.
    tim.raw.use({ onResponse: () => void order.push("after load") });
    await tim.raw.POST(path, { body: receiptBody() });
    expect(order.slice(2)).toEqual([`first:${userSig}`, "second:1", "after load"]);
  });

  it("throws right away, as openapi-fetch does, for a middleware with no hook", () => {
    expect(() => testClient().raw.use({} as never)).toThrow(/Middleware must be an object/);
  });

  it("shares one openapi-fetch client between calls made before it is loaded", async () => {
    const tim = testClient();
    const results = await Promise.all([
      tim.raw.POST(path, { body: receiptBody() }),
      tim.raw.request("post", path, { body: receiptBody() }),
    ]);

    expect(results.map(({ data }) => data)).toEqual([ok, ok]);
    expect(seen.map(({ url }) => url.searchParams.get("usersig"))).toEqual([userSig, userSig]);
  });
});
