import type { IncomingMessage, ServerResponse } from "node:http";
import { detailHeader } from "@timkit/mocks";

/**
 * Adds the CORS headers that let a page of `origin` read the answer; with no origin (other pages, which
 * the request guard refuses anyway) none, so browsers block them.
 */
export function allowOrigin(response: ServerResponse, origin: string | undefined): void {
  response.setHeader("vary", "Origin");
  if (origin === undefined) return;
  response.setHeader("access-control-allow-origin", origin);
  response.setHeader("access-control-expose-headers", detailHeader);
}

/** Answers a CORS preflight of an allowed page: GET, POST and PUT with any requested headers, for ten minutes. */
export function answerPreflight(
  request: IncomingMessage,
  response: ServerResponse,
  origin: string | undefined,
): void {
  allowOrigin(response, origin);
  if (origin !== undefined) {
    response.setHeader("access-control-allow-methods", "GET, POST, PUT, OPTIONS");
    response.setHeader(
      "access-control-allow-headers",
      request.headers["access-control-request-headers"] ?? "content-type",
    );
    response.setHeader("access-control-max-age", "600");
    // Chrome asks before a public page talks to a private address; only allowed pages get here anyway.
    if (request.headers["access-control-request-private-network"] === "true") {
      response.setHeader("access-control-allow-private-network", "true");
    }
  }
  response.writeHead(204).end();
}
