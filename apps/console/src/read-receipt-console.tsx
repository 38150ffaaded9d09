import { useCallback, useEffect, useRef, useState } from "react";
import { CallbackLog } from "./callback-log";
import { type ConsoleApi, ConsoleApiError } from "./console-api";
import type { CallbackEvent, ReadReceiptRequest, ReceiptOutcome, SessionInfo } from "./console-api-types";
import { ConsoleBanner, type ConsoleBannerProps } from "./console-banner";
import { ConversationPanel } from "./conversation-panel";
import type { FieldErrors, FormField } from "./read-receipt-form";
import { ReadReceiptForm } from "./read-receipt-form";
import { mergeRows } from "./receipt-outcome";
import { ReceiptResults } from "./receipt-results";

export interface ReadReceiptConsoleProps {
  api: ConsoleApi;
  info: SessionInfo;
  /** The session ended (signed out, or the server answered 401). */
  onSignedOut(): void;
}

/** The most callbacks the page lists; older ones drop off the end. */
const callbackLimit = 50;

/**
 * The signed-in console: the conversation of two users with each message's read state, the receipt form
 * and its per-MsgKey results, and the callbacks arriving live. Receipts are sent from the conversation's
 * selected messages or from MsgKeys typed in the form; both land in the same Results.
 */
export function ReadReceiptConsole({ api, info, onSignedOut }: ReadReceiptConsoleProps) {
  const [sendingCount, setSendingCount] = useState(0);
  const [outcome, setOutcome] = useState<ReceiptOutcome | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<ConsoleBannerProps | null>(null);
  const [callbacks, setCallbacks] = useState<CallbackEvent[]>([]);
  const [live, setLive] = useState(false);
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  const failed = useCallback(
    (error: unknown) => {
      if (error instanceof ConsoleApiError && error.status === 401) onSignedOut();
      else setBanner({ title: "The console server refused", detail: messageOf(error) });
    },
    [onSignedOut],
  );

  useEffect(
    () =>
      api.watchCallbacks(
        (event) =>
          setCallbacks((earlier) =>
            [event, ...earlier.filter((e) => e.id !== event.id)].slice(0, callbackLimit),
          ),
        setLive,
      ),
    [api],
  );

  async function send(request: ReadReceiptRequest, retryOf?: ReceiptOutcome): Promise<boolean> {
    setSendingCount(Math.max(request.msgKeys.length, 1));
    setFieldErrors({});
    setBanner(null);
    try {
      const result = await api.sendReadReceipts(request);
      setOutcome(
        retryOf
          ? {
              ...retryOf,
              rows: mergeRows(retryOf.rows, result.rows),
              requests: retryOf.requests + result.requests,
            }
          : result,
      );
      resultsHeading.current?.focus();
      return true;
    } catch (error) {
      if (error instanceof ConsoleApiError && isFormField(error.field))
        setFieldErrors({ [error.field]: error.message });
      else failed(error);
      return false;
    } finally {
      setSendingCount(0);
    }
  }

  function retry(msgKeys: string[]) {
    if (!outcome) return;
    void send({ reader: outcome.reader, sender: outcome.sender, msgKeys }, outcome);
  }

  async function signOut() {
    await api.signOut().catch(() => {});
    onSignedOut();
  }

  return (
    <div className="console">
      <header className="masthead">
        <div>
          <p className="eyebrow">timkit console</p>
          <h1>Read receipts</h1>
        </div>
        <div className="masthead-side">
          <dl className="connection" aria-label="Connection">
            <div>
              <dt>API</dt>
              <dd className="api-host">{info.apiHost}</dd>
            </div>
            <div>
              <dt>SDKAppID</dt>
              <dd>{info.sdkAppId}</dd>
            </div>
            <div>
              <dt>Administrator</dt>
              <dd>{info.identifier}</dd>
            </div>
          </dl>
          <button type="button" className="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {banner && <ConsoleBanner {...banner} />}
      <ConversationPanel api={api} callbacks={callbacks} onSendReceipts={send} onFailure={failed} />
      <main className="workspace">
        <ReadReceiptForm
          sending={sendingCount > 0}
          sendingCount={sendingCount}
          errors={fieldErrors}
          onSend={(request) => {
            const refused = formErrorsOf(request);
            if (refused) setFieldErrors(refused);
            else void send(request);
          }}
        />
        <ReceiptResults
          outcome={outcome}
          sendingCount={sendingCount}
          headingRef={resultsHeading}
          onRetry={retry}
        />
      </main>
      <CallbackLog events={callbacks} live={live} />
    </div>
  );
}

/** What the page refuses before asking the server, which refuses them too. */
function formErrorsOf({ reader, sender, msgKeys }: ReadReceiptRequest): FieldErrors | undefined {
  if (msgKeys.length === 0) return { msgKeys: "Enter at least one MsgKey." };
  if (reader !== "" && reader === sender) {
    return { sender: "Sender (Peer_Account) must be another user than the reader." };
  }
  return undefined;
}

const isFormField = (field: string | undefined): field is FormField =>
  field === "reader" || field === "sender" || field === "msgKeys";

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
