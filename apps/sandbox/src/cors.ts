import type { IncomingMessage, ServerResponse } from "node:http";

// Web apps served from this machine, on any port: the sandbox is a local development tool.
const localOrigin = /^https?:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/;

/** True for an origin of a page served from this machine. */
export function isLocalOrigin(origin: string | undefined): origin is string {
  return origin !== undefined && localOrigin.test(origin);
}

/** Adds the CORS headers of an answer to a local web app; other origins get none, so browsers block them. */
export function allowLocalOrigin(request: IncomingMessage, response: ServerResponse): void {
  const origin = request.headers.origin;
  response.setHeader("vary", "Origin");
  if (!isLocalOrigin(origin)) return;
  response.setHeader("access-control-allow-origin", origin);
  response.setHeader("access-control-expose-headers", "x-timkit-mock-detail");
}

/** Answers a CORS preflight: POST and GET with any requested headers, cached for ten minutes. */
export function answerPreflight(request: IncomingMessage, response: ServerResponse): void {
  allowLocalOrigin(request, response);
  if (isLocalOrigin(request.headers.origin)) {
    response.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    response.setHeader(
      "access-control-allow-headers",
      request.headers["access-control-request-headers"] ?? "content-type",
    );
    response.setHeader("access-control-max-age", "600");
    // Chrome asks before a public page talks to a private address; only local pages get here anyway.
    if (request.headers["access-control-request-private-network"] === "true") {
      response.setHeader("access-control-allow-private-network", "true");
    }
  }
  response.writeHead(204).end();
}
