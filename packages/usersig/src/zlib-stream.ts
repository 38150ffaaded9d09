// zlib (RFC 1950), the container Tencent's libraries write with zlib's deflate/compress.
//
// Writing: a UserSig's JSON is about 170 bytes, which deflate shrinks by some 40 bytes at best. Setting up
// a CompressionStream costs several times more than the HMAC itself, so we write the JSON as zlib "stored"
// blocks (compression level 0): a valid zlib stream that every inflater, the server's included, reads.
// Reading: any zlib stream, through the Web's DecompressionStream, with a cap on the inflated size.

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
 * Inflates a zlib stream, reading the output chunk by chunk and cancelling the stream as soon as it
 * passes `maxBytes`: a zip bomb costs one chunk of memory, not its inflated size.
 */
export function inflate(bytes: Uint8Array<ArrayBuffer>, maxBytes: number): Promise<InflateResult> {
  return pump(new DecompressionStream("deflate"), bytes, maxBytes);
}

async function pump(
  stream: DecompressionStream,
  input: Uint8Array<ArrayBuffer>,
  maxBytes: number,
): Promise<InflateResult> {
  const writer = stream.writable.getWriter();
  // Not awaited: a write settles only once the readable side drains, and a stream error or our own
  // cancel rejects these too. The reader below sees every error that matters.
  writer.write(input).catch(ignore);
  writer.close().catch(ignore);

  const reader = stream.readable.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(ignore);
        return { ok: false, reason: "inflated-too-large" };
      }
      chunks.push(value as Uint8Array<ArrayBuffer>);
    }
  } catch {
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
