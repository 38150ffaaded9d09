import { readCappedBody } from "@timkit/spec/webhooks";
import { TimWebhookError } from "./webhook-error";

/** The largest body accepted by default: 64 KiB, five times sendmsg's 12 KB limit on a whole message. */
export const defaultMaxBodyBytes = 64 * 1024;

/**
 * The request's body as text, read from its stream and refused with `too-large` as soon as it passes
 * `maxBytes` (a declared Content-Length above it is refused before reading anything): a sender cannot
 * make the receiver buffer more than the cap.
 */
export async function readCappedText(request: Request, maxBytes: number): Promise<string> {
  const body = await readCappedBody(request, maxBytes);
  if (body.tooLong)
    throw new TimWebhookError("too-large", `the body is larger than ${maxBytes} bytes (maxBodyBytes)`);
  return new TextDecoder().decode(body.bytes);
}
