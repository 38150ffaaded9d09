import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64, encodeUserSigBase64 } from "../src/base64.js";

describe("base64", () => {
  it("encodes exactly as Node's Buffer does, for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const standard = Buffer.from(bytes).toString("base64");
        expect(encodeBase64(bytes)).toBe(standard);
        expect(encodeUserSigBase64(bytes)).toBe(
          standard.replaceAll("+", "*").replaceAll("/", "-").replaceAll("=", "_"),
        );
      }),
    );
  });

  it("decodes what it encodes, in both alphabets, with or without padding", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const text of [encodeBase64(bytes), encodeUserSigBase64(bytes)]) {
          expect(decodeBase64(text)).toEqual(bytes);
          expect(decodeBase64(text.replace(/[=_]+$/, ""))).toEqual(bytes);
        }
      }),
    );
  });

  it("rejects characters outside both alphabets, misplaced padding and impossible lengths", () => {
    for (const text of ["ab c", "ab\nc", "abc.", "a", "abcde", "ab=c", "a===", "ab_", "abc==", "ß"]) {
      expect(decodeBase64(text)).toBeUndefined();
    }
  });
});
