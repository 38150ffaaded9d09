import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUserSig, genUserSig, type VerifyUserSigOptions, verifyUserSig } from "../src/index.js";
import { equalInConstantTime } from "../src/user-sig-content.js";
import { inflatedJson, packUserSig } from "./official-library.js";

const secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const issued = { sdkAppId: 1400000000, identifier: "administrator", secretKey, now: 1700000000 };

async function check(userSig: string, change: Partial<VerifyUserSigOptions> = {}) {
  return verifyUserSig({ userSig, ...issued, now: issued.now + 10, ...change });
}

/** Re-packs a UserSig after editing its JSON, keeping the original signature. */
function tamper(userSig: string, edit: (document: Record<string, unknown>) => void): string {
  const document = JSON.parse(inflatedJson(userSig));
  edit(document);
  return packUserSig(JSON.stringify(document));
}

describe("verifyUserSig", () => {
  it("accepts a UserSig it issued and reports when it was issued and when it expires", async () => {
    const userSig = await genUserSig({ ...issued, expireSeconds: 3600 });
    expect(await check(userSig)).toEqual({ ok: true, time: 1700000000, expire: 3600, expiresAt: 1700003600 });
  });

  it("accepts a UserSig up to and including its last valid second, and rejects it one second later", async () => {
    const userSig = await genUserSig({ ...issued, expireSeconds: 60 });
    expect(await check(userSig, { now: issued.now + 60 })).toMatchObject({ ok: true });
    expect(await check(userSig, { now: issued.now + 61 })).toEqual({ ok: false, reason: "expired" });
  });

  it("checks expiry against the current clock when no time is given", async () => {
    const userSig = await genUserSig({ ...issued, expireSeconds: 60 });
    const { now: _ignored, ...withoutNow } = issued;
    expect(await verifyUserSig({ userSig, ...withoutNow })).toEqual({ ok: false, reason: "expired" });
    const fresh = await genUserSig({ ...withoutNow, expireSeconds: 60 });
    expect(await verifyUserSig({ userSig: fresh, ...withoutNow })).toMatchObject({ ok: true });
  });

  it("rejects a UserSig issued for another SDKAppID", async () => {
    const userSig = await genUserSig({ ...issued, sdkAppId: 1400000001 });
    expect(await check(userSig)).toEqual({ ok: false, reason: "sdkappid-mismatch" });
  });

  it("rejects a UserSig issued for another identifier", async () => {
    const userSig = await genUserSig({ ...issued, identifier: "someone_else" });
    expect(await check(userSig)).toEqual({ ok: false, reason: "identifier-mismatch" });
  });

  it("rejects a UserSig signed with another secret key", async () => {
    const userSig = await genUserSig({ ...issued, secretKey: "another-key" });
    expect(await check(userSig)).toEqual({ ok: false, reason: "signature-mismatch" });
  });

  it("rejects a UserSig whose signed fields were edited", async () => {
    const userSig = await genUserSig({ ...issued, expireSeconds: 60, userBuf: "room-1" });
    const edits: ((document: Record<string, unknown>) => void)[] = [
      (document) => {
        document["TLS.expire"] = 86400 * 365;
      },
      (document) => {
        document["TLS.time"] = issued.now + 1;
      },
      (document) => {
        document["TLS.userbuf"] = btoa("room-2");
      },
      (document) => {
        delete document["TLS.userbuf"];
      },
      (document) => {
        document["TLS.sig"] = "not base64!";
      },
      (document) => {
        document["TLS.sig"] = btoa("short");
      },
    ];
    for (const edit of edits) {
      expect(await check(tamper(userSig, edit))).toEqual({ ok: false, reason: "signature-mismatch" });
    }
  });

  it("rejects an expired UserSig as expired only if its signature is genuine", async () => {
    const forged = await genUserSig({ ...issued, secretKey: "another-key", expireSeconds: 1 });
    expect(await check(forged, { now: issued.now + 100 })).toEqual({
      ok: false,
      reason: "signature-mismatch",
    });
  });

  it("rejects a UserSig of another TLSSigAPI version", async () => {
    const userSig = tamper(await genUserSig(issued), (document) => {
      document["TLS.ver"] = "1.0";
    });
    expect(await check(userSig)).toEqual({ ok: false, reason: "unsupported-version" });
  });

  it("returns the signed userbuf, and requires it to match when the caller expects one", async () => {
    const userSig = await genUserSig({ ...issued, userBuf: "room-1" });
    expect(await check(userSig)).toMatchObject({ ok: true, userBuf: new TextEncoder().encode("room-1") });
    expect(await check(userSig, { userBuf: "room-1" })).toMatchObject({ ok: true });
    expect(await check(userSig, { userBuf: "room-2" })).toEqual({ ok: false, reason: "userbuf-mismatch" });
    const without = await genUserSig(issued);
    expect(await check(without, { userBuf: "room-1" })).toEqual({ ok: false, reason: "userbuf-mismatch" });
  });

  it("never throws for any string passed as a UserSig, and calls it malformed unless it decodes", async () => {
    // Arbitrary text mostly stops at base64; base64 text mostly at zlib; zlib of random bytes or of JSON-like
    // text reaches the JSON and field checks. Each kind goes through the same promise: malformed.
    const jsonish = fc.stringMatching(
      /^\{("TLS\.[a-z]{2,10}":("[\w=+/]{0,12}"|-?\d{1,12}|null|\[\]),?){0,7}\}$/,
    );
    const garbage = fc.oneof(
      fc.string({ unit: "binary", maxLength: 400 }),
      fc.stringMatching(/^[A-Za-z0-9*\-_+/=]{0,400}$/),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => packUserSig(bytes)),
      jsonish.map((text) => packUserSig(text)),
      jsonish.map((text) => packUserSig(text, 0)),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (text) => {
        expect(await check(text)).toEqual({ ok: false, reason: "malformed" });
      }),
      { numRuns: 1000 },
    );
  });

  it("calls a genuinely signed UserSig malformed when time + expire is beyond an exact number", async () => {
    const huge = await genUserSig({ ...issued, expireSeconds: Number.MAX_SAFE_INTEGER - 10 });
    expect(await check(huge)).toEqual({ ok: false, reason: "malformed" });
    const largest = await genUserSig({ ...issued, expireSeconds: Number.MAX_SAFE_INTEGER - issued.now });
    expect(await check(largest)).toMatchObject({ ok: true, expiresAt: Number.MAX_SAFE_INTEGER });
  });

  it("calls a UserSig that is not a string malformed instead of throwing", async () => {
    for (const value of [undefined, null, 42, {}, ["x"]]) {
      expect(await check(value as unknown as string)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("accepts a UserSig with a character changed only if it still decodes to exactly the same fields", async () => {
    // Base64 and deflate both have unused bits (the last character's low bits, the padding after the final
    // deflate block, bytes after the zlib stream), so a few edits change nothing that is signed.
    const userSig = await genUserSig({ ...issued, userBuf: "room-1" });
    const original = await decodeUserSig(userSig);
    let rejected = 0;
    for (let i = 0; i < userSig.length; i++) {
      for (const replacement of ["A", "z", "*", "_"]) {
        if (userSig[i] === replacement) continue;
        const changed = userSig.slice(0, i) + replacement + userSig.slice(i + 1);
        const result = await check(changed);
        if (result.ok) expect(await decodeUserSig(changed)).toEqual(original);
        else rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(userSig.length * 3);
  });

  it("throws a TypeError naming the argument for invalid expectations, never echoing the secret key", async () => {
    const userSig = await genUserSig(issued);
    const secret = "do-not-print-this-secret";
    const cases: [Partial<VerifyUserSigOptions>, RegExp][] = [
      [{ sdkAppId: 0 }, /^sdkAppId /],
      [{ identifier: "" }, /^identifier /],
      [{ secretKey: "" }, /^secretKey /],
      [{ now: 1.5 }, /^now /],
      [{ userBuf: 7 as unknown as string }, /^userBuf /],
    ];
    for (const [change, message] of cases) {
      const error = await verifyUserSig({ userSig, ...issued, secretKey: secret, ...change }).catch(
        (caught: Error) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(secret);
    }
  });
});

describe("signature comparison", () => {
  it("compares byte strings by content and length", () => {
    expect(equalInConstantTime(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(equalInConstantTime(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(equalInConstantTime(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
    expect(equalInConstantTime(new Uint8Array([1, 2, 0]), new Uint8Array([1, 2]))).toBe(false);
    expect(equalInConstantTime(new Uint8Array([]), new Uint8Array([]))).toBe(true);
  });
});
