import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import type { ReadReceiptRequest } from "./console-api-types";
import { countLabel, parseMsgKeys } from "./msg-key-list";

/** The form's fields, by what they hold (the API's field names). */
export type FormField = "reader" | "sender" | "msgKeys";

/** A message next to each field the server refused. */
export type FieldErrors = Partial<Record<FormField, string>>;

export interface ReadReceiptFormProps {
  /** True while receipts are on their way: the button is disabled and says how many. */
  sending: boolean;
  /** How many receipts are on their way (a retry sends fewer than the form holds). */
  sendingCount: number;
  /** The server's messages about the fields, shown next to them; the first one gets focus. */
  errors: FieldErrors;
  onSend(request: ReadReceiptRequest): void;
}

const fieldOrder: FormField[] = ["reader", "sender", "msgKeys"];

/**
 * Reader, sender and MsgKeys. Enter in a text field or Ctrl+Enter (⌘+Enter) in the MsgKeys box sends.
 * The form does not second-guess the server: what it refuses comes back as `errors`.
 */
export function ReadReceiptForm({ sending, sendingCount, errors, onSend }: ReadReceiptFormProps) {
  const id = useId();
  const [reader, setReader] = useState("");
  const [sender, setSender] = useState("");
  const [msgKeyText, setMsgKeyText] = useState("");
  const list = parseMsgKeys(msgKeyText);
  const form = useRef<HTMLFormElement>(null);

  // After a refused send, focus goes to the first field in error so its message is read out.
  useEffect(() => {
    const first = fieldOrder.find((field) => errors[field]);
    const element = first ? form.current?.elements.namedItem(first) : null;
    if (element instanceof HTMLElement) element.focus();
  }, [errors]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) return;
    onSend({ reader: reader.trim(), sender: sender.trim(), msgKeys: list.msgKeys });
  }

  function sendOnCtrlEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  function swap() {
    setReader(sender);
    setSender(reader);
  }

  const described = (field: FormField, hint: string) =>
    errors[field] ? `${hint} ${id}-${field}-error` : hint;

  return (
    <form
      ref={form}
      className="panel receipt-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={submit}
      noValidate
    >
      <h2 id={`${id}-heading`}>Send read receipts</h2>
      <p className="lede">
        Mark messages as read on the reader's behalf: the sender's apps then show them as read.
      </p>

      <div className="account-pair">
        <div className="field">
          <label htmlFor={`${id}-reader`}>Reader</label>
          <p className="hint" id={`${id}-reader-hint`}>
            <code>Operator_Account</code>: user B, who has read the messages
          </p>
          <input
            id={`${id}-reader`}
            name="reader"
            value={reader}
            onChange={(event) => setReader(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="user2"
            aria-invalid={errors.reader ? true : undefined}
            aria-describedby={described("reader", `${id}-reader-hint`)}
          />
          <FieldError id={`${id}-reader-error`} message={errors.reader} />
        </div>

        <div className="field">
          <label htmlFor={`${id}-sender`}>Sender</label>
          <p className="hint" id={`${id}-sender-hint`}>
            <code>Peer_Account</code>: user A, who sent the messages
          </p>
          <input
            id={`${id}-sender`}
            name="sender"
            value={sender}
            onChange={(event) => setSender(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="user1"
            aria-invalid={errors.sender ? true : undefined}
            aria-describedby={described("sender", `${id}-sender-hint`)}
          />
          <FieldError id={`${id}-sender-error`} message={errors.sender} />
        </div>
        <button
          type="button"
          className="swap"
          onClick={swap}
          aria-label="Swap reader and sender"
          title="Swap reader and sender"
        >
          ⇅
        </button>
      </div>

      <div className="field">
        <div className="label-row">
          <label htmlFor={`${id}-msgkeys`}>MsgKeys</label>
          <span className="count" id={`${id}-msgkeys-count`}>
            {countLabel(list)}
          </span>
        </div>
        <p className="hint" id={`${id}-msgkeys-hint`}>
          One per line or comma-separated, as <code>sendmsg</code> or <code>admin_getroammsg</code> return
          them. Ctrl+Enter sends.
        </p>
        <textarea
          id={`${id}-msgkeys`}
          name="msgKeys"
          value={msgKeyText}
          onChange={(event) => setMsgKeyText(event.target.value)}
          onKeyDown={sendOnCtrlEnter}
          rows={7}
          spellCheck={false}
          placeholder={"1467329515_5675354_1708676941\n1467329516_8234211_1708676950"}
          aria-invalid={errors.msgKeys ? true : undefined}
          aria-describedby={described("msgKeys", `${id}-msgkeys-count ${id}-msgkeys-hint`)}
        />
        <FieldError id={`${id}-msgkeys-error`} message={errors.msgKeys} />
      </div>

      <button type="submit" className="primary" disabled={sending} aria-disabled={sending || undefined}>
        {sending ? `Sending ${receipts(sendingCount)}…` : "Send read receipts"}
      </button>
    </form>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}

/** "1 receipt", "600 receipts". */
export function receipts(count: number): string {
  return `${count} ${count === 1 ? "receipt" : "receipts"}`;
}
