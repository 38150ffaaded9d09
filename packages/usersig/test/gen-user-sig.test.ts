import { afterEach, describe, expect, it, vi } from "vitest";
import {
  decodeUserSig,
  defaultExpireSeconds,
  type GenUserSigOptions,
  genUserSig,
  verifyUserSig,
} from "../src/index.js";
import { inflatedJson } from "./official-library.js";

const secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const valid: GenUserSigOptions = { sdkAppId: 1400000000, identifier: "administrator", secretKey };

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("genUserSig", () => {
  it("issues a UserSig at the current Unix second when no time is given", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2024-05-01T12:00:00.900Z"));
    const decoded = await decodeUserSig(await genUserSig(valid));
    expect(decoded.time).toBe(Math.floor(Date.UTC(2024, 4, 1, 12) / 1000));
  });

  it("makes a UserSig valid for one day unless told otherwise", async () => {
    expect(defaultExpireSeconds).toBe(86_400);
    expect((await decodeUserSig(await genUserSig(valid))).expire).toBe(86_400);
    expect((await decodeUserSig(await genUserSig({ ...valid, expireSeconds: 60 }))).expire).toBe(60);
  });

  it("uses only URL-safe characters, so the UserSig goes into a query string as is", async () => {
    const userSig = await genUserSig({ ...valid, userBuf: new Uint8Array(200).fill(0xfb) });
    expect(userSig).toMatch(/^[A-Za-z0-9*\-_]+$/);
  });

  it("gives the same UserSig for the same inputs", async () => {
    const options = { ...valid, now: 1700000000, userBuf: "room" };
    expect(await genUserSig(options)).toBe(await genUserSig(options));
  });

  it("treats a string userBuf as its UTF-8 bytes", async () => {
    const options = { ...valid, now: 1700000000 };
    const fromString = await genUserSig({ ...options, userBuf: "房间 7" });
    const fromBytes = await genUserSig({ ...options, userBuf: new TextEncoder().encode("房间 7") });
    expect(fromString).toBe(fromBytes);
  });

  it("makes a UserSig that verifies with its own secret key and no other", async () => {
    const keys = Array.from({ length: 6 }, (_, k) => `key-${k}`);
    const userSigs = await Promise.all(keys.map((key) => genUserSig({ ...valid, secretKey: key })));
    for (const [i, userSig] of userSigs.entries()) {
      for (const [k, key] of keys.entries()) {
        const result = await verifyUserSig({ ...valid, secretKey: key, userSig });
        expect(result.ok ? "ok" : result.reason).toBe(i === k ? "ok" : "signature-mismatch");
      }
    }
  });

  it("compresses the JSON like Tencent's libraries when asked, giving a shorter UserSig with the same fields", async () => {
    const options = { ...valid, now: 1700000000, userBuf: "room-1" };
    const stored = await genUserSig(options);
    const deflated = await genUserSig({ ...options, compression: "deflate" });
    expect(deflated.length).toBeLessThan(stored.length - 20);
    expect(await decodeUserSig(deflated)).toEqual(await decodeUserSig(stored));
    expect(inflatedJson(deflated)).toBe(inflatedJson(stored)); // node:zlib reads both
    expect(await verifyUserSig({ ...valid, userSig: deflated, now: 1700000001 })).toMatchObject({ ok: true });
  });

  it("needs no Web Crypto, so it also runs where crypto.subtle is missing (an http:// page on a LAN)", async () => {
    const withCryptoPresent = await genUserSig({ ...valid, now: 1700000000 });
    vi.stubGlobal("crypto", undefined);
    const userSig = await genUserSig({ ...valid, now: 1700000000 });
    expect(userSig).toBe(withCryptoPresent);
    expect(await verifyUserSig({ ...valid, userSig, now: 1700000001 })).toMatchObject({ ok: true });
  });
});

