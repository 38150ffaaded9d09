import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { errorCatalog, TimApiError, TimError, TimRequestError, TimValidationError } from "../src/index.js";
import {
  answerWith,
  endpoint,
  fail,
  receiptBody,
  secretKey,
  seen,
  server,
  settle,
  testClient,
  userSig,
  useTencentServer,
} from "./tencent-server.js";

useTencentServer();

async function failure(promise: Promise<unknown>): Promise<TimError> {
  const error = await settle(promise);
  expect(error).toBeInstanceOf(TimError);
  return error as TimError;
}

describe("TimApiError", () => {
  it("is thrown for ActionStatus FAIL, with the catalogue's description of the code", async () => {
    answerWith(fail(20003, "Invalid To_Account"));

    const error = await failure(testClient().c2cMsgReadReceipt(receiptBody()));

    expect(error).toBeInstanceOf(TimApiError);
    expect(error).toMatchObject({
      name: "TimApiError",
      code: 20003,
      info: "Invalid To_Account",
      description: errorCatalog.c2cMsgReadReceipt[20003].description,
      retryable: false,
      operation: "c2cMsgReadReceipt",
      attempts: 1,
      url: expect.stringContaining("usersig=REDACTED"),
    });
    expect(error.message).toContain("ErrorCode 20003");
    expect(error.message).toContain(errorCatalog.c2cMsgReadReceipt[20003].description);
  });

  it("carries Tencent's undocumented ErrorDisplay when the answer has one", async () => {
    answerWith({ ...fail(20001), ErrorDisplay: "Shown to users" });

    await expect(testClient().c2cMsgReadReceipt(receiptBody())).rejects.toMatchObject({
      display: "Shown to users",
    });
  });

  it("has no description for an undocumented code, which is never retried", async () => {
    answerWith(fail(12345, "Something new"));

    const error = await failure(testClient().c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ code: 12345, description: undefined, retryable: false, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it("exports the generated error catalogue of each operation, transient codes marked retryable", () => {
    const catalog: Readonly<Record<number, { retryable: boolean }>> = errorCatalog.c2cMsgReadReceipt;
    for (const code of [20004, 20005, 90992, 91000, 60007, 60008, 60011, 60018, 60019, 70169, 70500]) {
      expect(catalog[code]?.retryable, `code ${code}`).toBe(true);
    }
    expect(errorCatalog.c2cMsgReadReceipt[70050]).toMatchObject({ retryable: false, retryAfterSeconds: 60 });
  });

  it("describes a code with the text of the operation that answered it", async () => {
    answerWith(fail(40006));

    const error = await failure(testClient().accountImport({ UserID: "alice" }, { retry: false }));

    expect(error).toMatchObject({ code: 40006, description: errorCatalog.accountImport[40006].description });
  });
});

describe("TimRequestError", () => {
  it("is thrown for an HTTP status other than 200, with the status", async () => {
    answerWith(new Response("Not Found", { status: 404 }));

    const error = await failure(testClient().c2cMsgReadReceipt(receiptBody()));

    expect(error).toBeInstanceOf(TimRequestError);
    expect(error).toMatchObject({ reason: "http-status", status: 404, retryable: false, attempts: 1 });
  });

  it("is thrown for a body that is not JSON", async () => {
    answerWith(new Response("<html>gateway</html>", { headers: { "content-type": "text/html" } }));

    const error = await failure(testClient().c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ reason: "invalid-body", status: 200 });
    expect(error.message).toContain("text/html");
  });

  it("is thrown for JSON that is not Tencent's envelope", async () => {
    answerWith({ hello: "world" });

    await expect(testClient().c2cMsgReadReceipt(receiptBody())).rejects.toMatchObject({
      reason: "invalid-body",
    });
  });

  it("is thrown for a network failure, with the failure as cause", async () => {
    answerWith("network-error");

    const error = await failure(testClient({ retry: false }).c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ reason: "network", retryable: true, attempts: 1 });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("is thrown with reason user-sig when the UserSig provider fails", async () => {
    const tim = testClient({ userSig: () => Promise.reject(new Error("vault is sealed")) });

    const error = await failure(tim.c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ reason: "user-sig", attempts: 0 });
    expect(error.message).toContain("vault is sealed");
    expect(seen).toHaveLength(0);
  });

  it("is thrown with reason user-sig when the provider returns an empty string", async () => {
    const error = await failure(testClient({ userSig: () => "" }).c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ reason: "user-sig" });
    expect(error.message).toContain("empty string");
  });
});

describe("TimValidationError", () => {
  it("is thrown before sending, naming the field and what it should be", async () => {
    const body = receiptBody();
    body.C2CMsgInfo[0] = { From_Account: "bob", To_Account: "bob", MsgKey: "k" };

    const error = await failure(testClient().c2cMsgReadReceipt(body));

    expect(error).toBeInstanceOf(TimValidationError);
    expect(error).toMatchObject({
      field: "C2CMsgInfo[0].From_Account",
      expected: 'equal to Peer_Account ("alice")',
      received: '"bob"',
      attempts: 0,
    });
    expect(seen).toHaveLength(0);
  });
});

describe("every error", () => {
  it("extends TimError and Error", () => {
    for (const error of [
      new TimApiError({ code: 20003, info: "" }),
      new TimRequestError({ reason: "network", message: "down" }),
      new TimValidationError({ operation: "x", field: "f", expected: "e", rule: "type" }),
    ]) {
      expect(error).toBeInstanceOf(TimError);
      expect(error).toBeInstanceOf(Error);
    }
  });

  it("serializes to a plain object of its fields with toJSON", async () => {
    answerWith(fail(20003, "Invalid To_Account"));
    const error = await failure(testClient().c2cMsgReadReceipt(receiptBody()));

    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "TimApiError",
      message: error.message,
      code: 20003,
      operation: "c2cMsgReadReceipt",
      attempts: 1,
    });
  });
});

