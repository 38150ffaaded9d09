// The node:http edge: turns an IncomingMessage into a Web Request for a handler of this package and
// writes its Response back. Everything else runs on Web APIs.
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A `node:http` request listener around a `(request: Request) => Promise<Response>` handler, such as
 * `createTimWebhookHandler`'s. The body is streamed, so the handler's size cap holds.
 *
 * @example
 * import { createServer } from "node:http";
 * createServer(toNodeListener(createTimWebhookHandler({ sdkAppId, token, on }))).listen(8080, "127.0.0.1");
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (incoming, outgoing) => {
    answer(handler, incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "text/plain" });
      outgoing.end("internal error");
    });
  };
}

async function answer(
  handler: (request: Request) => Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // The URL's host only frames the query string, which is all a callback reads from it.
  const url = new URL(incoming.url ?? "/", "http://localhost");
  const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
  const request = new Request(url, {
    method: incoming.method ?? "GET",
    headers,
    ...(hasBody ? { body: bodyStream(incoming), duplex: "half" } : {}),
  } as RequestInit);
  const response = await handler(request);
  const text = await response.text();
  if (!incoming.complete) {
    // A refused body may still be arriving: answer, then close the connection instead of reading the rest.
    outgoing.shouldKeepAlive = false;
    outgoing.once("finish", () => incoming.destroy());
  }
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(text);
}

/** The request's body as a Web stream that reads from the socket only as fast as it is consumed. */
function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      incoming.on("data", (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
      });
      incoming.once("end", () => {
        if (open) controller.close();
        open = false;
      });
      incoming.once("error", (error) => {
        if (open) controller.error(error);
        open = false;
      });
      incoming.pause();
    },
    pull() {
      incoming.resume();
    },
    cancel() {
      open = false;
      incoming.pause();
    },
  });
}
