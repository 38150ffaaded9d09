/** A request body read up to a limit: its bytes, or the news that it is longer than the limit. */
export type CappedBody = { readonly tooLong: false; readonly bytes: Uint8Array } | { readonly tooLong: true };

/**
 * Reads a request (or response) body, but never more than `maxBytes` + one chunk: as soon as the count passes the limit
 * the stream is cancelled and the rest is never read. This is what lets the mock (and the sandbox built on
 * it) refuse a 5 MB body with 93000 without holding 5 MB in memory, and a callback receiver refuse one
 * with `too-large`. Web streams only: it runs wherever the mocks and the webhooks package do.
 *
 * @example
 * const body = await readCappedBody(request, 12_288);
 * if (body.tooLong) return fail(93000);
 */
export async function readCappedBody(
  request: Pick<Request, "headers" | "body">,
  maxBytes: number,
): Promise<CappedBody> {
  // A declared length over the limit is refused before a single byte is read.
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    request.body?.cancel().catch(() => {});
    return { tooLong: true };
  }
  if (!request.body) return { tooLong: false, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => {});
      return { tooLong: true };
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return { tooLong: false, bytes: chunks[0] as Uint8Array };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { tooLong: false, bytes };
}
