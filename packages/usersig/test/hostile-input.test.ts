import { afterEach, describe, expect, it, vi } from "vitest";
import {
  decodeUserSig,
  genUserSig,
  UserSigDecodeError,
  type UserSigDecodeFailure,
  userSigLimits,
  verifyUserSig,
} from "../src/index.js";
import { inflatedJson, packUserSig, urlSafeBase64, zlibBytes } from "./official-library.js";

const secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const expected = { sdkAppId: 1400000000, identifier: "administrator", secretKey, now: 1700000000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

async function decodeFailure(userSig: string): Promise<UserSigDecodeError> {
  const error = await decodeUserSig(userSig).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UserSigDecodeError);
  return error as UserSigDecodeError;
}

/** Asserts both entry points: decode throws with `reason`, verify resolves to `malformed`. */
async function expectMalformed(userSig: string, reason: UserSigDecodeFailure): Promise<UserSigDecodeError> {
  const error = await decodeFailure(userSig);
  expect(error.reason).toBe(reason);
  if (userSig.length >= 8) expect(error.message).not.toContain(userSig);
  expect(await verifyUserSig({ userSig, ...expected })).toEqual({ ok: false, reason: "malformed" });
  return error;
}

// The fields of a genuine UserSig, to be broken one at a time.
const genuine = {
  "TLS.ver": "2.0",
  "TLS.identifier": "administrator",
  "TLS.sdkappid": 1400000000,
  "TLS.time": 1700000000,
  "TLS.expire": 86400,
  "TLS.sig": "jAn2d6kBlORa9r2ZqHeekGQdMfFqzLrbPMEynmT3zXY=",
};

describe("zip bombs", () => {
  it("refuses a UserSig over the length limit before decoding anything (10 MB of zeros, deflated)", async () => {
    const bomb = packUserSig(new Uint8Array(10_000_000), 9);
    expect(bomb.length).toBeGreaterThan(userSigLimits.maxUserSigLength);
    const error = await expectMalformed(bomb, "too-long");
    expect(error.message).toContain(String(userSigLimits.maxUserSigLength));
  });

  it("stops inflating a UserSig that fits the length limit but inflates to megabytes", async () => {
    const bomb = packUserSig(`{"TLS.ver":"2.0"${" ".repeat(6_000_000)}}`, 9);
    expect(bomb.length).toBeLessThanOrEqual(userSigLimits.maxUserSigLength);
    const error = await expectMalformed(bomb, "inflated-too-large");
    expect(error.message).toContain(`${userSigLimits.maxInflatedBytes} bytes`);
  });

  it("cancels the inflater about one chunk past the limit instead of inflating the whole bomb", async () => {
    let inflatedBytes = 0;
    // Counts every byte the inflater hands out, through the same DecompressionStream the package uses.
    class CountingDecompressionStream extends DecompressionStream {
      readonly #counted = super.readable.pipeThrough(
        new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
          transform(chunk, controller) {
            inflatedBytes += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      override get readable() {
        return this.#counted;
      }
    }
    vi.stubGlobal("DecompressionStream", CountingDecompressionStream);

    const bomb = packUserSig(new Uint8Array(6_000_000), 9);
    await expectMalformed(bomb, "inflated-too-large");
    expect(inflatedBytes).toBeGreaterThan(userSigLimits.maxInflatedBytes);
    expect(inflatedBytes).toBeLessThan(256 * 1024);
  });

  it("accepts a genuine UserSig carrying the largest userBuf it can issue", async () => {
    const random = crypto.getRandomValues(new Uint8Array(userSigLimits.maxUserBufBytes));
    const userSig = await genUserSig({ ...expected, userBuf: random });
    expect(userSig.length).toBeLessThanOrEqual(userSigLimits.maxUserSigLength);
    expect(await verifyUserSig({ userSig, ...expected })).toMatchObject({ ok: true, userBuf: random });
  });
});

describe("broken encodings", () => {
  it("calls an empty string malformed", async () => {
    await expectMalformed("", "empty");
  });

  it("calls text that is not base64 malformed", async () => {
    const userSig = await genUserSig(expected);
    await expectMalformed(`${userSig.slice(0, 20)}!${userSig.slice(21)}`, "invalid-base64");
    await expectMalformed(`${userSig.slice(0, 20)} ${userSig.slice(21)}`, "invalid-base64");
    await expectMalformed(`${userSig.slice(0, 20)}é${userSig.slice(21)}`, "invalid-base64");
    await expectMalformed("eJxVy", "invalid-base64"); // a length no base64 can have
    await expectMalformed("eJ_xVyss", "invalid-base64"); // padding in the middle
    await expectMalformed("eJxVys___", "invalid-base64"); // three padding characters
  });

  it("calls base64 that is not a zlib stream malformed", async () => {
    await expectMalformed(btoa("definitely not zlib data at all"), "invalid-zlib");
  });

  it("calls a truncated zlib stream malformed", async () => {
    const userSig = await genUserSig(expected);
    await expectMalformed(userSig.slice(0, 100), "invalid-zlib");
  });

  it("calls a zlib stream with a wrong checksum malformed", async () => {
    const bytes = zlibBytes(inflatedJson(await genUserSig(expected)));
    bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) ^ 0xff; // last byte of the Adler-32
    await expectMalformed(urlSafeBase64(bytes), "invalid-zlib");
  });

  it("calls inflated bytes that are not UTF-8 JSON malformed", async () => {
    await expectMalformed(packUserSig("hello"), "invalid-json");
    await expectMalformed(packUserSig(`${JSON.stringify(genuine)} trailing`), "invalid-json");
    await expectMalformed(packUserSig(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), "invalid-json");
  });

  it("calls JSON that is not an object malformed", async () => {
    for (const json of ["[]", `[${JSON.stringify(genuine)}]`, '"TLS.ver"', "null", "42", "true"]) {
      await expectMalformed(packUserSig(json), "not-an-object");
    }
  });
});

