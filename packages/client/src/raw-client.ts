import type { Client, Middleware } from "openapi-fetch";
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

type RawClient = Client<TimRawPaths>;
type RawCall = (...args: unknown[]) => Promise<unknown>;

const calls = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "request"] as const;

/**
 * An openapi-fetch client typed by the spec, minus the auth query parameters, which a middleware adds to
 * every request (a fresh `random` each time). No validation, no retries, no thrown FAIL: `{ data, error,
 * response }` exactly as openapi-fetch returns them.
 *
 * openapi-fetch is loaded with `import()` on the first call, so an app that never uses `tim.raw` never
 * downloads it. Until then, `use` and `eject` work on a list that the real client gets, after the auth
 * middleware, when it is made.
 *
 * @example
 * const { data } = await tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body });
 * if (data?.ActionStatus === "FAIL") console.warn(data.ErrorCode);
 */
export function createRawClient(options: RawClientOptions): RawClient {
  const { query, userSig } = options;
  let client: RawClient | undefined;
  let loading: Promise<RawClient> | undefined;
  // Middleware registered before openapi-fetch is loaded, kept as openapi-fetch keeps its own list.
  const pending: Middleware[] = [];

  const load = (): Promise<RawClient> =>
    (loading ??= import("openapi-fetch").then(
      ({ default: createClient }) => {
        const created = createClient<TimRawPaths>({
          baseUrl: options.baseUrl,
          fetch: (request) => {
            const fetch = options.fetch();
            return fetch(request);
          },
        });
        created.use(
          {
            async onRequest({ request }) {
              const url = new URL(request.url);
              for (const [name, value] of new URLSearchParams(query(await userSig.get()))) {
                url.searchParams.set(name, value);
              }
              // A Request's URL is read-only. The body is copied as bytes: passing its stream on would make
              // a streaming upload, which browsers refuse over HTTP/1.1.
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
          },
          ...pending,
        );
        client = created;
        return created;
      },
      (error: unknown) => {
        // A failed load (a chunk that did not download) is tried again on the next call.
        loading = undefined;
        throw error;
      },
    ));

  const raw = {
    use(...middleware: Middleware[]) {
      if (client) return client.use(...middleware);
      for (const m of middleware) {
        if (!m) continue;
        // The check and message of openapi-fetch's own `use`, so that a wrong middleware throws right away.
        if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
          throw new Error(
            "Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`",
          );
        }
        pending.push(m);
      }
    },
    eject(...middleware: Middleware[]) {
      if (client) return client.eject(...middleware);
      for (const m of middleware) {
        const i = pending.indexOf(m);
        if (i !== -1) pending.splice(i, 1);
      }
    },
  } as Record<string, unknown>;
  for (const name of calls) {
    raw[name] = (...args: unknown[]) =>
      client
        ? (client[name] as RawCall)(...args)
        : load().then((created) => (created[name] as RawCall)(...args));
  }
  return raw as unknown as RawClient;
}
