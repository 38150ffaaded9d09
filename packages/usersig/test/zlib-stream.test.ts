import { deflateSync, inflateSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inflate, readStoredBlocks, zlibStore } from "../src/zlib-stream.js";

const lengths = fc.oneof(
  fc.constantFrom(0, 1, 65_535, 65_536, 131_070, 131_071),
  fc.integer({ min: 0, max: 140_000 }),
);
const bytesOfLength = (length: number) =>
  Uint8Array.from({ length }, (_, i) => (i * 7 + (length % 13)) % 251);

describe("zlibStore", () => {
  it("writes a zlib stream that zlib itself inflates back to the same bytes", () => {
    const json = new TextEncoder().encode('{"TLS.ver":"2.0","TLS.identifier":"administrator"}');
    expect(new Uint8Array(inflateSync(zlibStore(json)))).toEqual(json);
  });

  it("round-trips any length, across block boundaries, through zlib, DecompressionStream and our reader", async () => {
    await fc.assert(
      fc.asyncProperty(lengths, async (length) => {
        const bytes = bytesOfLength(length);
        const stored = zlibStore(bytes);
        // Byte comparison through Buffer: a deep equality over 100 000 elements is slow enough to time out.
        const same = (result: Uint8Array) => Buffer.from(bytes).equals(Buffer.from(result));
        expect(same(inflateSync(stored))).toBe(true);
        const direct = readStoredBlocks(stored, 200_000);
        expect(direct?.ok && same(direct.bytes)).toBe(true);
        const inflated = await inflate(stored, 200_000);
        expect(inflated.ok && same(inflated.bytes)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

describe("reading stored blocks directly", () => {
  const bytes = new TextEncoder().encode('{"TLS.ver":"2.0","TLS.identifier":"administrator"}');
  const stored = zlibStore(bytes);

  it("rejects the stream when any one byte is changed: header, lengths, data or checksum", async () => {
    for (let i = 0; i < stored.length; i++) {
      const broken = stored.slice();
      broken[i] = (broken[i] as number) ^ 0xff;
      expect((await inflate(broken, 200_000)).ok, `byte ${i}`).toBe(false);
    }
  });

  it("rejects a truncated stream and one with bytes after its end, in every runtime alike", () => {
    for (const length of [3, 7, stored.length - 5, stored.length - 1]) {
      expect(readStoredBlocks(stored.slice(0, length), 200_000)).toEqual({
        ok: false,
        reason: "invalid-zlib",
      });
    }
    const trailing = new Uint8Array([...stored, 0]);
    expect(readStoredBlocks(trailing, 200_000)).toEqual({ ok: false, reason: "invalid-zlib" });
  });

  it("stops at the size cap before copying anything", () => {
    expect(readStoredBlocks(stored, bytes.length - 1)).toEqual({ ok: false, reason: "inflated-too-large" });
    expect(readStoredBlocks(stored, bytes.length)).toEqual({ ok: true, bytes });
  });

  it("leaves compressed streams and unusual headers to DecompressionStream", async () => {
    const compressed = new Uint8Array(deflateSync(bytes));
    expect(readStoredBlocks(compressed, 200_000)).toBeUndefined();
    expect(await inflate(compressed, 200_000)).toEqual({ ok: true, bytes });
    const withDictionaryFlag = stored.slice();
    withDictionaryFlag[1] = 0x20; // FDICT set, header check still valid: (0x78 * 256 + 0x20) % 31 === 0
    expect(readStoredBlocks(withDictionaryFlag, 200_000)).toBeUndefined();
    expect((await inflate(withDictionaryFlag, 200_000)).ok).toBe(false);
  });
});
