import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { consoleHarness, staffPassword } from "../test/console-harness";
import { ConsolePage } from "./console-page";

const { server, mock, feed, api, endSessions, skip } = consoleHarness();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  mock.reset();
  endSessions();
});
afterAll(() => server.close());

type User = ReturnType<typeof userEvent.setup>;

async function renderSignedIn(): Promise<User> {
  const user = userEvent.setup();
  render(<ConsolePage api={api} />);
  await user.type(await screen.findByLabelText("Staff password"), staffPassword);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  await screen.findByRole("heading", { name: "Read receipts" }, { timeout: 5_000 });
  return user;
}

async function fillForm(
  user: User,
  { reader = "user2", sender = "user1", msgKeys }: { reader?: string; sender?: string; msgKeys: string },
) {
  if (reader) await user.type(screen.getByLabelText("Reader"), reader);
  if (sender) await user.type(screen.getByLabelText("Sender"), sender);
  await user.click(screen.getByLabelText("MsgKeys"));
  await user.paste(msgKeys);
}

async function send(user: User) {
  await user.click(screen.getByRole("button", { name: "Send read receipts" }));
}

/** A table's rows as cell texts, header row excluded. */
function rowsOf(name: string): string[][] {
  return within(screen.getByRole("table", { name }))
    .getAllByRole("row")
    .slice(1)
    .map((row) => Array.from(row.querySelectorAll("th, td"), (cell) => cell.textContent ?? ""));
}

const resultRows = () => rowsOf("Results");

async function summary(text: RegExp | string) {
  return waitFor(() => expect(screen.getByRole("status").textContent).toMatch(text));
}

describe("signing in", () => {
  it("asks for the staff password, says when it is wrong, and opens the console with the right one", async () => {
    const user = userEvent.setup();
    render(<ConsolePage api={api} />);
    await user.type(await screen.findByLabelText("Staff password"), "not it");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert", {}, { timeout: 5_000 })).textContent).toBe("Wrong password.");
    expect(screen.queryByRole("heading", { name: "Read receipts" })).toBeNull();

    // The server slows the next attempt down, and the page says so.
    await user.type(screen.getByLabelText("Staff password"), staffPassword);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(
      () =>
        expect(screen.getByRole("alert").textContent).toBe("Too many wrong passwords: try again in 20 s."),
      { timeout: 5_000 },
    );
    skip(20_000);
    await user.type(screen.getByLabelText("Staff password"), staffPassword);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    await screen.findByRole("heading", { name: "Read receipts" });
    expect(screen.getByLabelText("Connection").textContent).toContain("88888888");
  });

  it("signs out back to the sign-in form, and the session no longer works", async () => {
    const user = await renderSignedIn();
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    await screen.findByLabelText("Staff password");
    await expect(api.session()).rejects.toMatchObject({ status: 401 });
  });
});

describe("the conversation", () => {
  it("shows two users' messages with IsPeerRead and unread counts, and a receipt for selected ones turns it to 1 when its callback arrives", async () => {
    const user = await renderSignedIn();
    await user.type(screen.getByLabelText("User A"), "user1");
    await user.type(screen.getByLabelText("User B"), "user2");
    await user.click(screen.getByRole("button", { name: "Show conversation" }));
    expect(await screen.findByText("No messages between them yet: send a test message.")).toBeTruthy();

    await user.type(screen.getByLabelText("Test message from user1 to user2"), "Did you see this?");
    await user.click(screen.getByRole("button", { name: "Send test message" }));
    await waitFor(() => expect(rowsOf("Messages")).toHaveLength(1));
    const [message] = mock.store.snapshot().messages;
    expect(message).toMatchObject({ From_Account: "user1", To_Account: "user2", IsNeedReadReceipt: 1 });
    const msgKey = message?.MsgKey as string;
    expect(rowsOf("Messages")[0]?.slice(2)).toEqual([
      "user1 → user2",
      "Did you see this?",
      msgKey,
      "0 · not read",
    ]);
    expect(screen.getByRole("region", { name: "Unread counts" }).textContent).toBe(
      "user1: 0 unreaduser2: 1 unread",
    );

    await user.click(screen.getByLabelText(`Select ${msgKey}`));
    await user.click(screen.getByRole("button", { name: "Send read receipts for selected (1)" }));
    await summary("1 acknowledged, 0 failed in 1 request.");
    expect(resultRows()).toEqual([[msgKey, "acknowledged", "—", "—", "—"]]);
    expect(mock.store.receipts.list({ reader: "user2", sender: "user1" }).map((r) => r.msgKey)).toEqual([
      msgKey,
    ]);

    // The conversation reloads when Tencent's callback about it arrives.
    feed.publish({
      command: "C2C.CallbackAfterMsgReadReceipt",
      reader: "user2",
      sender: "user1",
      msgKeys: [msgKey],
    });
    await waitFor(() => expect(rowsOf("Messages")[0]?.[5]).toBe("1 · read"));
    const logged = within(screen.getByRole("log"))
      .getAllByRole("listitem")
      .map((item) => item.textContent);
    expect(logged[0]).toMatch(`C2C.CallbackAfterMsgReadReceipt user2 read 1 of user1's messages: ${msgKey}`);
  });

  it("says which field is wrong for a user Tencent would refuse, and for a repeated user", async () => {
    const user = await renderSignedIn();
    await user.type(screen.getByLabelText("User A"), "user1");
    await user.type(screen.getByLabelText("User B"), "user1");
    await user.click(screen.getByRole("button", { name: "Show conversation" }));
    expect(await screen.findByText("Peer must be another user than User.")).toBeTruthy();
    expect(screen.getByLabelText("User B").getAttribute("aria-invalid")).toBe("true");
  });

  it("refuses to send receipts for nothing selected", async () => {
    const user = await renderSignedIn();
    await user.type(screen.getByLabelText("User A"), "user1");
    await user.type(screen.getByLabelText("User B"), "user2");
    await user.click(screen.getByRole("button", { name: "Show conversation" }));
    await user.click(await screen.findByRole("button", { name: "Send read receipts for selected (0)" }));
    expect(await screen.findByText("Select the messages the reader has seen.")).toBeTruthy();
    expect(mock.store.receipts.list()).toEqual([]);
  });
});

