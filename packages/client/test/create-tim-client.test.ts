import { operationTable, regionTable } from "@timkit/spec";
import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { createTimClient, type TimClientOptions } from "../src/index.js";
import {
  endpoint,
  identifier,
  ok,
  receiptBody,
  sdkAppId,
  secretKey,
  seen,
  server,
  testClient,
  userSig,
  useTencentServer,
} from "./tencent-server.js";

useTencentServer();

describe("a call", () => {
  it("sends the five auth query parameters and the JSON body to the region's domain", async () => {
    await testClient().c2cMsgReadReceipt(receiptBody());

    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(`${request?.url.origin}${request?.url.pathname}`).toBe(endpoint);
    expect(Object.fromEntries(request?.url.searchParams ?? [])).toEqual({
      sdkappid: String(sdkAppId),
      identifier,
      usersig: userSig,
      random: expect.stringMatching(/^\d+$/),
      contenttype: "json",
    });
    expect(request?.body).toEqual(receiptBody());
  });

  it("resolves with Tencent's OK envelope, unknown extra fields included", async () => {
    server.use(http.post(endpoint, () => HttpResponse.json({ ...ok, ErrorDisplay: "", Extra: 1 })));

    await expect(testClient().c2cMsgReadReceipt(receiptBody())).resolves.toEqual({
      ...ok,
      ErrorDisplay: "",
      Extra: 1,
    });
  });

  it("uses a new random unsigned 32-bit integer for every request", async () => {
    const tim = testClient();
    for (let i = 0; i < 20; i++) await tim.c2cMsgReadReceipt(receiptBody());

    const randoms = seen.map(({ url }) => Number(url.searchParams.get("random")));
    expect(new Set(randoms).size).toBe(20);
    for (const random of randoms) {
      expect(Number.isInteger(random) && random >= 0 && random <= 0xffffffff).toBe(true);
    }
  });

  it("draws random from crypto.getRandomValues", async () => {
    const getRandomValues = vi.spyOn(crypto, "getRandomValues");
    // Enough calls to drain whatever the pool held before the spy was installed.
    const tim = testClient();
    for (let i = 0; i < 65; i++) await tim.c2cMsgReadReceipt(receiptBody());

    expect(getRandomValues).toHaveBeenCalled();
  });
});

describe("methods", () => {
  it("exist for every operation of the generated operation table", () => {
    const tim = testClient();
    for (const operationId of Object.keys(operationTable)) {
      expect(typeof (tim as unknown as Record<string, unknown>)[operationId]).toBe("function");
    }
  });
});

describe("regions", () => {
  it.each(Object.entries(regionTable))("%s calls its primary domain", async (region, { primary }) => {
    const urls: string[] = [];
    const fetch = async (request: Request) => {
      urls.push(request.url);
      return Response.json(ok);
    };
    await testClient({ region: region as TimClientOptions["region"], fetch }).c2cMsgReadReceipt(
      receiptBody(),
    );

    expect(new URL(urls[0] ?? "").host).toBe(primary);
  });

  it("are the seven of the spec", () => {
    expect(Object.keys(regionTable).sort()).toEqual(
      ["china", "frankfurt", "jakarta", "seoul", "silicon-valley", "singapore", "tokyo"].sort(),
    );
  });

  it("give way to baseUrl when it is given", async () => {
    server.use(
      http.post("http://127.0.0.1:4010/v4/openim/c2c_msg_read_receipt", () => HttpResponse.json(ok)),
    );

    await expect(
      testClient({ region: "tokyo", baseUrl: "http://127.0.0.1:4010/" }).c2cMsgReadReceipt(receiptBody()),
    ).resolves.toEqual(ok);
  });

  it("default to the spec's default region, china", async () => {
    const urls: string[] = [];
    const fetch = async (request: Request) => {
      urls.push(request.url);
      return Response.json(ok);
    };
    await createTimClient({ sdkAppId, identifier, userSig, fetch }).c2cMsgReadReceipt(receiptBody());

    expect(new URL(urls[0] ?? "").host).toBe("console.tim.qq.com");
  });
});

