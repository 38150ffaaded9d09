import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { TimRetryOptions } from "@timkit/client";
import { createTimMock } from "@timkit/mocks";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { consoleClient } from "./console-client";
import { resolveConsoleConfig } from "./console-config";
import { ReadReceiptConsole } from "./read-receipt-console";
import { userSigProvider } from "./user-sig-provider";

// The mocked API answers on a name that cannot resolve, so nothing here could reach a real server.
const baseUrl = "http://tim.console.test";
const mock = createTimMock({ baseUrl, verifyUserSig: false });
const server = setupServer(...mock.handlers);
const config = resolveConsoleConfig({ baseUrl });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  mock.reset();
});
afterAll(() => server.close());

interface RenderOptions {
  retry?: TimRetryOptions | false;
  userSig?: () => Promise<string>;
}

function renderConsole({
  retry = { baseDelayMs: 0 },
  userSig = async () => "fixed-test-usersig",
}: RenderOptions = {}) {
  const user = userEvent.setup();
  render(<ReadReceiptConsole client={consoleClient(config, userSig, { retry })} config={config} />);
  return user;
}

async function fillForm(
  user: ReturnType<typeof userEvent.setup>,
  { reader = "user2", sender = "user1", msgKeys }: { reader?: string; sender?: string; msgKeys: string },
) {
  if (reader) await user.type(screen.getByLabelText("Reader"), reader);
  if (sender) await user.type(screen.getByLabelText("Sender"), sender);
  await user.click(screen.getByLabelText("MsgKeys"));
  await user.paste(msgKeys);
}

async function send(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: "Send read receipts" }));
}

/** The results table as rows of cell texts, header row excluded. */
function resultRows(): string[][] {
  const table = screen.getByRole("table");
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => Array.from(row.querySelectorAll("th, td"), (cell) => cell.textContent ?? ""));
}

async function summary(text: RegExp | string) {
  return waitFor(() => expect(screen.getByRole("status").textContent).toMatch(text));
}