describe("genUserSig argument checks", () => {
  const cases: [string, Partial<Record<keyof GenUserSigOptions, unknown>>, RegExp][] = [
    ["a zero sdkAppId", { sdkAppId: 0 }, /^sdkAppId must be a positive integer, got 0$/],
    ["a negative sdkAppId", { sdkAppId: -5 }, /^sdkAppId /],
    ["a fractional sdkAppId", { sdkAppId: 1.5 }, /^sdkAppId /],
    ["a string sdkAppId", { sdkAppId: "1400000000" }, /^sdkAppId .*got a string$/],
    ["an unsafe integer sdkAppId", { sdkAppId: 2 ** 53 }, /^sdkAppId /],
    [
      "an empty identifier",
      { identifier: "" },
      /^identifier must be a non-empty string, got an empty string$/,
    ],
    ["a non-string identifier", { identifier: 42 }, /^identifier /],
    ["an identifier over 32 bytes", { identifier: "a".repeat(33) }, /^identifier .*32 bytes.*got 33 bytes$/],
    ["an identifier of 11 CJK characters (33 bytes)", { identifier: "管".repeat(11) }, /^identifier /],
    ["an empty secret key", { secretKey: "" }, /^secretKey must be a non-empty string/],
    ["a non-string secret key", { secretKey: 12345 }, /^secretKey must be a non-empty string, got number$/],
    ["a zero expiry", { expireSeconds: 0 }, /^expireSeconds must be a positive integer, got 0$/],
    ["a negative expiry", { expireSeconds: -1 }, /^expireSeconds /],
    ["a fractional expiry", { expireSeconds: 0.5 }, /^expireSeconds /],
    ["a negative now", { now: -1 }, /^now /],
    ["a now in milliseconds", { now: 1700000000000 }, /^now must be Unix seconds.*milliseconds$/],
    [
      "an unknown compression",
      { compression: "gzip" },
      /^compression must be "store" or "deflate", got "gzip"$/,
    ],
    ["a null now", { now: null }, /^now /],
    ["a null expiry", { expireSeconds: null }, /^expireSeconds /],
    ["a userBuf that is neither bytes nor a string", { userBuf: [1, 2, 3] }, /^userBuf /],
    ["a userBuf of other bytes than Uint8Array", { userBuf: new Uint16Array(4) }, /^userBuf /],
    ["a userBuf over 4096 bytes", { userBuf: new Uint8Array(4097) }, /^userBuf must be at most 4096 bytes/],
  ];

  for (const [what, change, message] of cases) {
    it(`rejects ${what} with a TypeError that names the argument`, async () => {
      const options = { ...valid, ...change } as GenUserSigOptions;
      const error = await genUserSig(options).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as TypeError).message).toMatch(message);
    });
  }

  it("rejects a missing options object with a TypeError", async () => {
    await expect(genUserSig(undefined as unknown as GenUserSigOptions)).rejects.toThrow(TypeError);
  });

  it("accepts an identifier of exactly 32 bytes and a userBuf of exactly 4096 bytes", async () => {
    const userSig = await genUserSig({
      ...valid,
      identifier: `${"管".repeat(10)}ab`,
      userBuf: new Uint8Array(4096),
    });
    expect((await decodeUserSig(userSig)).userBuf).toHaveLength(4096);
  });

  it("accepts userBuf bytes made in another realm", async () => {
    const { runInNewContext } = await import("node:vm");
    const foreign = runInNewContext("new Uint8Array([1, 2, 3])") as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    const userSig = await genUserSig({ ...valid, userBuf: foreign });
    expect((await decodeUserSig(userSig)).userBuf).toEqual(new Uint8Array([1, 2, 3]));
  });

  it("never puts the secret key in an error message", async () => {
    const secret = "do-not-print-this-secret";
    const attempts: Partial<GenUserSigOptions>[] = [
      { sdkAppId: 0 },
      { identifier: "" },
      { identifier: secret.repeat(3) },
      { expireSeconds: -1 },
      { now: Number.NaN },
      { userBuf: secret as unknown as Uint8Array, sdkAppId: -1 },
    ];
    for (const attempt of attempts) {
      const error = await genUserSig({ ...valid, secretKey: secret, ...attempt }).catch(
        (caught: Error) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(String((error as Error).message)).not.toContain(secret);
      expect(String((error as Error).stack)).not.toContain(secret);
    }
  });
});
