import type { IncomingMessage } from "node:http";
import { operationTable } from "@timkit/spec";

/**
 * The most request-body bytes the sandbox holds for one request: one byte more than the largest limit the
 * spec documents (12 KB today), so the mock can still tell "exactly at the limit" from "over it" and
 * answer 93000, while a 5 MB upload never sits in memory. Operations without a documented limit count
 * as 1 MiB, which is the mock's own fallback.
 */
export const maxBufferedBodyBytes =
  Math.max(...Object.values(operationTable).map((operation) => operation.maxBodyBytes ?? 1024 * 1024)) + 1;

/** A body read up to a limit; `complete` is false when the client sent more, which is left unread. */
export interface BoundedBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly complete: boolean;
}

/**
 * Reads at most `maxBytes` (plus the chunk that crosses it) of a request body, then pauses the request.
 * Event listeners rather than `for await`, because leaving an async iterator early destroys the socket
 * the answer still has to go out on.
 *
 * @example
 * const { bytes, complete } = await readBoundedBody(request, maxBufferedBodyBytes);
 */
export function readBoundedBody(request: IncomingMessage, maxBytes: number): Promise<BoundedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (complete: boolean) => {
      request.off("data", onData);
      request.off("end", onEnd);
      request.off("error", onError);
      const bytes = Buffer.concat(chunks, Math.min(total, maxBytes + 1)).subarray(0, maxBytes + 1);
      // Node buffers never sit on a SharedArrayBuffer.
      resolve({ bytes: bytes as Uint8Array<ArrayBuffer>, complete });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total > maxBytes) {
        request.pause();
        finish(false);
      }
    };
    const onEnd = () => finish(true);
    const onError = (error: Error) => {
      request.off("data", onData);
      request.off("end", onEnd);
      reject(error);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", onError);
  });
}

/** How much of an oversized upload is read and thrown away before the connection is cut. */
const maxDiscardedBytes = 64 * 1024 * 1024;

/**
 * Reads and drops the rest of a body the sandbox already answered, so a client that is still uploading
 * gets to read the answer; past `maxDiscardedBytes` the connection is closed instead.
 */
export function discardRestOfBody(request: IncomingMessage): void {
  let discarded = 0;
  request.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDiscardedBytes) request.socket.destroy();
  });
  request.resume();
}
