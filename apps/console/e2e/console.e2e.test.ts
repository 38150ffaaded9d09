// @vitest-environment node
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launchChromium, watchPage } from "@timkit/browser-testing";
import { createTimClient } from "@timkit/client";
import { devSecretKey } from "@timkit/mocks";
import { decodeUserSig } from "@timkit/usersig";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashStaffPassword } from "../server/staff-password";
import { type ConsoleHandle, startConsole } from "./console-process";
import { type SandboxHandle, startSandbox } from "./sandbox-process";
import { writeScreenshot } from "./screenshot-file";

const consoleDir = fileURLToPath(new URL("..", import.meta.url));
const staffPassword = "e2e staff password";
const callbackToken = `e2e-${randomBytes(12).toString("hex")}`;
const sessionSecret = randomBytes(32).toString("base64url");

let sandbox: SandboxHandle | undefined;
let server: ConsoleHandle | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  sandbox = await startSandbox();
  server = await startConsole({
    TIMKIT_CONSOLE_SDKAPPID: "88888888",
    TIMKIT_CONSOLE_IDENTIFIER: "admin",
    TIMKIT_CONSOLE_BASE_URL: sandbox.url,
    TIMKIT_CONSOLE_SECRET_KEY: devSecretKey,
    TIMKIT_CONSOLE_CALLBACK_TOKEN: callbackToken,
    TIMKIT_CONSOLE_STAFF_PASSWORD_HASH: await hashStaffPassword(staffPassword),
    TIMKIT_CONSOLE_SESSION_SECRET: sessionSecret,
  });
  // The sandbox sends its callbacks to the console, signed with the console's token.
  const wired = await fetch(`${sandbox.url}/__sandbox/callbacks`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: `${server.url}/callbacks/tim`, token: callbackToken }),
  });
  expect(wired.status).toBe(200);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await sandbox?.close();
});

/**
 * Everything the page received: each response's headers and body, and every server-sent event the page's
 * EventSource was handed (a stream has no end to read a body at).
 */
async function recordEverything(page: Page) {
  const received: { url: string; text: string }[] = [];
  const pending: Promise<void>[] = [];
  // Instrumentation, not the page's code: every event the page's EventSource hands a listener is kept.
  await page.addInitScript(`(() => {
    const events = [];
    window.__events = events;
    const add = EventSource.prototype.addEventListener;
    EventSource.prototype.addEventListener = function (type, listener, options) {
      return add.call(this, type, (event) => {
        events.push(type + ": " + (event.data ?? ""));
        return typeof listener === "function" ? listener.call(this, event) : listener.handleEvent(event);
      }, options);
    };
  })()`);
  page.on("response", (response) => {
    pending.push(
      (async () => {
        const headers = JSON.stringify(await response.allHeaders());
        const stream = (response.headers()["content-type"] ?? "").startsWith("text/event-stream");
        const body = stream ? "" : await response.text().catch(() => "");
        received.push({ url: response.url(), text: `${headers}\n${body}` });
      })(),
    );
  });
  return async () => {
    await Promise.all(pending);
    const events = await page.evaluate(() => (window as unknown as { __events: string[] }).__events);
    return [...received, ...events.map((text) => ({ url: "event stream", text }))];
  };
}

/** Strings that decode as a UserSig (of any identifier): none may reach the page. */
async function userSigsIn(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const candidate of new Set(text.match(/[A-Za-z0-9*_-]{60,}/g) ?? [])) {
    const decoded = await decodeUserSig(candidate).catch(() => undefined);
    if (decoded) found.push(`${decoded.identifier}: ${candidate.slice(0, 12)}…`);
  }
  return found;
}

