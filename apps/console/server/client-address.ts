import { isIP } from "node:net";

/**
 * Who is asking, for the sign-in throttle: the TCP peer, or, when the peer is one of `trustedProxies`,
 * the last `X-Forwarded-For` hop (the one that proxy added; earlier hops are the client's to make up).
 * An IPv6 address is keyed by its /64, which one machine usually holds whole; an IPv4-mapped IPv6
 * address by its IPv4 address.
 *
 * @example
 * clientAddressOf("10.0.0.5", "203.0.113.9, 198.51.100.7", ["10.0.0.5"]) // → "198.51.100.7"
 * clientAddressOf("2001:db8:1:2:3:4:5:6", undefined, []) // → "2001:db8:1:2::/64"
 */
export function clientAddressOf(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: readonly string[],
): string {
  const peerAddress = peer === undefined ? undefined : plainAddress(peer);
  if (peerAddress === undefined) return "unknown";
  if (forwardedFor !== undefined && trustedProxies.some((proxy) => plainAddress(proxy) === peerAddress)) {
    const lastHop = forwardedFor.split(",").at(-1)?.trim();
    const forwarded = lastHop === undefined ? undefined : plainAddress(withoutPort(lastHop));
    if (forwarded !== undefined) return throttleKey(forwarded);
  }
  return throttleKey(peerAddress);
}

/** The address as a key: IPv4 as is, IPv6 by its first 64 bits. */
function throttleKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const groups = expandedIPv6(address);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

/** An IP address without zone and with IPv4-mapped IPv6 turned into IPv4; undefined when not an IP. */
function plainAddress(text: string): string | undefined {
  const address = text.trim().replace(/%.*$/, "").toLowerCase();
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind !== 6) return undefined;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (
    mapped?.[1] &&
    isIP(mapped[1]) === 4 &&
    expandedIPv6(address)
      .slice(0, 5)
      .every((g) => g === "0")
  ) {
    return mapped[1];
  }
  return address;
}

/** `[2001:db8::1]:443` → `2001:db8::1`, `192.0.2.1:80` → `192.0.2.1`. */
function withoutPort(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed?.[1]) return bracketed[1];
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return v4WithPort?.[1] ?? hop;
}

/** The eight groups of an IPv6 address, without leading zeros (an embedded IPv4 tail as two groups). */
function expandedIPv6(address: string): string[] {
  let text = address;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}
