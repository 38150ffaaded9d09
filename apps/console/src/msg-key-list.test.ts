import { describe, expect, it } from "vitest";
import { countLabel, parseMsgKeys } from "./msg-key-list";

describe("parseMsgKeys", () => {
  it("reads keys one per line or comma-separated, trimmed, blank entries skipped", () => {
    expect(parseMsgKeys(" 1_2_3 ,4_5_6\r\n\n  7_8_9\n,").msgKeys).toEqual(["1_2_3", "4_5_6", "7_8_9"]);
  });

  it("keeps the first of repeated keys and counts the repeats", () => {
    expect(parseMsgKeys("a\nb\na, a")).toEqual({ msgKeys: ["a", "b"], duplicates: 2 });
  });

  it("passes keys on unparsed, whatever their shape", () => {
    expect(parseMsgKeys("not a tencent key\n{weird}").msgKeys).toEqual(["not a tencent key", "{weird}"]);
  });
});

describe("countLabel", () => {
  it("counts in singular and plural and mentions ignored duplicates", () => {
    expect(countLabel(parseMsgKeys(""))).toBe("0 MsgKeys");
    expect(countLabel(parseMsgKeys("a"))).toBe("1 MsgKey");
    expect(countLabel(parseMsgKeys("a,b,a"))).toBe("2 MsgKeys (1 duplicate ignored)");
    expect(countLabel(parseMsgKeys("a,a,a"))).toBe("1 MsgKey (2 duplicates ignored)");
  });
});
