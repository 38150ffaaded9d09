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
  const hostname = hostnameOf(url);
  if (hostname === undefined || isLoopbackHostname(hostname) || allowHosts.includes(hostname)) return;
  throw new Error(
    `${option}: the sandbox sends callbacks only to this machine (localhost, 127.0.0.1, [::1]); ${hostname} is elsewhere. List it with --callback-allow-hosts ${hostname} to mean it`,
  );
}

/**
 * Checks a callback URL set at run time (`PUT /__sandbox/callbacks`) by a sandbox that other machines
 * may call (`--allow-remote`): its host must be listed by `--callback-allow-hosts`, loopback included, so
 * that whoever holds the control token cannot make the sandbox post to, and report the statuses of, the
 * services listening on its own loopback. Throws an Error naming `option`.
 *
 * @example
 * checkRemoteSetCallbackTarget("http://127.0.0.1:22/", [], "url") // throws: not listed
 * checkRemoteSetCallbackTarget("http://backend.test/tim", ["backend.test"], "url") // → ok
 */
export function checkRemoteSetCallbackTarget(
  url: unknown,
  allowHosts: readonly string[],
  option: string,
): void {
  const hostname = hostnameOf(url);
  if (hostname === undefined || allowHosts.includes(hostname)) return;
  throw new Error(
    `${option}: this sandbox allows remote callers (--allow-remote), so a callback URL set at run time must name a host listed by --callback-allow-hosts, loopback included; ${hostname} is not listed. Give it with --callback-url at start, or list it with --callback-allow-hosts ${hostname}`,
  );
}

/** The URL's hostname, or undefined when it is no URL (the mock's own check then says what it must be). */
function hostnameOf(url: unknown): string | undefined {
  try {
    return new URL(String(url)).hostname;
  } catch {
    return undefined;
  }
}

/** Checks and normalises the hosts given to `--callback-allow-hosts`. */
export function callbackAllowHosts(hosts: readonly string[], option: string): string[] {
  return hosts.map((host) => allowedHost(host, option));
}
