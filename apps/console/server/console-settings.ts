import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { type Region, regionTable } from "@timkit/client";
import { parseStaffPasswordHash, type StaffPasswordHash } from "./staff-password.js";

/** Everything the console server needs, read and checked once at start. */
export interface ConsoleSettings {
  readonly sdkAppId: number;
  readonly identifier: string;
  /** Where Tencent is: a region, or a base URL (a proxy, the sandbox). */
  readonly tim: { readonly region: Region } | { readonly baseUrl: string };
  readonly secretKey: string;
  /** The token set in the Chat console's callback configuration; callbacks are verified with it. */
  readonly callbackToken: string;
  readonly staffPasswordHash: StaffPasswordHash;
  /** Signs the session cookie (HMAC-SHA256), so a made-up session id is refused before it is looked up. */
  readonly sessionSecret: string;
  readonly host: string;
  readonly port: number;
  /**
   * The origin staff open the console at (`https://support.example.com` behind a TLS proxy). Pages of
   * any other origin cannot change state; `https:` makes the session cookie `Secure`. Default
   * `http://<host>:<port>`.
   */
  readonly publicOrigin: string | undefined;
  /** Host names answered to besides loopback names and the listening address. */
  readonly allowedHosts: readonly string[];
  /**
   * The addresses of the proxies in front of the console: a request from one of them is throttled by the
   * last `X-Forwarded-For` hop (the client that proxy saw) instead of by the proxy. Default none.
   */
  readonly trustedProxies: readonly string[];
}

/** The environment variables the console reads, each with what it holds. */
export const settingVariables = {
  TIMKIT_CONSOLE_SDKAPPID: "the application's SDKAppID, a positive integer",
  TIMKIT_CONSOLE_IDENTIFIER: "the App administrator's UserID, 1 to 32 characters",
  TIMKIT_CONSOLE_REGION: `the data center: ${Object.keys(regionTable).join(", ")} (or TIMKIT_CONSOLE_BASE_URL)`,
  TIMKIT_CONSOLE_BASE_URL: "instead of a region, an http(s) URL of the API (a proxy, the sandbox)",
  TIMKIT_CONSOLE_SECRET_KEY: "the application's secret key from the Chat console, 16 characters or more",
  TIMKIT_CONSOLE_CALLBACK_TOKEN: "the callback token set in the Chat console, 1 to 128 printable characters",
  TIMKIT_CONSOLE_STAFF_PASSWORD_HASH:
    "the staff password's scrypt hash (pnpm --filter @timkit/console hash-password)",
  TIMKIT_CONSOLE_SESSION_SECRET: "a random string of 32 characters or more that signs session cookies",
  TIMKIT_CONSOLE_HOST:
    "where to listen, default 127.0.0.1 (another address needs TIMKIT_CONSOLE_ALLOW_REMOTE=1)",
  TIMKIT_CONSOLE_PORT: "the port, default 4020 (0 for any free one)",
  TIMKIT_CONSOLE_PUBLIC_ORIGIN:
    "the origin staff use, e.g. https://support.example.com (https makes cookies Secure)",
  TIMKIT_CONSOLE_ALLOWED_HOSTS:
    "comma-separated Host names to answer to besides loopback and the listening address",
  TIMKIT_CONSOLE_TRUSTED_PROXY:
    "comma-separated IP addresses of the proxies in front of the console; sign-ins through one are throttled by the X-Forwarded-For hop it adds",
} as const;

type Variable = keyof typeof settingVariables;

/** What development fills in when a variable is not set: the sandbox's values. */
export interface DevelopmentDefaults {
  readonly sandboxUrl: string;
  readonly secretKey: string;
  readonly callbackToken: string;
  readonly staffPasswordHash: string;
}

/**
 * The settings from the environment. In production every variable of the list must be set (the region
 * or a base URL); with `development`, those not set take the sandbox's values. Throws one Error listing
 * each missing or malformed variable on its own line, never repeating a secret's value.
 *
 * @example
 * readConsoleSettings(process.env)
 */
