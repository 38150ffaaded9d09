import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { type ConsoleApi, ConsoleApiError } from "./console-api";
import type { CallbackEvent, Conversation, ReadReceiptRequest } from "./console-api-types";

export interface ConversationPanelProps {
  api: ConsoleApi;
  /** The callbacks received, newest first: one about this conversation reloads it. */
  callbacks: readonly CallbackEvent[];
  /** Sends receipts for the selected messages; true when the server answered with results. */
  onSendReceipts(request: ReadReceiptRequest): Promise<boolean>;
  /** A failure that is not about a field (the server unreachable, Tencent refusing, the session gone). */
  onFailure(error: unknown): void;
}

type Field = "user" | "peer" | "text" | "selection";

/**
 * Two users and their conversation as Tencent keeps it (`admin_getroammsg`): each message's read state
 * (`IsPeerRead`), both unread counts, checkboxes to send read receipts for, and a test message that asks
 * for a receipt. It reloads when a callback about the two users arrives.
 */
export function ConversationPanel({ api, callbacks, onSendReceipts, onFailure }: ConversationPanelProps) {
  const id = useId();
  const [user, setUser] = useState("");
  const [peer, setPeer] = useState("");
  const [text, setText] = useState("");
  const [conversation, setConversation] = useState<Conversation | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const seenCallback = useRef(0);

  const load = useCallback(
    async (pair: { user: string; peer: string }) => {
      try {
        setConversation(await api.conversation(pair.user, pair.peer));
        setErrors({});
        return true;
      } catch (error) {
        if (error instanceof ConsoleApiError && (error.field === "user" || error.field === "peer")) {
          setErrors({ [error.field]: error.message });
        } else onFailure(error);
        return false;
      }
    },
    [api, onFailure],
  );

  // A callback about the conversation shown (a receipt, a message) reloads it: the read state comes
  // from Tencent, not from the callback.
  useEffect(() => {
    const latest = callbacks[0];
    if (!latest || latest.id <= seenCallback.current) return;
    seenCallback.current = latest.id;
    if (conversation && concerns(latest, conversation.user, conversation.peer)) {
      void load({ user: conversation.user, peer: conversation.peer });
    }
  }, [callbacks, conversation, load]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setSelected(new Set());
    await load({ user: user.trim(), peer: peer.trim() });
    setBusy(false);
  }

  async function sendTestMessage() {
    if (!conversation) return;
    setBusy(true);
    try {
      await api.sendTestMessage({ sender: conversation.user, recipient: conversation.peer, text });
      setText("");
      setErrors({});
      await load(conversation);
    } catch (error) {
      if (error instanceof ConsoleApiError && error.field === "text") setErrors({ text: error.message });
      else onFailure(error);
    } finally {
      setBusy(false);
    }
  }

  async function markSelected() {
    if (!conversation) return;
    const messages = conversation.messages.filter((message) => selected.has(message.msgKey));
    const directions = new Set(messages.map((message) => `${message.from}\n${message.to}`));
    if (messages.length === 0 || directions.size !== 1) {
      setErrors({
        selection:
          messages.length === 0
            ? "Select the messages the reader has seen."
            : "Select messages of one direction: a receipt is from their recipient to their sender.",
      });
      return;
    }
    const [first] = messages as [(typeof messages)[0]];
    setErrors({});
    const sent = await onSendReceipts({
      reader: first.to,
      sender: first.from,
      msgKeys: messages.map((message) => message.msgKey),
    });
    if (sent) setSelected(new Set());
  }

  function toggle(msgKey: string) {
    setSelected((earlier) => {
      const next = new Set(earlier);
      if (!next.delete(msgKey)) next.add(msgKey);
      return next;
    });
  }

  return (
    <section className="panel conversation" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Conversation</h2>
      <form className="pair-form" onSubmit={(event) => void submit(event)} noValidate>
        <Field
          id={`${id}-user`}
          label="User A"
          value={user}
          onChange={setUser}
          error={errors.user}
          placeholder="user1"
        />
        <Field
          id={`${id}-peer`}
          label="User B"
          value={peer}
          onChange={setPeer}
          error={errors.peer}
          placeholder="user2"
        />
        <button type="submit" disabled={busy}>
          Show conversation
        </button>
      </form>

      {conversation && (
        <>
          <section className="unread" aria-label="Unread counts">
            {Object.entries(conversation.unread).map(([who, count]) => (
              <span key={who}>
                <strong>{who}</strong>: {count} unread
              </span>
            ))}
          </section>
          {conversation.messages.length === 0 ? (
            <p className="empty-hint">No messages between them yet: send a test message.</p>
          ) : (
            <div className="table-scroll">
              <table aria-label="Messages">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">Select</span>
                    </th>
                    <th scope="col">Time</th>
                    <th scope="col">From → To</th>
                    <th scope="col">Text</th>
                    <th scope="col">MsgKey</th>
                    <th scope="col">IsPeerRead</th>
                  </tr>
                </thead>
                <tbody>
                  {conversation.messages.map((message) => (
                    <tr key={message.msgKey}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select ${message.msgKey}`}
                          checked={selected.has(message.msgKey)}
                          onChange={() => toggle(message.msgKey)}
                        />
                      </td>
                      <td className="code time">
                        {new Date(message.time * 1000).toISOString().slice(11, 19)}
                      </td>
                      <td>
                        {message.from} → {message.to}
                      </td>
                      <td>{message.text}</td>
                      <th scope="row" className="msgkey">
                        {message.msgKey}
                      </th>
                      <td>
                        <span className={`badge ${message.isPeerRead ? "acknowledged" : "unread"}`}>
                          {message.isPeerRead} · {message.isPeerRead ? "read" : "not read"}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="conversation-actions">
            <button type="button" className="primary" onClick={() => void markSelected()} disabled={busy}>
              Send read receipts for selected ({selected.size})
            </button>
            {errors.selection && <p className="field-error">{errors.selection}</p>}
          </div>
          <form
            className="test-message"
            onSubmit={(event) => {
              event.preventDefault();
              void sendTestMessage();
            }}
            noValidate
          >
            <Field
              id={`${id}-text`}
              label={`Test message from ${conversation.user} to ${conversation.peer}`}
              value={text}
              onChange={setText}
              error={errors.text}
              placeholder="Hello: asks for a read receipt"
            />
            <button type="submit" disabled={busy}>
              Send test message
            </button>
          </form>
        </>
      )}
    </section>
  );
}

function Field(props: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error: string | undefined;
  placeholder: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
      />
      {props.error && (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

function concerns(event: CallbackEvent, user: string, peer: string): boolean {
  const people = [event.reader, event.sender, event.from, event.to];
  return people.includes(user) && people.includes(peer);
}
