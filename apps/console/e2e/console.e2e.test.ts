// @vitest-environment node
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launchChromium, watchPage } from "@timkit/browser-testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsoleServer, serveConsole } from "./console-server";
import { type SandboxHandle, startSandbox } from "./sandbox-process";
import { writeScreenshot } from "./screenshot-file";

const consoleDir = fileURLToPath(new URL("..", import.meta.url));
const distDir = `${consoleDir}dist`;

let sandbox: SandboxHandle | undefined;
let server: ConsoleServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(`${distDir}/index.html`)) {
    throw new Error(
      "The console is not built: run `pnpm --filter @timkit/console build` (turbo does it before test)",
    );
  }
  sandbox = await startSandbox();
  server = await serveConsole(distDir, { baseUrl: sandbox.url });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sandbox?.close();
});

interface SandboxReceipt {
  reader: string;
  sender: string;
  msgKey: string;
}

/** The receipts the sandbox holds, from its state endpoint. */
async function sandboxReceipts(): Promise<SandboxReceipt[]> {
  const response = await fetch(`${sandbox?.url}/__sandbox/state`);
  expect(response.status).toBe(200);
  const state = (await response.json()) as { receipts: SandboxReceipt[] };
  return state.receipts;
}

describe("the built console in Chromium against the sandbox", () => {
  it("sends read receipts that the sandbox then lists, with no console errors and no external requests", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const page = await browser.newPage({ viewport: { width: 1440, height: 800 } });
    const watch = watchPage(page);
    await page.goto(server.url);

    await page.getByRole("heading", { name: "Read receipts", exact: true }).waitFor();
    expect(await page.getByRole("status").textContent()).toBe("No receipts sent yet");

    // Fixed keys keep the committed screenshot the same from run to run; the last one is over the
    // 50-character limit, so the client refuses it alone and the other three are sent.
    const msgKeys = [
      "1467329515_5675354_1708676941",
      "1467329516_8234211_1708676950",
      "1467329518_1093321_1708677012",
    ];
    const tooLong = `1467329519_${"9".repeat(45)}`;
    await page.getByLabel("Reader", { exact: true }).fill("user2");
    await page.getByLabel("Sender", { exact: true }).fill("user1");
    await page.getByLabel("MsgKeys", { exact: true }).fill([...msgKeys, tooLong].join("\n"));
    await page.getByLabel("MsgKeys", { exact: true }).press("Control+Enter");

    await page.getByRole("status").filter({ hasText: "acknowledged" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("status").textContent()).toBe("3 acknowledged, 1 failed in 1 request.");
    expect(await page.getByRole("row", { name: tooLong }).textContent()).toContain("Not sent");

    const receipts = await sandboxReceipts();
    for (const msgKey of msgKeys) {
      expect(receipts).toContainEqual(expect.objectContaining({ reader: "user2", sender: "user1", msgKey }));
    }
    expect(receipts.some((receipt) => receipt.msgKey === tooLong)).toBe(false);

    const screenshot = await page.screenshot({ fullPage: true, animations: "disabled" });
    await mkdir(`${consoleDir}test-results`, { recursive: true });
    await writeFile(`${consoleDir}test-results/console.png`, screenshot);
    // The README shows this one: rewritten only when the page visibly changed.
    await writeScreenshot(browser, `${consoleDir}screenshot.png`, screenshot);

    expect(watch.consoleErrors).toEqual([]);
    expect(watch.externalRequests).toEqual([]);
    await page.close();
  }, 60_000);

  it("offers Retry failed when the sandbox keeps answering 20004, and the retry gets the receipt through", async () => {
    if (!browser || !server || !sandbox) throw new Error("setup failed");
    // As many faults as the client makes attempts (3 by default), so the send itself fails.
    const injected = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operation: "c2cMsgReadReceipt", code: 20004, times: 3 }),
    });
    expect(injected.status).toBe(201);
    const page = await browser.newPage();
    const watch = watchPage(page);
    await page.goto(server.url);
    await page.getByLabel("Reader", { exact: true }).fill("user1");
    await page.getByLabel("Sender", { exact: true }).fill("user2");
    await page.getByLabel("MsgKeys", { exact: true }).fill("1467330001_4242424_1708680000");
    await page.getByLabel("Sender", { exact: true }).press("Enter");

    await page.getByRole("status").filter({ hasText: "failed" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("status").textContent()).toBe("0 acknowledged, 1 failed in 1 request.");
    const row = page.getByRole("row", { name: "1467330001_4242424_1708680000" });
    expect(await row.textContent()).toContain("20004");
    expect(await row.textContent()).toContain("Network exception, please retry.");

    await page.getByRole("button", { name: "Retry failed (1)" }).click();
    await page.getByRole("status").filter({ hasText: "1 acknowledged" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("status").textContent()).toBe("1 acknowledged, 0 failed in 2 requests.");
    expect(await sandboxReceipts()).toContainEqual(
      expect.objectContaining({ reader: "user1", sender: "user2", msgKey: "1467330001_4242424_1708680000" }),
    );
    // The client's own failed attempts answer 200 with a FAIL envelope, so the page logs nothing.
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.externalRequests).toEqual([]);
    await page.close();
  }, 60_000);
});
