import { decodeUserSig, genUserSig, verifyUserSig } from "@timkit/usersig";
import { describe, expect, it, vi } from "vitest";
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
  useTencentServer,
} from "./tencent-server.js";

// The real signer, watched: the tests count how many UserSigs the client makes.
vi.mock("@timkit/usersig", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@timkit/usersig")>();
  return { ...actual, genUserSig: vi.fn(actual.genUserSig) };
});

useTencentServer();

const usedUserSigs = () => seen.map(({ url }) => url.searchParams.get("usersig") ?? "");

function secretKeyClient(options: Parameters<typeof testClient>[0] = {}) {
  return testClient({ secretKey, userSig: undefined, ...options });
}

describe("with secretKey", () => {
  it("makes a UserSig that Tencent's algorithm verifies, for the admin identifier and SDKAppID", async () => {
    await secretKeyClient().c2cMsgReadReceipt(receiptBody());

    const [userSig = ""] = usedUserSigs();
    await expect(verifyUserSig({ userSig, sdkAppId, identifier, secretKey })).resolves.toMatchObject({
      ok: true,
    });
    await expect(decodeUserSig(userSig)).resolves.toMatchObject({ identifier, sdkAppId, expire: 86_400 });
  });

  it("makes the UserSig once and reuses it for later calls", async () => {
    vi.mocked(genUserSig).mockClear();
    const tim = secretKeyClient();

    for (let i = 0; i < 5; i++) await tim.c2cMsgReadReceipt(receiptBody());

    expect(genUserSig).toHaveBeenCalledTimes(1);
    expect(new Set(usedUserSigs()).size).toBe(1);
  });

  it("shares one generation between concurrent calls", async () => {
    vi.mocked(genUserSig).mockClear();
    const tim = secretKeyClient();

    await Promise.all(Array.from({ length: 20 }, () => tim.c2cMsgReadReceipt(receiptBody())));

    expect(genUserSig).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(20);
    expect(new Set(usedUserSigs()).size).toBe(1);
  });

  it("renews the UserSig shortly before it expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-01T00:00:00Z") });
    vi.mocked(genUserSig).mockClear();
    // One hour of validity: renewed when 10% is left, but at least 5 minutes ahead, so at 54 minutes.
    const tim = secretKeyClient({ userSigExpireSeconds: 3_600 });

    await tim.c2cMsgReadReceipt(receiptBody());
    vi.setSystemTime(new Date("2026-01-01T00:53:59Z"));
    await tim.c2cMsgReadReceipt(receiptBody());
    vi.setSystemTime(new Date("2026-01-01T00:54:00Z"));
    await tim.c2cMsgReadReceipt(receiptBody());

    expect(genUserSig).toHaveBeenCalledTimes(2);
    const [first, second, renewed] = await Promise.all(
      usedUserSigs().map((userSig) => decodeUserSig(userSig)),
    );
    expect(second).toEqual(first);
    expect(renewed?.time).toBe((first?.time ?? 0) + 54 * 60);
    expect(renewed?.expire).toBe(3_600);
  });

  it("renews and retries once at once when Tencent says the UserSig expired (70001)", async () => {
    vi.mocked(genUserSig).mockClear();
    answerWith(fail(70001), ok);
    const tim = secretKeyClient();

    await expect(tim.c2cMsgReadReceipt(receiptBody())).resolves.toEqual(ok);

    expect(genUserSig).toHaveBeenCalledTimes(2);
    expect(seen).toHaveLength(2);
  });

  it("gives up on 70001 after that one renewal", async () => {
    answerWith(fail(70001));

    await expect(secretKeyClient().c2cMsgReadReceipt(receiptBody())).rejects.toMatchObject({
      code: 70001,
      attempts: 2,
    });
  });

  it("tries to make the UserSig again on the next call after a failed generation", async () => {
    vi.mocked(genUserSig).mockClear().mockRejectedValueOnce(new Error("Web Crypto unavailable"));
    const tim = secretKeyClient();

    await expect(tim.c2cMsgReadReceipt(receiptBody())).rejects.toMatchObject({ reason: "user-sig" });
    await expect(tim.c2cMsgReadReceipt(receiptBody())).resolves.toEqual(ok);

    expect(genUserSig).toHaveBeenCalledTimes(2);
  });
});

describe("with a userSig function", () => {
  it("calls it before every request, retries included", async () => {
    answerWith(fail(20004), ok);
    let calls = 0;
    const tim = testClient({
      userSig: async () => `provided-sig-${++calls}`,
      retry: { baseDelayMs: 1 },
    });

    await tim.c2cMsgReadReceipt(receiptBody());

    expect(usedUserSigs()).toEqual(["provided-sig-1", "provided-sig-2"]);
  });

  it("accepts a function that answers synchronously", async () => {
    await testClient({ userSig: () => "sync-sig" }).c2cMsgReadReceipt(receiptBody());

    expect(usedUserSigs()).toEqual(["sync-sig"]);
  });
});
