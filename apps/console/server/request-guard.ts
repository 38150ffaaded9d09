import type { MiddlewareHandler } from "hono";

export interface RequestGuardOptions {
  /** The address the server listens on. */
  readonly host: string;
  /** Host names answered to besides loopback names and `host`. */
  readonly allowedHosts: readonly string[];
  /** The one origin whose pages may change state; default `http://` + the request's Host. */
  readonly publicOrigin: string | undefined;
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses, before any route runs: a Host that names no address of this console (421, what a
 * DNS-rebinding page sends), and a request that may change state from a page of another origin (403),
 * whatever its content type, or with `Sec-Fetch-Site: cross-site` and no Origin. A request without
 * Origin (curl, Tencent's callbacks) passes to the route, which has its own check (session or signature).
 *
 * @example
 * app.use(requestGuard({ host: "127.0.0.1", allowedHosts: [], publicOrigin: undefined }));
 */
export function requestGuard(options: RequestGuardOptions): MiddlewareHandler {
  const allowed = new Set([...options.allowedHosts, bracketed(options.host)]);
  if (options.publicOrigin) allowed.add(new URL(options.publicOrigin).hostname);
  return async (c, next) => {
    const host = c.req.header("host");
    const hostname = host === undefined ? undefined : hostnameOf(host);
    if (
      host !== undefined &&
      (hostname === undefined || !(isLoopbackName(hostname) || allowed.has(hostname)))
    ) {
      return c.json(
        {
          error: {
            message:
              "the Host header names no address of this console: open it by its loopback address or set TIMKIT_CONSOLE_ALLOWED_HOSTS",
          },
        },
        421,
      );
    }
    if (!safeMethods.has(c.req.method)) {
      const origin = c.req.header("origin");
      const own = options.publicOrigin ?? (host === undefined ? undefined : `http://${host}`);
      const crossSite = origin === undefined && c.req.header("sec-fetch-site") === "cross-site";
      if (crossSite || (origin !== undefined && origin !== own)) {
        return c.json(
          { error: { message: "requests that change state are accepted only from the console's own pages" } },
          403,
        );
      }
    }
    await next();
  };
}

function hostnameOf(host: string): string | undefined {
  if (!/^(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname.replace(/\.$/, "");
  } catch {
    return undefined;
  }
}

function isLoopbackName(hostname: string): boolean {
  return (
    hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

function bracketed(address: string): string {
  return address.includes(":") ? `[${address}]` : address;
}
