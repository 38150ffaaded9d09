/** Where the console sends read receipts, and as which administrator. */
export interface ConsoleConfig {
  /** The API's base URL: the sandbox in development, a proxy of Tencent's regional domain in production. */
  baseUrl: string;
  /** The application's SDKAppID. */
  sdkAppId: number;
  /** The App administrator the requests are made as (`identifier`). */
  identifier: string;
  /**
   * Where the console fetches that administrator's UserSig: the sandbox's dev-only endpoint by default, an
   * endpoint of your own backend (which signs in the staff member first) in production. The secret key
   * that makes UserSigs never reaches the browser.
   */
  userSigUrl: string;
}

/** Settings as they come from Vite env variables or `console-config.json`: unchecked, any may be missing. */
export type ConsoleConfigInput = Partial<Record<keyof ConsoleConfig, unknown>>;

/** The sandbox's own values (`pnpm start`), used for every setting nobody gave. */
export const sandboxConfig = {
  baseUrl: "http://127.0.0.1:4010",
  sdkAppId: 88888888,
  identifier: "admin",
} as const;

/** The sandbox's dev-only endpoint that hands out its administrator's UserSig. */
export const sandboxUserSigPath = "/__sandbox/usersig";

/** The file next to `index.html` that configures a built console without rebuilding it. */
export const runtimeConfigFile = "console-config.json";

const settingNames: ReadonlyArray<keyof ConsoleConfig> = ["baseUrl", "sdkAppId", "identifier", "userSigUrl"];

/** A setting of the console is missing or wrong; the message names it. */
export class ConsoleConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConsoleConfigError";
  }
}

/**
 * The settings given at build time through Vite env variables (`VITE_TIM_BASE_URL`, `VITE_TIM_SDKAPPID`,
 * `VITE_TIM_IDENTIFIER`, `VITE_TIM_USERSIG_URL`).
 *
 * @example
 * buildTimeConfig({ VITE_TIM_SDKAPPID: "1400000000" }) // → { sdkAppId: "1400000000" }
 */
export function buildTimeConfig(env: ImportMetaEnv = import.meta.env): ConsoleConfigInput {
  return {
    baseUrl: env.VITE_TIM_BASE_URL,
    sdkAppId: env.VITE_TIM_SDKAPPID,
    identifier: env.VITE_TIM_IDENTIFIER,
    userSigUrl: env.VITE_TIM_USERSIG_URL,
  };
}

/**
 * Merges layers of settings (later layers win; missing and empty values are skipped), fills in the
 * sandbox's values and checks the result. Unless set itself, the UserSig URL is the sandbox's endpoint at
 * the base URL, asking for the configured administrator.
 *
 * @example
 * resolveConsoleConfig(buildTimeConfig(), { baseUrl: "http://127.0.0.1:5123" })
 * // → { baseUrl: "http://127.0.0.1:5123", sdkAppId: 88888888, identifier: "admin",
 * //     userSigUrl: "http://127.0.0.1:5123/__sandbox/usersig?identifier=admin" }
 */
export function resolveConsoleConfig(...layers: ConsoleConfigInput[]): ConsoleConfig {
  const merged: ConsoleConfigInput = {};
  for (const layer of layers) {
    for (const name of settingNames) {
      const value = layer[name];
      if (value !== undefined && value !== null && value !== "") merged[name] = value;
    }
  }
  const baseUrl = httpUrl("baseUrl", merged.baseUrl ?? sandboxConfig.baseUrl).replace(/\/+$/, "");
  const identifier = identifierOf(merged.identifier ?? sandboxConfig.identifier);
  const sandboxUserSigUrl = `${baseUrl}${sandboxUserSigPath}?identifier=${encodeURIComponent(identifier)}`;
  return {
    baseUrl,
    sdkAppId: sdkAppIdOf(merged.sdkAppId ?? sandboxConfig.sdkAppId),
    identifier,
    userSigUrl: httpUrl("userSigUrl", merged.userSigUrl ?? sandboxUserSigUrl),
  };
}

/**
 * The console's settings: the build-time ones, overridden by `console-config.json` next to the page when
 * it sets anything. That file is how one build is pointed at another server (the e2e test's sandbox on a
 * random port, a staging proxy) without rebuilding.
 *
 * @example
 * const config = await loadConsoleConfig(new URL("console-config.json", document.baseURI));
 */
export async function loadConsoleConfig(
  url: URL,
  options: { fetch?: typeof fetch; env?: ImportMetaEnv } = {},
): Promise<ConsoleConfig> {
  const fetchFile = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let response: Response;
  try {
    response = await fetchFile(url, { cache: "no-store", headers: { accept: "application/json" } });
  } catch (cause) {
    throw new ConsoleConfigError(`Could not load ${url.pathname}: ${String(cause)}`, { cause });
  }
  // No file at all is fine: the build-time settings apply.
  if (response.status === 404) return resolveConsoleConfig(buildTimeConfig(options.env));
  if (!response.ok) throw new ConsoleConfigError(`Could not load ${url.pathname}: HTTP ${response.status}`);
  let file: unknown;
  try {
    file = await response.json();
  } catch (cause) {
    throw new ConsoleConfigError(`${url.pathname} is not valid JSON`, { cause });
  }
  return resolveConsoleConfig(buildTimeConfig(options.env), checkConfigFile(url.pathname, file));
}

function checkConfigFile(name: string, file: unknown): ConsoleConfigInput {
  if (typeof file !== "object" || file === null || Array.isArray(file)) {
    throw new ConsoleConfigError(`${name} must hold a JSON object`);
  }
  // A misspelt setting would otherwise be ignored silently, and the console would talk to the wrong server.
  const unknown = Object.keys(file).filter((key) => !(settingNames as string[]).includes(key));
  if (unknown.length > 0) {
    throw new ConsoleConfigError(
      `${name} has unknown setting ${unknown.map((key) => `"${key}"`).join(", ")}; the settings are ${settingNames.join(", ")}`,
    );
  }
  return file as ConsoleConfigInput;
}

function httpUrl(name: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {}
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    throw new ConsoleConfigError(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return url.href;
}

function sdkAppIdOf(value: unknown): number {
  const sdkAppId = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof sdkAppId !== "number" || !Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) {
    throw new ConsoleConfigError(`sdkAppId must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return sdkAppId;
}

function identifierOf(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConsoleConfigError(
      `identifier must be an administrator's UserID, got ${JSON.stringify(value)}`,
    );
  }
  return value.trim();
}
