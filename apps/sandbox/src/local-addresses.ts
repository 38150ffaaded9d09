import { BlockList, isIP } from "node:net";
import { type NetworkInterfaceInfo, networkInterfaces } from "node:os";

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/**
 * True for an address of this machine's loopback interface: 127.0.0.0/8 and ::1, IPv4-mapped forms
 * (`::ffff:127.0.0.1`) included.
 *
 * @example
 * isLoopbackAddress("127.0.0.1") // → true
 * isLoopbackAddress("0.0.0.0") // → false: that is every interface
 */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && loopback.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** True when listening on this address takes every interface of its family (or both, for `::`). */
export function isWildcardAddress(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

/**
 * True for a hostname as {@link hostnameOf} writes it that only ever means this machine: `localhost` and
 * the loopback addresses (`[::1]` bracketed, as in a URL).
 *
 * @example
 * isLoopbackHostname("[::1]") // → true
 * isLoopbackHostname("localhost.evil.example") // → false
 */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === "localhost") return true;
  return isLoopbackAddress(unbracketed(hostname));
}

// What a Host header may hold: a name or IPv4 address, or a bracketed IPv6 address, then an optional port.
// Anything else (a path, userinfo, spaces, non-ASCII) is no host of this sandbox's.
const hostHeader = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{0,5})?$/i;

/**
 * The hostname a Host header (or a host flag) names, normalised as a browser's URL parser writes it: lower
 * case, one trailing dot dropped, IPv6 bracketed and shortened, IPv4 in dotted decimal (`0x7f.1` is
 * `127.0.0.1`). Undefined when the text is no host.
 *
 * @example
 * hostnameOf("LocalHost:4010") // → "localhost"
 * hostnameOf("[0:0:0:0:0:0:0:1]") // → "[::1]"
 * hostnameOf("evil.example/@127.0.0.1") // → undefined
 */
export function hostnameOf(host: string): string | undefined {
  if (!hostHeader.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname.replace(/\.$/, "");
  } catch {
    return undefined;
  }
}

/** The address as a URL's hostname writes it: IPv6 in brackets. */
export function asHostname(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

/**
 * The hostnames of this machine's own interface addresses, read on each call (an address may come with
 * Wi-Fi or DHCP after the start): the names a sandbox listening on every interface answers to.
 */
export function interfaceHostnames(): string[] {
  return interfaceAddresses().map((info) => asHostname(info.address));
}

/** This machine's interface addresses, loopback included (`internal`). */
export function interfaceAddresses(): NetworkInterfaceInfo[] {
  return Object.values(networkInterfaces()).flatMap((infos) => infos ?? []);
}

function unbracketed(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}
