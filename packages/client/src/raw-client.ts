import createClient, { type Client } from "openapi-fetch";
import type { TimFetch } from "./client-options.js";
import type { TimRawPaths } from "./operation-types.js";
import type { UserSigSource } from "./user-sig-source.js";

/** What `createRawClient` needs from the client it belongs to. */
export interface RawClientOptions {
  baseUrl: string;
  /** The auth query for a UserSig, from `authQuery`. */
  query: (userSig: string) => string;
  userSig: UserSigSource;
  /** Resolved per request, so that a fetch installed after creation (MSW) is used. */
  fetch: () => TimFetch;
}

/**
 * An openapi-fetch client typed by the spec, minus the auth query parameters, which a middleware adds to
 * every request (a fresh `random` each time). No validation, no retries, no thrown FAIL: `{ data, error,
 * response }` exactly as openapi-fetch returns them.
 *
 * @example
 * const { data } = await tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body });
 * if (data?.ActionStatus === "FAIL") console.warn(data.ErrorCode);
 */
export function createRawClient(options: RawClientOptions): Client<TimRawPaths> {
  const { query, userSig } = options;
  const raw = createClient<TimRawPaths>({
    baseUrl: options.baseUrl,
    fetch: (request) => {
      const fetch = options.fetch();
      return fetch(request);
    },
  });
  raw.use({
    async onRequest({ request }) {
      const url = new URL(request.url);
      for (const [name, value] of new URLSearchParams(query(await userSig.get()))) {
        url.searchParams.set(name, value);
      }
      // A Request's URL is read-only. The body is copied as bytes: passing its stream on would make a
      // streaming upload, which browsers refuse over HTTP/1.1.
      return new Request(url, {
        method: request.method,
        headers: request.headers,
        body: request.body === null ? null : await request.arrayBuffer(),
        signal: request.signal,
        redirect: request.redirect,
        credentials: request.credentials,
        keepalive: request.keepalive,
      });
    },
  });
  return raw;
}
