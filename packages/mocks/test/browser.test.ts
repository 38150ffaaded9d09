import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium, watchPage } from "@timkit/browser-testing";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PageResults } from "./browser/page.js";
import { contractViolation } from "./response-contract.js";
import { scenarios } from "./scenarios.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const contentTypes: Record<string, string> = { ".html": "text/html", ".js": "text/javascript" };

let directory: string;
let server: Server;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "timkit-mocks-browser-"));
  // The package as published (dist), with msw bundled in for the page; then the page itself.
  await build({
    entryPoints: [join(packageRoot, "dist/browser.js")],
    outfile: join(directory, "mocks-browser.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    logLevel: "error",
  });
  await build({
    entryPoints: [join(packageRoot, "test/browser/page.ts")],
    outfile: join(directory, "page.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    external: ["/mocks-browser.js"],
    logLevel: "error",
  });
  // What `npx msw init` would copy into a web app's public folder.
  await copyFile(require.resolve("msw/mockServiceWorker.js"), join(directory, "mockServiceWorker.js"));
  await writeFile(
    join(directory, "index.html"),
    '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>timkit mocks</title><script type="module" src="/page.js"></script>',
  );
  server = createServer(async (request, response) => {
    const name = request.url === "/" ? "index.html" : (request.url ?? "").slice(1);
    try {
      const body = await readFile(join(directory, name.replace(/[^\w.-]/g, "")));
      response.writeHead(200, { "content-type": contentTypes[extname(name)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

describe("in Chromium, through the service worker", () => {
  it("runs the same scenarios with the same answers, keeps state and injects faults", async () => {
    const page = await browser.newPage();
    const watch = watchPage(page);
    const fromWorker = new Set<string>();
    page.on("response", (response) => {
      if (response.fromServiceWorker()) fromWorker.add(new URL(response.url()).hostname);
    });
    await page.goto(origin);
    await page.waitForFunction(() => window.timkitResults !== undefined, null, { timeout: 45_000 });
    const results = (await page.evaluate(() => window.timkitResults)) as PageResults | { failure: string };
    if ("failure" in results) throw new Error(`the page failed: ${results.failure}`);

    expect(results.outcomes.map((outcome) => outcome.name)).toEqual(
      scenarios.map((scenario) => scenario.name),
    );
    for (const [index, scenario] of scenarios.entries()) {
      const outcome = results.outcomes[index];
      expect(outcome, scenario.name).toMatchObject({
        status: 200,
        body: { ErrorCode: scenario.expectedCode },
      });
      expect(contractViolation(scenario.operationId, outcome?.body), scenario.name).toBeUndefined();
    }
    expect(results.receiptsAfterExample).toBe(1);
    expect(results.injectedCodes).toEqual([20004, 0]);
    expect(results.networkErrorRejected).toBe(true);
    // The answers came from the worker, not from a network that would have failed anyway.
    expect(fromWorker).toContain("console.tim.qq.com");
    expect(watch.consoleErrors.filter((message) => !/Failed to fetch|net::ERR/.test(message))).toEqual([]);
  });
});
