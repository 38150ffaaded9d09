import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's `chromium` package puts the browser; override with TIMKIT_CHROMIUM. */
export const chromiumPath = process.env.TIMKIT_CHROMIUM ?? "/usr/bin/chromium";

// Root on a closed network: no sandbox, and none of Chromium's own background traffic.
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches the system Chromium. Fails with an install hint, never skips: a browser test
 * that silently does not run proves nothing. `extraArgs` adds command-line switches (for example
 * `--host-resolver-rules` to give the loopback server a name that is not a secure context).
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 */
export async function launchChromium(options: { extraArgs?: string[] } = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it with \`apt-get install -y chromium\` or set TIMKIT_CHROMIUM`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, ...(options.extraArgs ?? [])],
  });
}

/** What a page did that a test usually wants to forbid: console errors and requests that leave loopback. */
export interface PageWatch {
  consoleErrors: string[];
  externalRequests: string[];
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Records console errors and every request to a host other than loopback (`data:`/`blob:` URLs are local).
 *
 * @example
 * const watch = watchPage(page);
 * await page.goto(url);
 * expect(watch.externalRequests).toEqual([]);
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { consoleErrors: [], externalRequests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") watch.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => watch.consoleErrors.push(String(error)));
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (
      (url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:") &&
      !loopbackHosts.has(url.hostname)
    ) {
      watch.externalRequests.push(request.url());
    }
  });
  return watch;
}

/** An installed package's ES modules, served to a test page the way an import map names them. */
export interface PackageModules {
  /** The import map entry: the package's specifier prefix (`"@noble/hashes/"`) mapped to `urlPrefix`. */
  imports: Record<string, string>;
  /** The module at `urlPath` (under `urlPrefix`), or undefined when the path is not one of its `.js` files. */
  read(urlPath: string): Buffer | undefined;
}

/**
 * Lets a test page load a published bundle's bare imports (`import … from "@noble/hashes/hmac.js"`)
 * without a bundler: the package is resolved as Node would from `fromFile`, and its top-level `.js`
 * files are served under `urlPrefix`. Files in subfolders, and paths with `..`, are not served.
 *
 * @example
 * const noble = packageModules("@noble/hashes", "hmac.js", bundlePath, "/modules/noble-hashes/");
 * // <script type="importmap">{"imports": ${JSON.stringify(noble.imports)}}</script>
 */
export function packageModules(
  packageName: string,
  someModule: string,
  fromFile: string,
  urlPrefix: string,
): PackageModules {
  const directory = dirname(createRequire(fromFile).resolve(`${packageName}/${someModule}`));
  return {
    imports: { [`${packageName}/`]: urlPrefix },
    read(urlPath) {
      if (!urlPath.startsWith(urlPrefix)) return undefined;
      const name = urlPath.slice(urlPrefix.length);
      if (!/^[\w-][\w.-]*\.js$/.test(name)) return undefined;
      const file = join(directory, name);
      return existsSync(file) ? readFileSync(file) : undefined;
    },
  };
}
