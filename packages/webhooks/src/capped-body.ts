import { TimWebhookError } from "./webhook-error";

/** The largest body accepted by default: 64 KiB, five times sendmsg's 12 KB limit on a whole message. */
export const defaultMaxBodyBytes = 64 * 1024;

/**
 * The request's body as text, read from its stream and refused with `too-large` as soon as it passes
 * `maxBytes` (a declared Content-Length above it is refused before reading anything): a sender cannot
 * make the receiver buffer more than the cap.
 */
export async function readCappedBody(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

const tooLarge = (maxBytes: number) =>
  new TimWebhookError("too-large", `the body is larger than ${maxBytes} bytes (maxBodyBytes)`);