export function readConsoleSettings(
  env: Readonly<Record<string, string | undefined>>,
  development?: DevelopmentDefaults,
): ConsoleSettings {
  const problems: string[] = [];
  const get = (name: Variable) => {
    const value = env[name];
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const need = (name: Variable, fallback?: string) => {
    const value = get(name) ?? fallback;
    if (value === undefined) problems.push(`${name} is missing: ${settingVariables[name]}`);
    return value;
  };
  const malformed = (name: Variable, why: string) =>
    problems.push(`${name} is malformed: ${why} (${settingVariables[name]})`);

  const sdkAppIdText = need("TIMKIT_CONSOLE_SDKAPPID", development && "88888888");
  const sdkAppId = Number(sdkAppIdText);
  if (sdkAppIdText !== undefined && !(/^\d{1,12}$/.test(sdkAppIdText) && sdkAppId > 0)) {
    malformed("TIMKIT_CONSOLE_SDKAPPID", "not a positive integer");
  }

  const identifier = need("TIMKIT_CONSOLE_IDENTIFIER", development && "admin");
  if (identifier !== undefined && (identifier.length > 32 || /[\s\p{Cc}]/u.test(identifier))) {
    malformed("TIMKIT_CONSOLE_IDENTIFIER", "longer than 32 characters or holding spaces");
  }

  let tim: ConsoleSettings["tim"] | undefined;
  const region = get("TIMKIT_CONSOLE_REGION");
  const baseUrl = get("TIMKIT_CONSOLE_BASE_URL") ?? (region ? undefined : development?.sandboxUrl);
  if (region !== undefined && baseUrl !== undefined) {
    malformed("TIMKIT_CONSOLE_BASE_URL", "set together with TIMKIT_CONSOLE_REGION; set one of them");
  } else if (region !== undefined) {
    if (Object.hasOwn(regionTable, region)) tim = { region: region as Region };
    else malformed("TIMKIT_CONSOLE_REGION", "not a known region");
  } else if (baseUrl !== undefined) {
    if (URL.canParse(baseUrl) && /^https?:$/.test(new URL(baseUrl).protocol)) tim = { baseUrl };
    else malformed("TIMKIT_CONSOLE_BASE_URL", "not an http(s) URL");
  } else {
    problems.push(`TIMKIT_CONSOLE_REGION is missing: ${settingVariables.TIMKIT_CONSOLE_REGION}`);
  }

  // The sandbox's published key and token are filled in only against a sandbox on this machine: against
  // Tencent (a region, or another host) they would sign requests and accept callbacks anyone can forge.
  const sandboxDefaults =
    development !== undefined && region === undefined && baseUrl !== undefined && isLoopbackUrl(baseUrl)
      ? development
      : undefined;
  const needSecret = (
    name: "TIMKIT_CONSOLE_SECRET_KEY" | "TIMKIT_CONSOLE_CALLBACK_TOKEN",
    fallback?: string,
  ) => {
    const value = get(name) ?? fallback;
    if (value === undefined && development !== undefined && sandboxDefaults === undefined) {
      const against =
        region !== undefined
          ? "TIMKIT_CONSOLE_REGION names a Tencent region"
          : "TIMKIT_CONSOLE_BASE_URL is not on a loopback address";
      problems.push(
        `${name} is missing: --development fills it in only for the sandbox on a loopback address, and ${against} (${settingVariables[name]})`,
      );
      return undefined;
    }
    return need(name, fallback);
  };

  const secretKey = needSecret("TIMKIT_CONSOLE_SECRET_KEY", sandboxDefaults?.secretKey);
  if (secretKey !== undefined && secretKey.length < 16) {
    malformed("TIMKIT_CONSOLE_SECRET_KEY", "shorter than 16 characters");
  }

  const callbackToken = needSecret("TIMKIT_CONSOLE_CALLBACK_TOKEN", sandboxDefaults?.callbackToken);
  if (callbackToken !== undefined && !/^[\x21-\x7e]{1,128}$/.test(callbackToken)) {
    malformed("TIMKIT_CONSOLE_CALLBACK_TOKEN", "not 1 to 128 printable ASCII characters without spaces");
  }

  const hashText = need("TIMKIT_CONSOLE_STAFF_PASSWORD_HASH", development?.staffPasswordHash);
  let staffPasswordHash: StaffPasswordHash | undefined;
  if (hashText !== undefined) {
    try {
      staffPasswordHash = parseStaffPasswordHash(hashText);
    } catch (error) {
      malformed("TIMKIT_CONSOLE_STAFF_PASSWORD_HASH", (error as Error).message);
    }
  }

  // In development each start makes a new one: sessions do not outlive the process anyway.
  const sessionSecret = need(
    "TIMKIT_CONSOLE_SESSION_SECRET",
    development && randomBytes(32).toString("base64url"),
  );
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    malformed("TIMKIT_CONSOLE_SESSION_SECRET", "shorter than 32 characters");
  }

  const host = get("TIMKIT_CONSOLE_HOST") ?? "127.0.0.1";
  if (isIP(host) === 0 && host !== "localhost") malformed("TIMKIT_CONSOLE_HOST", "not an IP address");
  else if (!isLoopback(host) && env.TIMKIT_CONSOLE_ALLOW_REMOTE !== "1") {
    malformed(
      "TIMKIT_CONSOLE_HOST",
      "not a loopback address; set TIMKIT_CONSOLE_ALLOW_REMOTE=1 to listen where other machines reach the console",
    );
  }

  const portText = get("TIMKIT_CONSOLE_PORT") ?? "4020";
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65535)
    malformed("TIMKIT_CONSOLE_PORT", "not a port from 0 to 65535");

  const publicOrigin = get("TIMKIT_CONSOLE_PUBLIC_ORIGIN");
  if (
    publicOrigin !== undefined &&
    !(URL.canParse(publicOrigin) && new URL(publicOrigin).origin === publicOrigin.replace(/\/$/, ""))
  ) {
    malformed("TIMKIT_CONSOLE_PUBLIC_ORIGIN", "not an origin like https://support.example.com");
  }

  const allowedHosts = (get("TIMKIT_CONSOLE_ALLOWED_HOSTS") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (allowedHosts.some((name) => !/^[a-z0-9.-]+$/.test(name))) {
    malformed(
      "TIMKIT_CONSOLE_ALLOWED_HOSTS",
      "a name holds characters other than letters, digits, dots and dashes",
    );
  }

  const trustedProxies = (get("TIMKIT_CONSOLE_TRUSTED_PROXY") ?? "")
    .split(",")
    .map((address) => address.trim())
    .filter(Boolean);
  if (trustedProxies.some((address) => isIP(address) === 0)) {
    malformed("TIMKIT_CONSOLE_TRUSTED_PROXY", "an entry is not an IP address");
  }

  if (problems.length > 0) {
    throw new Error(`The console cannot start:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
  }
  return {
    sdkAppId,
    identifier: identifier as string,
    tim: tim as ConsoleSettings["tim"],
    secretKey: secretKey as string,
    callbackToken: callbackToken as string,
    staffPasswordHash: staffPasswordHash as StaffPasswordHash,
    sessionSecret: sessionSecret as string,
    host,
    port,
    publicOrigin: publicOrigin?.replace(/\/$/, ""),
    allowedHosts,
    trustedProxies,
  };
}

function isLoopbackUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const hostname = new URL(url).hostname;
  return isLoopback(hostname === "[::1]" ? "::1" : hostname);
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
