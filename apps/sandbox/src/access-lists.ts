import { isIP } from "node:net";
import { hostnameOf } from "./local-addresses.js";

/**
 * Checks one entry of the allowed-host list (a name or address this sandbox may be called by, beyond the
 * loopback ones) and returns it normalised. Throws an Error naming `option` when it is not a bare host.
 *
 * @example
 * allowedHost("MyLaptop.local", "--allowed-hosts") // → "mylaptop.local"
 * allowedHost("http://mylaptop.local:4010", "--allowed-hosts") // throws: no scheme, no port
 */
export function allowedHost(text: string, option: string): string {
  if (text === "*") {
    throw new Error(`${option} takes host names, not "*": a wildcard would let DNS rebinding pages in`);
  }
  // A bare IPv6 address is bracketed as in a URL; any other colon would be a port, which is not checked.
  const host = isIP(text) === 6 ? `[${text}]` : text;
  const hostname = /:\d*$/.test(host) && !host.endsWith("]") ? undefined : hostnameOf(host);
  if (hostname === undefined || hostname === "") {
    throw new Error(
      `${option}: ${JSON.stringify(text)} is not a host name or address; give it without scheme, port or path, e.g. mylaptop.local or 192.168.1.20 (non-ASCII names in their xn-- form)`,
    );
  }
  return hostname;
}

/**
 * Checks one entry of the allowed-origin list (a web page's origin that may call the sandbox from
 * elsewhere than this machine) and returns it. Throws an Error naming `option` when it is not an origin
 * written the way browsers send it.
 *
 * @example
 * allowedOrigin("http://192.168.1.20:5173", "--allowed-origins") // → "http://192.168.1.20:5173"
 * allowedOrigin("null", "--allowed-origins") // throws: every sandboxed page and file:// would be in
 */
export function allowedOrigin(text: string, option: string): string {
  if (text === "null") {
    throw new Error(
      `${option}: "null" is the origin of every sandboxed frame and file:// page, so it cannot be allowed; serve your page from http://localhost instead`,
    );
  }
  if (text === "*")
    throw new Error(`${option} takes origins, not "*": any web page could then change the sandbox`);
  let origin: string | undefined;
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") origin = url.origin;
  } catch {
    origin = undefined;
  }
  if (origin === undefined) {
    throw new Error(
      `${option}: ${JSON.stringify(text)} is not an http(s) origin such as http://192.168.1.20:5173`,
    );
  }
  if (origin !== text) {
    // Browsers send the origin in exactly this form; another spelling would silently never match.
    throw new Error(`${option}: write ${JSON.stringify(text)} as the origin ${JSON.stringify(origin)}`);
  }
  return origin;
}