describe("read receipts by MsgKey", () => {
  it("says no receipts were sent yet before the first send", async () => {
    await renderSignedIn();
    expect(screen.getByRole("status").textContent).toBe("No receipts sent yet");
    expect(screen.queryByRole("table", { name: "Results" })).toBeNull();
  });

  it("acknowledges every MsgKey, the mock records the receipts, and focus moves to the results", async () => {
    const user = await renderSignedIn();
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
    const user = await renderSignedIn();
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

  it("offers Retry failed when 20004 outlasts the server's retries, and the retry acknowledges", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", code: 20004, times: 3 });
    const user = await renderSignedIn();
    await fillForm(user, { msgKeys: "7_7_7" });
    await send(user);

    await summary("0 acknowledged, 1 failed in 1 request.");
    expect(resultRows()).toEqual([["7_7_7", "failed", "20004", "Network exception, please retry.", "yes"]]);

    await user.click(screen.getByRole("button", { name: "Retry failed (1)" }));
    await summary("1 acknowledged, 0 failed in 2 requests.");
    expect(screen.queryByRole("button", { name: /Retry failed/ })).toBeNull();
    expect(mock.store.receipts.list({ msgKey: "7_7_7" })).toHaveLength(1);
  });

  it("shows Tencent unreachable from the server as a network error worth retrying", async () => {
    mock.inject({ operation: "c2cMsgReadReceipt", networkError: true, times: Number.POSITIVE_INFINITY });
    const user = await renderSignedIn();
    await fillForm(user, { msgKeys: "5_5_5\n6_6_6" });
    await send(user);

    await summary("0 acknowledged, 2 failed in 1 request.");
    for (const row of resultRows()) {
      expect(row.slice(1, 3)).toEqual(["failed", "Network"]);
      expect(row[3]).toContain("could not be reached");
      expect(row[4]).toBe("yes");
    }
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("sends 600 long MsgKeys in several requests within the body limit and acknowledges them all", async () => {
    const msgKeys = Array.from({ length: 600 }, (_, i) => `${String(i).padStart(4, "0")}_${"k".repeat(45)}`);
    const user = await renderSignedIn();
    await fillForm(user, { msgKeys: msgKeys.join("\n") });
    expect(screen.getByText("600 MsgKeys")).toBeTruthy();
    await send(user);

    await summary(/^600 acknowledged, 0 failed in \d+ requests\.$/);
    const requests = Number(/in (\d+) requests/.exec(screen.getByRole("status").textContent ?? "")?.[1]);
    expect(requests).toBeGreaterThan(1);
    expect(resultRows()).toHaveLength(600);
    expect(mock.store.receipts.list({ reader: "user2", sender: "user1" })).toHaveLength(600);
  });

  it("shows the server's validation error next to the field it is about and sends nothing", async () => {
    const user = await renderSignedIn();
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
    const user = await renderSignedIn();
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
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("sends with Ctrl+Enter in the MsgKeys box and Enter in a text field", async () => {
    const user = await renderSignedIn();
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
    const user = await renderSignedIn();
    await fillForm(user, { msgKeys: "1_1_1, 2_2_2" });
    await send(user);

    const button = screen.getByRole("button", { name: "Sending 2 receipts…" });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("region", { name: "Results" }).getAttribute("aria-busy")).toBe("true");
    await summary("2 acknowledged, 0 failed in 1 request.");
    expect(screen.getByRole("region", { name: "Results" }).getAttribute("aria-busy")).toBe("false");
  });

  it("goes back to the sign-in form when the session has ended on the server", async () => {
    const user = await renderSignedIn();
    endSessions();
    await fillForm(user, { msgKeys: "1_1_1" });
    await send(user);
    await screen.findByLabelText("Staff password");
    expect(mock.store.receipts.list()).toEqual([]);
  });

  it("swaps reader and sender with one button", async () => {
    const user = await renderSignedIn();
    await fillForm(user, { reader: "user1", sender: "user2", msgKeys: "1_1_1" });
    await user.click(screen.getByRole("button", { name: "Swap reader and sender" }));
    expect((screen.getByLabelText("Reader") as HTMLInputElement).value).toBe("user2");
    expect((screen.getByLabelText("Sender") as HTMLInputElement).value).toBe("user1");
  });
});
