import { describe, expect, it } from "vitest";
import { codePointLength, utf8ByteLength } from "../src/index";

describe("the UTF-8 length that body and UserID limits count", () => {
  it("is what TextEncoder writes, for every UTF-16 code unit alone and before a letter, an é or a low surrogate", {
    timeout: 60_000,
  }, () => {
    const encoder = new TextEncoder();
    for (let unit = 0; unit <= 0xffff; unit++) {
      for (const next of ["", "a", "é", "\udc00"]) {
        const text = String.fromCharCode(unit) + next;
        if (utf8ByteLength(text) !== encoder.encode(text).length) {
          expect(utf8ByteLength(text), `U+${unit.toString(16)} + ${JSON.stringify(next)}`).toBe(
            encoder.encode(text).length,
          );
        }
      }
    }
    expect(utf8ByteLength("😀é")).toBe(6);
  });
});

describe("the length that minLength and maxLength count", () => {
  it("counts Unicode code points, as JSON Schema says: a surrogate pair is one, a lone surrogate is one", () => {
    expect(codePointLength("")).toBe(0);
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("😀é")).toBe(2);
    expect(codePointLength("\ud800a")).toBe(2);
    expect(codePointLength("a\udc00")).toBe(2);
    expect(codePointLength("😀".repeat(50))).toBe([..."😀".repeat(50)].length);
  });
});
