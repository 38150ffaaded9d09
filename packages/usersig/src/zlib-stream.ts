// zlib (RFC 1950) through the Web's CompressionStream/DecompressionStream "deflate" format, which is the
// same container Tencent's libraries write with zlib's deflate/compress.

/** zlib-compresses a small buffer in one pass. */
export async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const result = await pump(new CompressionStream("deflate"), bytes, Number.POSITIVE_INFINITY);
  if (!result.ok) throw new Error("CompressionStream failed on in-memory input");
  return result.bytes;
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
  stream: CompressionStream | DecompressionStream,
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
