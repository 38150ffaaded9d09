// Opens the built page in the system Chromium, offline, the way a reader of /docs sees it.
import { existsSync } from "node:fs";
import { copyFile, mkdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { launchChromium, type PageWatch, watchPage } from "@timkit/browser-testing";
import { callbackCommands, operationTable, regionTable, webhookExamples, webhookTable } from "@timkit/spec";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const pagePath = fileURLToPath(new URL("../dist/index.html", import.meta.url));
const resultsDir = fileURLToPath(new URL("../test-results/", import.meta.url));
const screenshotPath = `${resultsDir}docs.png`;
const readmeScreenshotPath = fileURLToPath(new URL("../screenshot.png", import.meta.url));

const operation = operationTable.c2cMsgReadReceipt;
const sampleLabels = /^(curl|@timkit\/client|Payload)$/;
const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

interface OpenedPage {
  browser: Browser;
  page: Page;
  watch: PageWatch;
  /** Requests to other hosts, aborted before they left. */
  blocked: string[];
}

let server: Server | undefined;
let browser: Browser | undefined;
let opened: Promise<OpenedPage>;

/** Serves the page alone, as the sandbox does at /docs: anything else it asked for would 404. */
async function serveDocs(): Promise<string> {
  if (!existsSync(pagePath)) {
    throw new Error(`${pagePath} is missing: run \`corepack pnpm --filter @timkit/docs build\` first`);
  }
  const html = await readFile(pagePath);
  const docs = createServer((request, response) => {
    if (request.url === "/docs")
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
    else response.writeHead(404).end();
  });
  server = docs;
  await new Promise<void>((resolve) => docs.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(docs.address() as AddressInfo).port}/docs`;
}

async function openDocs(): Promise<OpenedPage> {
  const url = await serveDocs();
  const chromium = await launchChromium();
  browser = chromium;
  const page = await chromium.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(15_000);
  const watch = watchPage(page);
  const blocked: string[] = [];
  await page.route("**/*", (route) => {
    const requested = new URL(route.request().url());
    if (loopbackHosts.has(requested.hostname)) return route.continue();
    blocked.push(requested.href);
    return route.abort("blockedbyclient");
  });
  await page.goto(url);
  // The menu answers once Redoc has hydrated the prerendered page. Every heading Redoc renders carries a
  // share link named "link to <the same words>", so names are anchored where that link's is not: the
  // menu's operation entry reads "<summary> post", the heading "link to <summary> <summary>".
  await page.getByRole("link", { name: "One-to-one messages", exact: true }).click();
  await page.getByRole("link", { name: startsWith(operation.summary) }).click();
  await operationHeading(page).waitFor();
  return { browser: chromium, page, watch, blocked };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const startsWith = (text: string) => new RegExp(`^${escaped(text)}\\b`);

/** The operation's heading (Redoc names it "link to <summary> <summary>"). */
const operationHeading = (page: Page) =>
  page.getByRole("heading", { name: new RegExp(` ${escaped(operation.summary)}$`), level: 2 });

/** The table of the operation's "Error codes" section (its heading's share link names the operation). */
const errorTable = (page: Page) =>
  page
    .getByRole("heading", {
      name: new RegExp(`/${operation.operationId.toLowerCase()}/.*error-codes Error codes$`),
    })
    .locator("xpath=following::table[1]");

/** The operation's request-sample panel: server selector, language menu and code. */
const samplePanel = (page: Page) =>
  page.locator('[data-component-name="Panel/Panel"]').filter({ hasText: operation.path }).first();

async function showSample(page: Page, label: string): Promise<string> {
  const panel = samplePanel(page);
  await panel.getByRole("button", { name: sampleLabels }).click();
  await page.getByRole("menuitem", { name: label, exact: true }).click();
  await panel.getByRole("button", { name: label, exact: true }).waitFor();
  return (await panel.textContent()) ?? "";
}

// Started here, awaited by every test: without Chromium each test fails (none is skipped).
beforeAll(() => {
  opened = openDocs();
  opened.catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe("docs page", () => {
  it("shows the operation and its five query parameters", async () => {
    const { page } = await opened;
    expect(await operationHeading(page).isVisible()).toBe(true);
    for (const name of ["sdkappid", "identifier", "usersig", "random", "contenttype"]) {
      expect(await page.getByText(name, { exact: true }).first().isVisible(), name).toBe(true);
    }
  });

  it("shows the spec's request example as the payload sample", async () => {
    const { page } = await opened;
    const payload = await showSample(page, "Payload");
    expect(payload).toMatch(/"MsgKey":\s*"1467329515_5675354_1708676941"/);
    expect(payload).toMatch(/"Operator_Account":\s*"user1"/);
    const panel = samplePanel(page);
    expect(await panel.getByText('"1467329515_5675354_1708676941"').isVisible()).toBe(true);
    expect(await panel.getByText('"Operator_Account"').isVisible()).toBe(true);
  });

  it("shows a curl sample on the Singapore domain and a @timkit/client sample, both with the example", async () => {
    const { page } = await opened;
    const curl = await showSample(page, "curl");
    expect(curl).toContain(
      `"https://${regionTable.singapore.primary}${operation.path}?sdkappid=88888888&identifier=admin&usersig=$USERSIG&random=$RANDOM&contenttype=json"`,
    );
    expect(curl).toContain("1467329515_5675354_1708676941");

    const client = await showSample(page, "@timkit/client");
    expect(client).toContain(`import { createTimClient } from "@timkit/client";`);
    expect(client).toContain("await tim.c2cMsgReadReceipt({");
    expect(client).toContain(`MsgKey: "1467329515_5675354_1708676941"`);

    await mkdir(resultsDir, { recursive: true });
    await page.mouse.move(0, 0);
    await page.screenshot({ path: screenshotPath, animations: "disabled", caret: "hide" });
    await copyFile(screenshotPath, readmeScreenshotPath);
  });

  it("lists every error code of the operation in its error table", async () => {
    const { page } = await opened;
    const table = errorTable(page);
    await table.scrollIntoViewIfNeeded();
    for (const code of operation.errorCodes) {
      const cell = table.getByRole("cell", { name: String(code), exact: true });
      expect(await cell.isVisible(), `error code ${code}`).toBe(true);
    }
    expect(await table.getByRole("cell", { name: "No (wait 60 s)" }).isVisible()).toBe(true);
  });

  it("lists all seven regional domains in the server selector", async () => {
    const { page } = await opened;
    const selector = samplePanel(page).getByRole("button", { name: `POST ${operation.path}` });
    await selector.scrollIntoViewIfNeeded();
    await selector.click();
    const regions = Object.values(regionTable);
    expect(regions).toHaveLength(7);
    for (const { name, primary, backup } of regions) {
      const entry = page.getByRole("menuitem").filter({ hasText: `https://${primary}${operation.path}` });
      expect(await entry.isVisible(), primary).toBe(true);
      expect(await entry.textContent()).toContain(`${name} (backup: ${backup})`);
    }
    await page.keyboard.press("Escape");
  });

  it("refuses, by its own content security policy, to load anything from another host", async () => {
    const { browser, page } = await opened;
    // A second page, so the refusals it logs stay out of the first page's console check.
    const probe = await browser.newPage();
    // Anything that got past the policy would reach this route, which stops it there.
    const pastPolicy: string[] = [];
    await probe.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      pastPolicy.push(route.request().url());
      return route.abort("blockedbyclient");
    });
    const refusals: string[] = [];
    probe.on("requestfailed", (request) => refusals.push(`${request.url()} ${request.failure()?.errorText}`));
    await probe.goto(page.url());
    const outcome = await probe.evaluate(async () => {
      const image = new Promise((resolve) => {
        const img = new Image();
        img.onload = () => resolve("loaded");
        img.onerror = () => resolve("refused");
        img.src = "https://example.com/logo.png";
      });
      const call = fetch("https://example.com/").then(
        () => "sent",
        () => "refused",
      );
      return Promise.all([image, call]);
    });
    await probe.close();
    expect(outcome).toEqual(["refused", "refused"]);
    expect(pastPolicy).toEqual([]);
    expect(refusals).toContain("https://example.com/logo.png csp");
  });

  it("shows every webhook with its query parameters, its body sample and each of its reply samples", async () => {
    const { page } = await opened;
    await page.getByRole("link", { name: "Callbacks", exact: true }).click();
    for (const command of callbackCommands) {
      const { summary } = webhookTable[command];
      await page.getByRole("link", { name: startsWith(summary) }).click();
      const heading = page.getByRole("heading", {
        name: new RegExp(`${escaped(summary)}\\s*Webhook$`),
        level: 2,
      });
      await heading.waitFor();
      const section = heading.locator("xpath=ancestor::*[.//*[@data-component-name='Panel/Panel']][1]");
      for (const name of ["SdkAppid", "CallbackCommand", "Sign", "RequestTime"])
        expect(await section.getByText(name, { exact: true }).first().isVisible(), `${command} ${name}`).toBe(
          true,
        );
      const examples = webhookExamples[command];
      const payload = section
        .locator('[data-component-name="Panel/Panel"]')
        .filter({ hasText: `POST${command}` });
      const body = examples.requests.documentation.value as Record<string, unknown>;
      const payloadText = (await payload.textContent()) ?? "";
      for (const [field, value] of Object.entries(body).filter(([, value]) => typeof value !== "object"))
        expect(payloadText, `${command} body sample ${field}`).toContain(
          `"${field}": ${JSON.stringify(value)}`,
        );
      const replies = section.locator('[data-component-name="Panel/Panel"]').filter({ hasText: /^Response/ });
      const [first, ...others] = Object.values(examples.responses);
      // Redoc names the examples only when there are several to choose from.
      if (others.length > 0)
        expect(await replies.textContent(), `${command} reply sample`).toContain(first?.summary);
      expect(await replies.textContent(), `${command} reply sample`).toContain(
        `"ErrorCode": ${(first?.value as { ErrorCode?: number } | undefined)?.ErrorCode}`,
      );
      for (const other of others) {
        // The example menu opens on a click once Redoc has wired it up: click again until it shows.
        const item = page.getByRole("menuitem", { name: other.summary, exact: true });
        for (let attempt = 0; attempt < 5 && !(await item.isVisible()); attempt++) {
          await replies.getByRole("button", { name: "Example" }).click();
          await item.waitFor({ timeout: 2_000 }).catch(() => {});
        }
        await item.click();
        const { ErrorCode } = other.value as { ErrorCode: number };
        await replies
          .getByText(`"ErrorCode": ${ErrorCode}`)
          .or(replies.getByText(String(ErrorCode), { exact: true }))
          .first()
          .waitFor();
        expect(await replies.textContent(), `${command} reply ${other.summary}`).toContain(other.summary);
      }
    }
    await page.mouse.move(0, 0);
    await page.screenshot({ path: `${resultsDir}docs-webhook.png`, animations: "disabled", caret: "hide" });
  });

  it("logs no console error and sends no request off the machine", async () => {
    const { watch, blocked } = await opened;
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.externalRequests).toEqual([]);
    expect(blocked).toEqual([]);
  });
});
