import { allowedHost } from "./access-lists.js";
import { isLoopbackHostname } from "./local-addresses.js";

/**
 * Checks where the sandbox is asked to send Tencent's callbacks: loopback (`localhost`, 127.0.0.0/8,
 * `[::1]`) or a host the operator listed (`--callback-allow-hosts`), so that the sandbox never becomes a
 * relay that posts to other machines for whoever can reach it. Throws an Error naming `option`.
 *
 * @example
 * checkCallbackTarget("http://127.0.0.1:3000/tim", [], "--callback-url") // → ok
 * checkCallbackTarget("http://192.0.2.7/tim", [], "--callback-url") // throws: not loopback, not listed
 */
export function checkCallbackTarget(url: unknown, allowHosts: readonly string[], option: string): void {
  let hostname: string;
  try {
    hostname = new URL(String(url)).hostname;
  } catch {
    // The mock's own check says what a callback URL must look like.
    return;
  }
  if (isLoopbackHostname(hostname) || allowHosts.includes(hostname)) return;
  throw new Error(
    `${option}: the sandbox sends callbacks only to this machine (localhost, 127.0.0.1, [::1]); ${hostname} is elsewhere. List it with --callback-allow-hosts ${hostname} to mean it`,
  );
}

/** Checks and normalises the hosts given to `--callback-allow-hosts`. */
export function callbackAllowHosts(hosts: readonly string[], option: string): string[] {
  return hosts.map((host) => allowedHost(host, option));
}