describe("fetch", () => {
  it("is globalThis.fetch looked up at call time, so a fetch installed after creation is used", async () => {
    const tim = testClient();
    const later = vi.fn(async (_request: Request) => Response.json(ok));
    vi.stubGlobal("fetch", later);
    try {
      await tim.c2cMsgReadReceipt(receiptBody());
    } finally {
      vi.unstubAllGlobals();
    }

    expect(later).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(0);
  });

  it("can be given to the client and overridden per call", async () => {
    const clientFetch = vi.fn(async (_request: Request) => Response.json(ok));
    const callFetch = vi.fn(async (_request: Request) => Response.json(ok));
    const tim = testClient({ fetch: clientFetch });

    await tim.c2cMsgReadReceipt(receiptBody());
    await tim.c2cMsgReadReceipt(receiptBody(), { fetch: callFetch });

    expect(clientFetch).toHaveBeenCalledTimes(1);
    expect(callFetch).toHaveBeenCalledTimes(1);
  });
});

describe("options", () => {
  const valid: TimClientOptions = { sdkAppId, identifier, region: "singapore", userSig };

  it.each([
    ["sdkAppId", { sdkAppId: "1400000000" }, /sdkAppId must be a positive integer/],
    ["sdkAppId", { sdkAppId: -1 }, /sdkAppId must be/],
    ["sdkAppId", { sdkAppId: undefined }, /sdkAppId must be/],
    ["identifier", { identifier: "" }, /identifier must be/],
    ["identifier", { identifier: "a".repeat(33) }, /identifier must be/],
    ["region", { region: "mumbai" }, /region must be one of china, singapore, seoul, tokyo, frankfurt/],
    ["baseUrl", { baseUrl: "ftp://example.com" }, /baseUrl must be an http\(s\) URL/],
    ["baseUrl", { baseUrl: "not a url" }, /baseUrl must be/],
    ["timeoutMs", { timeoutMs: 0 }, /timeoutMs must be a positive number/],
    ["retry", { retry: true }, /retry must be an object or false/],
    [
      "retry.maxAttempts",
      { retry: { maxAttempts: 0 } },
      /retry: maxAttempts must be an integer of at least 1/,
    ],
    ["fetch", { fetch: "fetch" }, /fetch must be a function/],
    [
      "userSigExpireSeconds",
      { userSig: undefined, secretKey, userSigExpireSeconds: 5 },
      /userSigExpireSeconds/,
    ],
  ])("are rejected with a TypeError naming %s", (_name, change, message) => {
    expect(() => createTimClient({ ...valid, ...change } as unknown as TimClientOptions)).toThrow(
      expect.objectContaining({ name: "TypeError", message: expect.stringMatching(message) }),
    );
  });

  it("must give exactly one of secretKey and userSig", () => {
    const { userSig: _, ...neither } = valid;
    expect(() => createTimClient(neither)).toThrow(/exactly one of secretKey and userSig/);
    expect(() => createTimClient({ ...valid, secretKey })).toThrow(/exactly one of secretKey and userSig/);
  });

  it("never print the value of a wrong secretKey or userSig", () => {
    const { userSig: _, ...base } = valid;
    const attempt = (options: object) => {
      try {
        createTimClient({ ...base, ...options } as TimClientOptions);
      } catch (error) {
        return String(error);
      }
      return "";
    };
    expect(attempt({ secretKey: 12345678 })).toMatch(/secretKey must be a non-empty string, got number/);
    expect(attempt({ userSig: { sig: "top-secret-sig" } })).not.toContain("top-secret-sig");
  });

  it("are checked per call too", async () => {
    await expect(testClient().c2cMsgReadReceipt(receiptBody(), { timeoutMs: -5 })).rejects.toThrow(
      /call options: timeoutMs must be a positive number/,
    );
  });
});
