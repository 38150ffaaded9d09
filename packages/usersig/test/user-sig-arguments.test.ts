import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { utf8Length } from "../src/user-sig-arguments.js";

// Single UTF-16 code units (lone surrogates among them) and whole surrogate pairs.
const codeUnitOrPair = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.string({ unit: "binary", minLength: 1, maxLength: 1 }),
);

describe("utf8Length", () => {
  it("counts what TextEncoder writes, for any string, lone surrogates included", () => {
    const encoder = new TextEncoder();
    fc.assert(
      fc.property(fc.string({ unit: codeUnitOrPair, maxLength: 64 }), (text) => {
        expect(utf8Length(text)).toBe(encoder.encode(text).length);
      }),
      { numRuns: 2000 },
    );
    for (const text of ["", "a", "é", "中", "😀", "\ud800", "\udc00", "\ud800a", "a\udc00\ud800"]) {
      expect(utf8Length(text)).toBe(encoder.encode(text).length);
    }
  });
});