describe("the read-receipt console", () => {
  it("says no receipts were sent yet before the first send", () => {
    renderConsole();
    expect(screen.getByRole("status").textContent).toBe("No receipts sent yet");
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText("tim.console.test").getAttribute("title")).toBe("http://tim.console.test");
  });

  it("acknowledges every MsgKey, the mock records the receipts, and focus moves to the results", async () => {
    const user = renderConsole();
    await fillForm(user, { msgKeys: "1467329515_5675354_1708676941\n1467329516_8234211_1708676950, 3_3_3" });
    expect(screen.getByText("3 MsgKeys")).toBeTruthy();
    await send(user);

    await summary("3 acknowledged, 0 failed in 1 request.");
    expect(resultRows()).toEqual([
      ["1467329515_5675354_1708676941", "acknowledged", "—", "—", "—"],
      ["1467329516_8234211_1708676950", "acknowledged", "—", "—", "—"],
      ["3_3_3", "acknowledged", "—", "—", "—"],
    ]);
    expect(document.activeElement).toBe(screen.getByRole("heading", { name: "Results" }));
    // Reader = Operator_Account = user B, sender = Peer_Account = user A, as the endpoint wants them.
    expect(
      mock.store.receipts.list({ reader: "user2", sender: "user1" }).map((receipt) => receipt.msgKey),
    ).toEqual(["1467329515_5675354_1708676941", "1467329516_8234211_1708676950", "3_3_3"]);
  });

  it("shows 20003 for a sender who was never imported, with its meaning, as not worth retrying", async () => {
    const user = renderConsole();
    await fillForm(user, { sender: "ghost", msgKeys: "1_1_1" });
    await send(user);

    await summary("0 acknowledged, 1 failed in 1 request.");
    const [row] = resultRows();
    expect(row?.slice(0, 3)).toEqual(["1_1_1", "failed", "20003"]);
    expect(row?.[3]).toContain("Please check if the UserID has been imported into Chat");
    expect(row?.[4]).toBe("no");
    expect(screen.queryByRole("button", { name: /Retry failed/ })).toBeNull();
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("acknowledges a receipt whose first request met a transient 20004, retried by the client", async () => {
    const fault = mock.inject({ operation: "c2cMsgReadReceipt", code: 20004, times: 1 });
    const user = renderConsole();
    await fillForm(user, { msgKeys: "9_9_9" });
    await send(user);

    await summary("1 acknowledged, 0 failed in 1 request.");
    expect(fault.remaining()).toBe(0);
    expect(mock.store.receipts.list({ msgKey: "9_9_9" })).toHaveLength(1);
  });

  it("offers Retry failed when 20004 outlasts the client's retries, and the retry acknowledges", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", code: 20004, times: 2 });
    const user = renderConsole({ retry: { maxAttempts: 2, baseDelayMs: 0 } });
    await fillForm(user, { msgKeys: "7_7_7" });
    await send(user);

    await summary("0 acknowledged, 1 failed in 1 request.");
    expect(resultRows()).toEqual([["7_7_7", "failed", "20004", "Network exception, please retry.", "yes"]]);

    await user.click(screen.getByRole("button", { name: "Retry failed (1)" }));
    await summary("1 acknowledged, 0 failed in 2 requests.");
    expect(resultRows()[0]?.slice(0, 2)).toEqual(["7_7_7", "acknowledged"]);
    expect(screen.queryByRole("button", { name: /Retry failed/ })).toBeNull();
    expect(mock.store.receipts.list({ msgKey: "7_7_7" })).toHaveLength(1);
  });

  it("shows a network failure as a network error worth retrying", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", networkError: true, times: Number.POSITIVE_INFINITY });
    const user = renderConsole({ retry: false });
    await fillForm(user, { msgKeys: "5_5_5\n6_6_6" });
    await send(user);

    await summary("0 acknowledged, 2 failed in 1 request.");
    for (const row of resultRows()) {
      expect(row.slice(1, 3)).toEqual(["failed", "Network"]);
      expect(row[3]).toContain("could not be reached");
      expect(row[4]).toBe("yes");
    }
    expect(screen.getByRole("button", { name: "Retry failed (2)" })).toBeTruthy();
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("sends 600 long MsgKeys in several requests within the body limit and acknowledges them all", async () => {
    const msgKeys = Array.from({ length: 600 }, (_, i) => `${String(i).padStart(4, "0")}_${"k".repeat(45)}`);
    const user = renderConsole();
    await fillForm(user, { msgKeys: msgKeys.join("\n") });
    expect(screen.getByText("600 MsgKeys")).toBeTruthy();
    await send(user);

    await summary(/^600 acknowledged, 0 failed in \d+ requests\.$/);
    const requests = Number(/in (\d+) requests/.exec(screen.getByRole("status").textContent ?? "")?.[1]);
    expect(requests).toBeGreaterThan(1);
    expect(resultRows()).toHaveLength(600);
    expect(mock.store.receipts.list({ reader: "user2", sender: "user1" })).toHaveLength(600);
  });

  it("shows the client's validation error next to the field it is about and sends nothing", async () => {
    const user = renderConsole();
    await fillForm(user, { reader: "", msgKeys: "1_1_1" });
    await send(user);

    const reader = screen.getByLabelText("Reader");
    await waitFor(() => expect(reader.getAttribute("aria-invalid")).toBe("true"));
    const message = document.getElementById(reader.getAttribute("aria-describedby")?.split(" ")[1] ?? "");
    expect(message?.textContent).toMatch(/^Reader \(Operator_Account\) must be at least 1 character long/);
    expect(document.activeElement).toBe(reader);
    expect(screen.getByRole("status").textContent).toBe("No receipts sent yet");
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("refuses a receipt from a user to themselves and an empty MsgKey list before sending", async () => {
    const user = renderConsole();
    await fillForm(user, { reader: "user1", sender: "user1", msgKeys: "1_1_1" });
    await send(user);
    expect(
      await screen.findByText("Sender (Peer_Account) must be another user than the reader."),
    ).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText("Sender"));

    await user.clear(screen.getByLabelText("MsgKeys"));
    await user.clear(screen.getByLabelText("Sender"));
    await user.type(screen.getByLabelText("Sender"), "user2");
    await send(user);
    expect(await screen.findByText("Enter at least one MsgKey.")).toBeTruthy();
    expect(screen.queryByText(/must be another user/)).toBeNull();
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("sends with Ctrl+Enter in the MsgKeys box and Enter in a text field", async () => {
    const user = renderConsole();
    await fillForm(user, { msgKeys: "1_1_1" });
    await user.keyboard("{Control>}{Enter}{/Control}");
    await summary("1 acknowledged, 0 failed in 1 request.");

    await user.click(screen.getByLabelText("MsgKeys"));
    await user.paste("\n2_2_2");
    await user.click(screen.getByLabelText("Reader"));
    await user.keyboard("{Enter}");
    await summary("2 acknowledged, 0 failed in 1 request.");
    expect(mock.store.receipts.list()).toHaveLength(2);
  });

  it("disables the button and marks the results busy while receipts are on their way", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", delayMs: 200 });
    const user = renderConsole();
    await fillForm(user, { msgKeys: "1_1_1, 2_2_2" });
    await send(user);

    const button = screen.getByRole("button", { name: "Sending 2 receipts…" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("region", { name: "Results" }).getAttribute("aria-busy")).toBe("true");
    expect(screen.getByRole("status").textContent).toBe("Sending 2 receipts…");

    await summary("2 acknowledged, 0 failed in 1 request.");
    expect(screen.getByRole("region", { name: "Results" }).getAttribute("aria-busy")).toBe("false");
    expect((screen.getByRole("button", { name: "Send read receipts" }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it("shows a banner about the setup when the UserSig endpoint fails, and sends nothing", async () => {
    server.use(http.get(`${baseUrl}/__sandbox/usersig`, () => new HttpResponse("down", { status: 503 })));
    const user = renderConsole({ userSig: userSigProvider({ url: config.userSigUrl }) });
    await fillForm(user, { msgKeys: "1_1_1" });
    await send(user);

    const banner = await screen.findByRole("alert");
    expect(banner.textContent).toContain("No UserSig for the administrator");
    expect(banner.textContent).toContain(
      `Could not get a UserSig from ${baseUrl}/__sandbox/usersig?identifier=admin: HTTP 503`,
    );
    expect(banner.textContent).toContain("pnpm start");
    expect(resultRows()[0]?.slice(1, 3)).toEqual(["failed", "UserSig"]);
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("swaps reader and sender with one button", async () => {
    const user = renderConsole();
    await fillForm(user, { reader: "user1", sender: "user2", msgKeys: "1_1_1" });
    await user.click(screen.getByRole("button", { name: "Swap reader and sender" }));
    expect((screen.getByLabelText("Reader") as HTMLInputElement).value).toBe("user2");
    expect((screen.getByLabelText("Sender") as HTMLInputElement).value).toBe("user1");
  });
});
