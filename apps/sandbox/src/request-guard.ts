import type { IncomingMessage } from "node:http";
import { controlTokenCheck, controlTokenScheme } from "./control-token.js";
import {
  asHostname,
  hostnameOf,
  interfaceHostnames,
  isLoopbackHostname,
  isWildcardAddress,
} from "./local-addresses.js";

/** A request the sandbox answers with an error before any route runs, and nothing changes. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RequestGuardOptions {
  /** The address the server listens on, as `server.address()` gives it (`0.0.0.0`, `::`, `127.0.0.1`, …). */
  readonly boundAddress: string;
  /** Hostnames, normalised by `allowedHost`, that the sandbox answers to besides its own addresses. */
  readonly allowedHosts: readonly string[];
  /** Origins, checked by `allowedOrigin`, of pages that may call the sandbox besides this machine's. */
  readonly allowedOrigins: readonly string[];
  /** When set, every control route needs `Authorization: Bearer <token>`. */
  readonly controlToken: string | undefined;
}

/** What the sandbox checks before routing a request. */
export interface RequestGuard {
  /**
   * Why a request is refused whatever its route: a Host that names no address of this sandbox (421, what
   * a DNS-rebinding page sends), or a page of another origin (403, whatever its content type, since a
   * "simple" cross-origin POST reaches the server with no preflight).
   */
  refusal(request: IncomingMessage): Refusal | undefined;
  /** Why a `/__sandbox/*` request is refused: no control token (401), a body that is not JSON (415). */
  controlRefusal(request: IncomingMessage): Refusal | undefined;
  /** The Origin an answer lets read it through CORS, if any. */
  corsOrigin(request: IncomingMessage): string | undefined;
}

// Pages served from this machine, on any port: the sandbox is a local development tool.
const localOrigin = /^https?:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/;

// What browsers send without asking first; anything else may change state.
const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The rules that keep pages and hosts where they belong: the Host must be a loopback name, an address the
 * sandbox listens on or an allowed host; an Origin must be the sandbox's own (`http://` and the Host,
 * checked first), a page of this machine or an allowed origin. A request with no Origin (curl, servers)
 * passes, unless a browser marks it cross-site and it may change state.
 *
 * @example
 * const guard = requestGuard({ boundAddress: "127.0.0.1", allowedHosts: [], allowedOrigins: [], controlToken: undefined });
 * const refusal = guard.refusal(request); // → undefined, or { status: 403, message }
 */
export function requestGuard(options: RequestGuardOptions): RequestGuard {
  const allowedHosts = new Set(options.allowedHosts);
  const allowedOrigins = new Set(options.allowedOrigins);
  const boundHostname = asHostname(options.boundAddress);
  const everyInterface = isWildcardAddress(options.boundAddress);
  const carriesToken = options.controlToken ? controlTokenCheck(options.controlToken) : undefined;

  const answersTo = (hostname: string | undefined) =>
    hostname !== undefined &&
    (isLoopbackHostname(hostname) ||
      allowedHosts.has(hostname) ||
      hostname === boundHostname ||
      (everyInterface && interfaceHostnames().includes(hostname)));

  // A Host header's verdict, which nothing changes while the sandbox listens on one address: clients send
  // the same few hosts on every request. At most 256 kept, so made-up hosts cost a parse each, not memory.
  const verdicts = new Map<string, boolean>();
  const answersToHost = (host: string) => {
    if (everyInterface) return answersTo(hostnameOf(host));
    let verdict = verdicts.get(host);
    if (verdict === undefined) {
      verdict = answersTo(hostnameOf(host));
      if (verdicts.size >= 256) verdicts.clear();
      verdicts.set(host, verdict);
    }
    return verdict;
  };

  const allowsOrigin = (origin: string, host: string | undefined) =>
    localOrigin.test(origin) ||
    allowedOrigins.has(origin) ||
    // The sandbox's own pages: same scheme, host and port as the request, whose Host passed already.
    (host !== undefined && URL.canParse(`http://${host}`) && origin === new URL(`http://${host}`).origin);

  return {
    refusal(request) {
      const host = request.headers.host;
      // HTTP/1.0 clients may send no Host; browsers always do, so DNS rebinding cannot leave it out.
      if (host !== undefined && !answersToHost(host)) return wrongHost;
      const target = request.url ?? "/";
      if (!target.startsWith("/") && target !== "*" && URL.canParse(target)) {
        // An absolute-form target names the host too, and HTTP says it wins over the Host header.
        if (!answersTo(hostnameOf(new URL(target).host))) return wrongHost;
      }
      const origin = request.headers.origin;
      if (origin === undefined) {
        const crossSite = request.headers["sec-fetch-site"] === "cross-site";
        return crossSite && !safeMethods.has(request.method ?? "GET") ? crossOrigin : undefined;
      }
      return allowsOrigin(origin, host) ? undefined : crossOrigin;
    },

    controlRefusal(request) {
      if (carriesToken && !carriesToken(request.headers.authorization)) return noToken;
      if (!safeMethods.has(request.method ?? "GET") && !isJson(request.headers["content-type"]))
        return notJson;
      return undefined;
    },

    corsOrigin(request) {
      const origin = request.headers.origin;
      return origin !== undefined && allowsOrigin(origin, request.headers.host) ? origin : undefined;
    },
  };
}

const isJson = (contentType: string | undefined) =>
  contentType?.split(";")[0]?.trim().toLowerCase() === "application/json";

const wrongHost: Refusal = {
  status: 421,
  message:
    "the Host header names no address of this sandbox, as a DNS-rebinding page would: call it by a loopback address, localhost or the address it listens on, or start it with --allowed-hosts <name>",
};

const crossOrigin: Refusal = {
  status: 403,
  message:
    "requests from pages of other origins are refused (Origin null included): serve the page from this machine (http://localhost:<port>), or start the sandbox with --allowed-origins <origin>",
};

const noToken: Refusal = {
  status: 401,
  message: `the control routes need the control token the sandbox was started with: send "Authorization: ${controlTokenScheme} <token>"`,
  headers: { "www-authenticate": `${controlTokenScheme} realm="timkit sandbox"` },
};

const notJson: Refusal = {
  status: 415,
  message: "the control routes accept only Content-Type: application/json",
};
