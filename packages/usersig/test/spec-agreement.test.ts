// This package is published alone, so it keeps its own copy of two facts the spec states: the UserID
// limit and how UTF-8 bytes are counted. These tests hold the copies to the spec.
import { utf8ByteLength } from "@timkit/spec";
import document from "@timkit/spec/openapi.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { userSigLimits } from "../src/limits.js";
import { utf8Length } from "../src/user-sig-arguments.js";

describe("the facts this package shares with the spec", () => {
  it("limits an identifier to the bytes the spec's UserId schema allows", () => {
    const userId = document.components.schemas.UserId as { "x-timkit-max-bytes"?: number };
    expect(userSigLimits.maxIdentifierBytes).toBe(userId["x-timkit-max-bytes"]);
  });

  it("counts UTF-8 bytes as the spec does, for every UTF-16 code unit and for pairs", () => {
    const samples = ["", "user1", "管理员", "😀", "a\ud800", "\ud800é", "\udc00\ud800", "\ud83d\ude00x"];
    for (let unit = 0; unit <= 0xffff; unit += 1) samples.push(String.fromCharCode(unit));
    for (const text of samples) expect(utf8Length(text), JSON.stringify(text)).toBe(utf8ByteLength(text));
  });
});