async function signIn(page: Page) {
  await page.goto(server?.url as string);
  await page.getByLabel("Staff password").fill(staffPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Read receipts", exact: true }).waitFor();
}

describe("the built console and sandbox in Chromium", () => {
  it("signs in, sends a message, marks it read, and the callback arrives and IsPeerRead turns 1; no secret reaches the page", async () => {
    if (!browser || !server || !sandbox) throw new Error("setup failed");
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const watch = watchPage(page);
    const everything = await recordEverything(page);

    await signIn(page);
    await page.getByLabel("User A").fill("user1");
    await page.getByLabel("User B").fill("user2");
    await page.getByRole("button", { name: "Show conversation" }).click();
    await page.getByText("No messages between them yet: send a test message.").waitFor();
    await page.getByText("live", { exact: true }).waitFor();

    await page.getByLabel("Test message from user1 to user2").fill("Did you read this?");
    await page.getByRole("button", { name: "Send test message" }).click();
    const row = page.getByRole("table", { name: "Messages" }).getByRole("row").nth(1);
    await row.waitFor();
    expect(await row.textContent()).toContain("0 · not read");
    const msgKey = (await row.getByRole("rowheader").textContent()) as string;
    expect(await page.getByRole("region", { name: "Unread counts" }).textContent()).toBe(
      "user1: 0 unreaduser2: 1 unread",
    );
    // The sandbox's after-send callback reaches the page too.
    await page
      .getByRole("listitem")
      .filter({ hasText: `user1 → user2: ${msgKey}` })
      .waitFor({ timeout: 5_000 });

    await page.getByLabel(`Select ${msgKey}`).check();
    await page.getByRole("button", { name: "Send read receipts for selected (1)" }).click();
    await page.getByRole("status").filter({ hasText: "1 acknowledged, 0 failed in 1 request." }).waitFor();

    // The receipt's callback arrives within a second, and the conversation reloads with IsPeerRead 1.
    const started = Date.now();
    await page
      .getByRole("listitem")
      .filter({ hasText: `user2 read 1 of user1's messages: ${msgKey}` })
      .waitFor({ timeout: 5_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    await page.getByRole("table", { name: "Messages" }).getByText("1 · read").waitFor({ timeout: 5_000 });
    const deliveries = (await (await fetch(`${sandbox.url}/__sandbox/callbacks`)).json()) as {
      deliveries: { command: string; status: string; httpStatus: number }[];
    };
    expect(deliveries.deliveries).toContainEqual(
      expect.objectContaining({
        command: "C2C.CallbackAfterMsgReadReceipt",
        status: "answered",
        httpStatus: 200,
      }),
    );

    const screenshot = await page.screenshot({
      fullPage: true,
      animations: "disabled",
      // MsgKeys, times and the sandbox's port change from run to run; masked, the committed picture stays.
      mask: [page.locator(".msgkey"), page.locator(".time"), page.locator(".api-host")],
      maskColor: "#e6eaf0",
    });
    await mkdir(`${consoleDir}test-results`, { recursive: true });
    await writeFile(`${consoleDir}test-results/console.png`, screenshot);
    await writeScreenshot(browser, `${consoleDir}screenshot.png`, screenshot);

    const responses = await everything();
    // The page talks to its own server only: never to the sandbox (nor its dev-only UserSig route).
    const elsewhere = responses.filter(
      ({ url }) => url !== "event stream" && !url.startsWith(`${server?.url}/`),
    );
    expect(elsewhere.map(({ url }) => url)).toEqual([]);
    expect(responses.some((response) => response.url.endsWith(".js"))).toBe(true);
    expect(responses.some((response) => response.url.includes("/api/conversation"))).toBe(true);
    expect(
      responses.some((response) => response.url === "event stream" && response.text.includes(msgKey)),
    ).toBe(true);
    for (const { url, text } of responses) {
      expect(text, url).not.toContain(devSecretKey);
      expect(text, url).not.toContain(callbackToken);
      expect(text, url).not.toContain(sessionSecret);
      expect(await userSigsIn(text), url).toEqual([]);
    }
    // Chromium logs the page's first question, GET api/session before signing in, which answers 401.
    expect(watch.consoleErrors).toEqual([
      "Failed to load resource: the server responded with a status of 401 (Unauthorized)",
    ]);
    expect(watch.externalRequests).toEqual([]);
    // Nothing secret in the server's own output either.
    expect(server.output()).not.toContain(staffPassword);
    expect(server.output()).not.toContain(devSecretKey);
    await page.close();
  }, 60_000);

  it("shows a message and its receipt sent straight to the sandbox, as curl or a mobile client would, live", async () => {
    if (!browser || !server || !sandbox) throw new Error("setup failed");
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signIn(page);
    await page.getByLabel("User A").fill("user2");
    await page.getByLabel("User B").fill("user1");
    await page.getByRole("button", { name: "Show conversation" }).click();
    await page.getByText("live", { exact: true }).waitFor();

    // Another backend of the same app, with its own client: the console hears of it only by callbacks.
    const elsewhere = createTimClient({
      sdkAppId: 88888888,
      identifier: "admin",
      secretKey: devSecretKey,
      baseUrl: sandbox.url,
    });
    const { MsgKey } = await elsewhere.sendmsg({
      From_Account: "user2",
      To_Account: "user1",
      MsgRandom: 7,
      IsNeedReadReceipt: 1,
      MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "from elsewhere" } }],
    });
    const row = page.getByRole("row").filter({ hasText: MsgKey });
    await row.waitFor({ timeout: 5_000 });
    expect(await row.textContent()).toContain("0 · not read");
    await elsewhere.sendReadReceipts({ reader: "user1", sender: "user2", msgKeys: [MsgKey] });
    await page
      .getByRole("listitem")
      .filter({ hasText: `user1 read 1 of user2's messages: ${MsgKey}` })
      .waitFor({ timeout: 5_000 });
    await row.getByText("1 · read").waitFor({ timeout: 5_000 });
    await page.close();
  }, 60_000);

  it("signs out back to the sign-in form, after which the API answers 401", async () => {
    if (!browser || !server) throw new Error("setup failed");
    const page = await browser.newPage();
    const watch = watchPage(page);
    await signIn(page);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Staff password").waitFor();
    const status = await page.evaluate(async () => (await fetch("api/session")).status);
    expect(status).toBe(401);
    // A wrong password is refused with its reason next to the field.
    await page.getByLabel("Staff password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    expect(await page.getByRole("alert").textContent()).toBe("Wrong password.");
    // The 401s: the first GET api/session, the one after signing out, and the wrong password.
    expect(watch.consoleErrors.filter((error) => !/status of 401/.test(error))).toEqual([]);
    await page.close();
  }, 60_000);
});
