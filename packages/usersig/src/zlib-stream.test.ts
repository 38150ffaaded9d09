import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inflate, zlibStore } from "./zlib-stream.js";

describe("zlibStore", () => {
  it("writes a zlib stream that zlib itself inflates back to the same bytes", () => {
    const json = new TextEncoder().encode('{"TLS.ver":"2.0","TLS.identifier":"administrator"}');
    expect(new Uint8Array(inflateSync(zlibStore(json)))).toEqual(json);
  });

  it("splits input over 65 535 bytes into several stored blocks that still inflate whole", async () => {
    const bytes = Uint8Array.from({ length: 150_000 }, (_, i) => (i * 7) % 251);
    expect(new Uint8Array(inflateSync(zlibStore(bytes)))).toEqual(bytes);
    const viaWebStream = await inflate(zlibStore(bytes), 200_000);
    expect(viaWebStream.ok && viaWebStream.bytes).toEqual(bytes);
  });

  it("writes an empty input as a valid empty stream", () => {
    expect(inflateSync(zlibStore(new Uint8Array(0))).byteLength).toBe(0);
  });
});
