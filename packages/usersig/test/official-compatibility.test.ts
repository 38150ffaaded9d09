import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeUserSig, genUserSig, verifyUserSig } from "../src/index.js";
import { inflatedJson, officialUserSig, packUserSig, type SigInputs } from "./official-library.js";

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

// Any code point, plus lone surrogates, which both sides encode to UTF-8 as U+FFFD.
const character = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
);

const sigInputs: fc.Arbitrary<SigInputs> = fc.record({
  sdkAppId: fc.oneof(
    fc.integer({ min: 1, max: 2 ** 32 - 1 }),
    fc.maxSafeInteger().filter((n) => n > 0),
  ),
  identifier: fc
    .string({ unit: character, minLength: 1, maxLength: 32 })
    .filter((identifier) => utf8Length(identifier) <= 32),
  secretKey: fc.string({ unit: character, minLength: 1, maxLength: 100 }),
  expireSeconds: fc.integer({ min: 1, max: 2 ** 31 }),
  now: fc.integer({ min: 0, max: 4_000_000_000 }),
  userBuf: fc.option(
    fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: character, maxLength: 100 })),
    { nil: undefined },
  ),
});

const officialKeyOrder = ["TLS.ver", "TLS.identifier", "TLS.sdkappid", "TLS.time", "TLS.expire", "TLS.sig"];

describe("compatibility with Tencent's official tls-sig-api-v2 package", () => {
  it("computes the same TLS.sig and the same JSON as the official package for any inputs", async () => {
    await fc.assert(
      fc.asyncProperty(sigInputs, async (inputs) => {
        const ours = JSON.parse(inflatedJson(await genUserSig(inputs)));
        const official = JSON.parse(inflatedJson(officialUserSig(inputs)));
        expect(ours["TLS.sig"]).toBe(official["TLS.sig"]);
        expect(ours).toEqual(official);
      }),
      { numRuns: 400 },
    );
  });

  it("accepts every UserSig the official package makes, and reads back its fields", async () => {
    await fc.assert(
      fc.asyncProperty(sigInputs, async (inputs) => {
        const userSig = officialUserSig(inputs);
        const result = await verifyUserSig({ ...inputs, userSig, now: inputs.now });
        expect(result).toMatchObject({
          ok: true,
          time: inputs.now,
          expire: inputs.expireSeconds,
          expiresAt: inputs.now + inputs.expireSeconds,
        });
        const decoded = await decodeUserSig(userSig);
        expect(decoded.sdkAppId).toBe(inputs.sdkAppId);
        expect(decoded.identifier).toBe(inputs.identifier);
        const expectedUserBuf =
          typeof inputs.userBuf === "string" ? new TextEncoder().encode(inputs.userBuf) : inputs.userBuf;
        expect(decoded.userBuf).toEqual(expectedUserBuf);
      }),
      { numRuns: 300 },
    );
  });

  it("writes the JSON layout the official package writes: its key order, a string version and numeric fields", async () => {
    const userSig = await genUserSig({
      sdkAppId: 1400000000,
      identifier: "administrator",
      secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
      expireSeconds: 86400,
      now: 1700000000,
    });
    const json = inflatedJson(userSig);
    const document = JSON.parse(json);
    expect(Object.keys(document)).toEqual(officialKeyOrder);
    expect(document).toMatchObject({
      "TLS.ver": "2.0",
      "TLS.identifier": "administrator",
      "TLS.sdkappid": 1400000000,
      "TLS.time": 1700000000,
      "TLS.expire": 86400,
    });
    expect(document["TLS.sig"]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(json).not.toMatch(/\s/);
  });

  it("places TLS.userbuf just before TLS.sig, in standard base64, as the official package does", async () => {
    const userSig = await genUserSig({
      sdkAppId: 1400000000,
      identifier: "user_1",
      secretKey: "secret",
      now: 1700000000,
      userBuf: new Uint8Array([0xfb, 0xff, 0x00]),
    });
    const document = JSON.parse(inflatedJson(userSig));
    expect(Object.keys(document)).toEqual([...officialKeyOrder.slice(0, 5), "TLS.userbuf", "TLS.sig"]);
    expect(document["TLS.userbuf"]).toBe("+/8A");
  });
});

describe("UserSigs in the layouts of Tencent's other official libraries", () => {
  const secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
  const fields = { identifier: "xiaojun", sdkAppId: 1400000000, time: 1700000000, expire: 15552000 };
  const userBufBase64 = Buffer.from("room-1000").toString("base64");

  // The signature over the TLSSigAPIv2 content, computed here with node:crypto, independently of src/.
  function sig(userBuf?: string): string {
    let content = `TLS.identifier:${fields.identifier}\nTLS.sdkappid:${fields.sdkAppId}\n`;
    content += `TLS.time:${fields.time}\nTLS.expire:${fields.expire}\n`;
    if (userBuf !== undefined) content += `TLS.userbuf:${userBuf}\n`;
    return createHmac("sha256", secretKey).update(content).digest("base64");
  }

  const layouts: Record<string, string> = {
    // Python's json.dumps: ", " and ": " separators, TLS.expire before TLS.time.
    python: `{"TLS.ver": "2.0", "TLS.identifier": "xiaojun", "TLS.sdkappid": 1400000000, "TLS.expire": 15552000, "TLS.time": 1700000000, "TLS.sig": "${sig()}"}`,
    // Go's encoding/json on a map: keys sorted, compact.
    go: `{"TLS.expire":15552000,"TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.sig":"${sig()}","TLS.time":1700000000,"TLS.ver":"2.0"}`,
    // PHP's json_encode: slashes escaped as \/.
    php: `{"TLS.ver":"2.0","TLS.identifier":"xiaojun","TLS.sdkappid":1400000000,"TLS.expire":15552000,"TLS.time":1700000000,"TLS.sig":"${sig().replaceAll("/", "\\/")}"}`,
    "python with userbuf": `{"TLS.ver": "2.0", "TLS.identifier": "xiaojun", "TLS.sdkappid": 1400000000, "TLS.expire": 15552000, "TLS.time": 1700000000, "TLS.userbuf": "${userBufBase64}", "TLS.sig": "${sig(userBufBase64)}"}`,
  };

  for (const [library, json] of Object.entries(layouts)) {
    for (const level of [1, 6, 9]) {
      it(`verifies a UserSig in ${library}'s layout compressed at zlib level ${level}`, async () => {
        const userSig = packUserSig(json, level);
        const result = await verifyUserSig({ userSig, secretKey, ...fields, now: fields.time + 1 });
        expect(result).toMatchObject({ ok: true, time: fields.time, expire: fields.expire });
      });
    }
  }

  it("reads the same fields from every layout", async () => {
    for (const json of Object.values(layouts)) {
      expect(await decodeUserSig(packUserSig(json))).toMatchObject({ ver: "2.0", ...fields });
    }
  });
});
