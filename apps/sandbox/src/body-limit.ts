import type { IncomingMessage, ServerResponse } from "node:http";
import { operationTable, undocumentedBodyLimitBytes } from "@timkit/spec";

/**
 * The most request-body bytes the sandbox holds for one request: one byte more than the largest limit an
 * operation has (its documented `x-timkit-max-body-bytes`, or the spec's cap for one that documents none,
 * 1 MiB), so the mock can still tell "exactly at the limit" from "over it" and answer its too-long code,
 * while a larger upload never sits in memory.
 */
export const maxBufferedBodyBytes =
  Math.max(
    ...Object.values(operationTable).map((operation) => operation.maxBodyBytes ?? undocumentedBodyLimitBytes),
  ) + 1;

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

/**
 * How much of a body the sandbox answered before reading it all is still read and dropped, so that a
 * client that writes its whole upload before reading (many do) gets to read the answer. Past this, the
 * connection is closed after the answer.
 */
export const maxDiscardedBodyBytes = 16 * 1024 * 1024;

/** True while the client may still be sending a body that the sandbox has not read to its end. */
export function bodyStillComing(request: IncomingMessage): boolean {
  if (request.complete) return false;
  const length = request.headers["content-length"];
  return (length !== undefined && length !== "0") || request.headers["transfer-encoding"] !== undefined;
}

/**
 * Sends an answer while the body is still coming. Closing the socket as soon as the answer is written
 * would reset a client that is still sending, and a reset can throw away the answer before the client
 * reads it. So the answer goes out at once with `connection: close`, the rest of the body is read and
 * dropped, and only once it ends (or passes `maxDiscardedBodyBytes`) does the response end, which lets
 * Node close the connection.
 *
 * @example
 * if (bodyStillComing(request)) endAfterRestOfBody(request, response, answer);
 */
export function endAfterRestOfBody(request: IncomingMessage, response: ServerResponse, answer: string): void {
  response.write(answer);
  let discarded = 0;
  const stopListening = () => {
    request.off("data", onData);
    request.off("end", finish);
    request.off("error", onError);
  };
  const finish = () => {
    stopListening();
    response.end();
  };
  const onData = (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxDiscardedBodyBytes) finish();
  };
  // The client hung up: nothing left to answer.
  const onError = () => {
    stopListening();
    response.destroy();
  };
  request.on("data", onData);
  request.once("end", finish);
  request.once("error", onError);
  request.resume();
}