describe("wrong fields", () => {
  const broken: [string, Record<string, unknown>][] = [
    ["TLS.ver", { "TLS.ver": 2 }],
    ["TLS.identifier", { "TLS.identifier": null }],
    ["TLS.identifier", { "TLS.identifier": ["administrator"] }],
    ["TLS.sdkappid", { "TLS.sdkappid": "1400000000" }],
    ["TLS.time", { "TLS.time": 1700000000.5 }],
    ["TLS.time", { "TLS.time": 1e300 }],
    ["TLS.expire", { "TLS.expire": undefined }],
    ["TLS.expire", { "TLS.expire": { seconds: 86400 } }],
    ["TLS.sig", { "TLS.sig": 12345 }],
    ["TLS.userbuf", { "TLS.userbuf": 7 }],
    ["TLS.userbuf", { "TLS.userbuf": "not base64!" }],
  ];

  for (const [field, change] of broken) {
    it(`calls a UserSig malformed when ${field} is ${JSON.stringify(Object.values(change)[0]) ?? "missing"}, naming the field`, async () => {
      const error = await expectMalformed(
        packUserSig(JSON.stringify({ ...genuine, ...change })),
        "invalid-field",
      );
      expect(error.field).toBe(field);
      expect(error.message).toContain(field);
    });
  }

  it("reads only the JSON's own fields, even when Object.prototype has been polluted with them", async () => {
    const polluted = Object.prototype as Record<string, unknown>;
    const { "TLS.ver": _kept, ...withoutVersion } = genuine;
    polluted["TLS.ver"] = "2.0";
    try {
      const error = await expectMalformed(packUserSig(JSON.stringify(withoutVersion)), "invalid-field");
      expect(error.field).toBe("TLS.ver");
    } finally {
      delete polluted["TLS.ver"];
    }
  });

  it("reads no field from a JSON __proto__ key", async () => {
    const userSig = packUserSig(`{"__proto__":${JSON.stringify(genuine)}}`);
    expect((await expectMalformed(userSig, "invalid-field")).field).toBe("TLS.ver");
  });
});