describe("secrets", () => {
  /** Every way an error gets printed or logged. */
  function renderings(error: unknown): string[] {
    const value = error as Error;
    return [
      String(value),
      value.message,
      JSON.stringify(value),
      value.stack ?? "",
      inspect(value, { depth: 10 }),
    ];
  }

  function expectNoSecret(error: unknown, secrets: string[]): void {
    expect(error).toBeInstanceOf(TimError);
    for (const text of renderings(error)) {
      for (const secret of secrets) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(encodeURIComponent(secret));
      }
    }
  }

  it("never show the UserSig, even when the server echoes it in ErrorInfo", async () => {
    server.use(
      http.post(endpoint, ({ request }) => {
        const echoed = new URL(request.url).searchParams.get("usersig");
        return HttpResponse.json(fail(70003, `usersig ${echoed} is truncated`));
      }),
    );

    expectNoSecret(await settle(testClient().c2cMsgReadReceipt(receiptBody())), [userSig]);
  });

  it("never show the secret key or the UserSig made from it", async () => {
    let made = "";
    server.use(
      http.post(endpoint, ({ request }) => {
        made = new URL(request.url).searchParams.get("usersig") ?? "";
        return HttpResponse.json({ ...fail(70005, `bad ${made}`), ErrorDisplay: `key ${secretKey}` });
      }),
    );

    const error = await settle(
      testClient({ secretKey, userSig: undefined }).c2cMsgReadReceipt(receiptBody()),
    );

    expect(made.length).toBeGreaterThan(20);
    expectNoSecret(error, [secretKey, made]);
  });

  it("never show the UserSig when fetch fails with the request URL in its message", async () => {
    const fetch = async (request: Request): Promise<Response> => {
      throw new TypeError(`Failed to fetch ${request.url}`, {
        cause: new Error(`connect to ${request.url}`),
      });
    };

    const error = await settle(testClient({ fetch, retry: false }).c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ reason: "network" });
    expect(String((error as Error).cause)).toContain("usersig=REDACTED");
    expectNoSecret(error, [userSig]);
  });

  it("never keep a cause whose other properties hold the URL, as some fetch implementations attach it", async () => {
    const fetch = async (request: Request): Promise<Response> => {
      throw Object.assign(new TypeError("fetch failed"), { url: request.url, request: { url: request.url } });
    };

    const error = await settle(testClient({ fetch, retry: false }).c2cMsgReadReceipt(receiptBody()));

    expect(error).toMatchObject({ reason: "network" });
    expect(JSON.stringify((error as Error).cause)).not.toContain(userSig);
    expect(String((error as Error).cause)).toContain("fetch failed");
    expectNoSecret(error, [userSig]);
  });

  it("never show the UserSig in errors of timeouts, HTTP statuses and bad bodies", async () => {
    answerWith(new Response("oops", { status: 503 }), "hang");
    expectNoSecret(
      await settle(
        testClient({ timeoutMs: 300, retry: { baseDelayMs: 1 } }).c2cMsgReadReceipt(receiptBody()),
      ),
      [userSig],
    );
    answerWith(new Response(`echo ${userSig}`));
    expectNoSecret(await settle(testClient().c2cMsgReadReceipt(receiptBody())), [userSig]);
  });
});
