// zlib (RFC 1950), the container Tencent's libraries write with zlib's deflate/compress.
//
// Writing: a UserSig's JSON is about 170 bytes, which deflate shrinks by some 40 bytes at best. Setting up
// a CompressionStream costs several times more than the HMAC itself, so we write the JSON as zlib "stored"
// blocks (compression level 0): a valid zlib stream that every inflater, the server's included, reads.
// Reading: stored blocks directly; any other zlib stream through the Web's DecompressionStream. Both with
// a cap on the inflated size.

const maxStoredBlock = 0xffff;

/**
 * Wraps bytes in a zlib stream of stored (uncompressed) deflate blocks.
 *
 * @example
 * new DecompressionStream("deflate") // inflates zlibStore(bytes) back to bytes
 */
export function zlibStore(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const blocks = Math.max(1, Math.ceil(bytes.byteLength / maxStoredBlock));
  const out = new Uint8Array(2 + blocks * 5 + bytes.byteLength + 4);
  // CMF 0x78: deflate with a 32 KiB window; FLG 0x01: fastest level, and (CMF * 256 + FLG) % 31 === 0.
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let block = 0; block < blocks; block++) {
    const start = block * maxStoredBlock;
    const length = Math.min(maxStoredBlock, bytes.byteLength - start);
    out[at] = block === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE 00 (stored)
    out[at + 1] = length & 0xff;
    out[at + 2] = length >>> 8;
    out[at + 3] = ~length & 0xff;
    out[at + 4] = (~length >>> 8) & 0xff;
    out.set(bytes.subarray(start, start + length), at + 5);
    at += 5 + length;
  }
  const checksum = adler32(bytes);
  out[at] = checksum >>> 24;
  out[at + 1] = (checksum >>> 16) & 0xff;
  out[at + 2] = (checksum >>> 8) & 0xff;
  out[at + 3] = checksum & 0xff;
  return out;
}

/** Compresses bytes into a zlib stream through the Web's `CompressionStream` (deflate, the runtime's level). */
export async function zlibDeflate(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const compressed = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(compressed).arrayBuffer());
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 is the longest run for which b cannot overflow 2^32 before the modulo (zlib's NMAX).
  for (let start = 0; start < bytes.byteLength; start += 5552) {
    const end = Math.min(start + 5552, bytes.byteLength);
    for (let i = start; i < end; i++) {
      a += bytes[i] as number;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export type InflateResult =
  | { ok: true; bytes: Uint8Array<ArrayBuffer> }
  | { ok: false; reason: "invalid-zlib" | "inflated-too-large" };

/**
 * Inflates a zlib stream with a cap on the output. A stream of stored blocks (what `zlibStore` writes) is
 * read directly, synchronously; any other goes through `DecompressionStream`.
 */
export function inflate(bytes: Uint8Array<ArrayBuffer>, maxBytes: number): Promise<InflateResult> {
  return Promise.resolve(readStoredBlocks(bytes, maxBytes) ?? pump(bytes, maxBytes));
}

/**
 * Reads a zlib stream whose deflate data is all stored blocks: checks every block's length against its
 * complement, the Adler-32 checksum, and that nothing follows the stream. Returns undefined when the stream
 * is something else (a compressed block, an unusual header), for `DecompressionStream` to judge.
 */
export function readStoredBlocks(
  bytes: Uint8Array<ArrayBuffer>,
  maxBytes: number,
): InflateResult | undefined {
  const [cmf = 0, flg = 0] = bytes;
  // Deflate, window ≤ 32 KiB, a valid header check, no preset dictionary; and a first block that is stored.
  const plainHeader = (cmf & 0x0f) === 8 && cmf >>> 4 <= 7 && (cmf * 256 + flg) % 31 === 0 && !(flg & 0x20);
  if (!plainHeader || bytes.byteLength < 3 || ((bytes[2] as number) & 0x06) !== 0) return undefined;

  const parts: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  let at = 2;
  for (;;) {
    if (at + 5 > bytes.byteLength) return { ok: false, reason: "invalid-zlib" };
    const header = bytes[at] as number;
    if ((header & 0x06) !== 0) return undefined; // a compressed block after stored ones
    const length = (bytes[at + 1] as number) | ((bytes[at + 2] as number) << 8);
    const complement = (bytes[at + 3] as number) | ((bytes[at + 4] as number) << 8);
    if ((length ^ 0xffff) !== complement || at + 5 + length > bytes.byteLength) {
      return { ok: false, reason: "invalid-zlib" };
    }
    total += length;
    if (total > maxBytes) return { ok: false, reason: "inflated-too-large" };
    parts.push(bytes.subarray(at + 5, at + 5 + length));
    at += 5 + length;
    if (header & 1) break; // BFINAL
  }
  // The Adler-32 trailer, then nothing: a stream read here is accepted the same way in every runtime.
  if (at + 4 !== bytes.byteLength) return { ok: false, reason: "invalid-zlib" };
  const inflated = concat(parts, total);
  const trailer =
    (((bytes[at] as number) << 24) |
      ((bytes[at + 1] as number) << 16) |
      ((bytes[at + 2] as number) << 8) |
      (bytes[at + 3] as number)) >>>
    0;
  return trailer === adler32(inflated)
    ? { ok: true, bytes: inflated }
    : { ok: false, reason: "invalid-zlib" };
}

/**
 * Compressed input is written to the inflater this many bytes at a time, each slice only once the previous
 * one has been taken. Some inflaters (Chromium's) turn a whole written chunk into output before the reader
 * can stop them; deflate expands at most 1032:1, so a slice costs at most about 260 KB of work, not the
 * megabytes a whole zip bomb holds. A real UserSig fits in one slice.
 */
const sliceBytes = 256;

/**
 * Inflates through `DecompressionStream`, reading the output chunk by chunk and cancelling the stream as
 * soon as it passes `maxBytes`.
 */
async function pump(input: Uint8Array<ArrayBuffer>, maxBytes: number): Promise<InflateResult> {
  const stream = new DecompressionStream("deflate");
  const writer = stream.writable.getWriter();
  let stopped = false;
  // Not awaited: a write settles only once the readable side drains, and a stream error or our own
  // cancel rejects these too. The reader below sees every error that matters.
  const feed = async () => {
    for (let at = 0; at < input.byteLength; at += sliceBytes) {
      await writer.ready;
      if (stopped) return;
      writer.write(input.subarray(at, at + sliceBytes)).catch(ignore);
    }
    await writer.ready;
    if (!stopped) writer.close().catch(ignore);
  };
  feed().catch(ignore);

  const reader = stream.readable.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        stopped = true;
        reader.cancel().catch(ignore);
        return { ok: false, reason: "inflated-too-large" };
      }
      chunks.push(value as Uint8Array<ArrayBuffer>);
    }
  } catch {
    stopped = true;
    return { ok: false, reason: "invalid-zlib" };
  }
  return { ok: true, bytes: concat(chunks, total) };
}

function concat(chunks: Uint8Array<ArrayBuffer>[], total: number): Uint8Array<ArrayBuffer> {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function ignore(): void {}
