import { describe, expect, it } from "vitest";
import type { ReceiptRow } from "./console-api-types";
import { mergeRows, retryableKeys, summarize } from "./receipt-outcome";

const transient = { code: "20004", meaning: "Network exception, please retry.", retryWorthwhile: true };
const final = { code: "20003", meaning: "Not imported.", retryWorthwhile: false };

describe("receipt outcome", () => {
  it("offers only transient failures for a retry, and a retry's rows replace the earlier ones", () => {
    const rows: ReceiptRow[] = [
      { msgKey: "a", status: "acknowledged" },
      { msgKey: "b", status: "failed", failure: transient },
      { msgKey: "c", status: "failed", failure: final },
    ];
    expect(retryableKeys(rows)).toEqual(["b"]);
    expect(summarize({ rows, requests: 2 })).toBe("1 acknowledged, 2 failed in 2 requests");
    const merged = mergeRows(rows, [{ msgKey: "b", status: "acknowledged" }]);
    expect(merged.map((row) => row.status)).toEqual(["acknowledged", "acknowledged", "failed"]);
    expect(summarize({ rows: merged, requests: 3 })).toBe("2 acknowledged, 1 failed in 3 requests");
    expect(summarize({ rows: rows.slice(1), requests: 0 })).toBe("0 acknowledged, 2 failed, nothing sent");
  });
});
