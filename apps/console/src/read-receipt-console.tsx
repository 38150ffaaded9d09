import { type TimClient, TimRequestError, TimValidationError } from "@timkit/client";
import { useRef, useState } from "react";
import { ConsoleBanner, type ConsoleBannerProps } from "./console-banner";
import type { ConsoleConfig } from "./console-config";
import { type FieldErrors, fieldErrorsOf } from "./field-errors";
import { ReadReceiptForm, type ReadReceiptRequest } from "./read-receipt-form";
import { causeMessage, mergeRows, type ReceiptOutcome, receiptRows } from "./receipt-outcome";
import { ReceiptResults } from "./receipt-results";

/** The part of `@timkit/client` the console uses. */
export type ReadReceiptClient = Pick<TimClient, "sendReadReceipts">;

export interface ReadReceiptConsoleProps {
  client: ReadReceiptClient;
  config: ConsoleConfig;
}

/**
 * The console: who the requests go to, the form, and the results of the last send. A send either gives
 * per-MsgKey results (failures included), or is refused before anything is sent (shown next to the field),
 * or cannot start (no UserSig: a banner about the setup).
 */
export function ReadReceiptConsole({ client, config }: ReadReceiptConsoleProps) {
  const [sendingCount, setSendingCount] = useState(0);
  const [outcome, setOutcome] = useState<ReceiptOutcome | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState<ConsoleBannerProps | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  async function send(request: ReadReceiptRequest, retryOf?: ReceiptOutcome) {
    const refused = formErrorsOf(request);
    if (refused) {
      setFieldErrors(refused);
      return;
    }
    setSendingCount(Math.max(request.msgKeys.length, 1));
    setFieldErrors({});
    setBanner(null);
    try {
      const result = await client.sendReadReceipts(request);
      const rows = receiptRows(request.msgKeys, result);
      setOutcome(
        retryOf
          ? { ...retryOf, rows: mergeRows(retryOf.rows, rows), requests: retryOf.requests + result.requests }
          : { reader: request.reader, sender: request.sender, rows, requests: result.requests },
      );
      const userSigFailure = result.failed.find(({ error }) => isUserSigFailure(error));
      if (userSigFailure) setBanner(userSigBanner(config, userSigFailure.error));
      resultsHeading.current?.focus();
    } catch (error) {
      const errors = error instanceof TimValidationError ? fieldErrorsOf(error) : undefined;
      if (errors) setFieldErrors(errors);
      else if (isUserSigFailure(error)) setBanner(userSigBanner(config, error));
      else {
        setBanner({
          title: error instanceof TimValidationError ? "Nothing was sent" : "Sending failed",
          detail: error instanceof Error ? error.message : String(error),
        });
      }
    } finally {
      setSendingCount(0);
    }
  }

  function retry(msgKeys: string[]) {
    if (!outcome) return;
    void send({ reader: outcome.reader, sender: outcome.sender, msgKeys }, outcome);
  }

  return (
    <div className="console">
      <header className="masthead">
        <div>
          <p className="eyebrow">timkit console</p>
          <h1>Read receipts</h1>
        </div>
        <dl className="connection" aria-label="Connection">
          <div>
            <dt>API</dt>
            {/* The host tells environments apart; the full URL is a hover away. */}
            <dd title={config.baseUrl}>{new URL(config.baseUrl).hostname}</dd>
          </div>
          <div>
            <dt>SDKAppID</dt>
            <dd>{config.sdkAppId}</dd>
          </div>
          <div>
            <dt>Administrator</dt>
            <dd>{config.identifier}</dd>
          </div>
        </dl>
      </header>
      {banner && <ConsoleBanner {...banner} />}
      <main className="workspace">
        <ReadReceiptForm
          sending={sendingCount > 0}
          sendingCount={sendingCount}
          errors={fieldErrors}
          onSend={(request) => void send(request)}
        />
        <ReceiptResults
          outcome={outcome}
          sendingCount={sendingCount}
          headingRef={resultsHeading}
          onRetry={retry}
        />
      </main>
    </div>
  );
}

/**
 * What the console refuses before asking the client. The client sends nothing for an empty list (and so
 * checks nothing else), and a receipt from a user to themselves is always a slip at a support desk.
 */
function formErrorsOf({ reader, sender, msgKeys }: ReadReceiptRequest): FieldErrors | undefined {
  if (msgKeys.length === 0) return { msgKeys: "Enter at least one MsgKey." };
  if (reader !== "" && reader === sender) {
    return { sender: "Sender (Peer_Account) must be another user than the reader." };
  }
  return undefined;
}

function isUserSigFailure(error: unknown): boolean {
  return error instanceof TimRequestError && error.reason === "user-sig";
}

function userSigBanner(config: ConsoleConfig, error: unknown): ConsoleBannerProps {
  const reason =
    causeMessage(error) ||
    `Could not get a UserSig from ${config.userSigUrl}: ${error instanceof Error ? error.message : String(error)}`;
  return {
    title: `No UserSig for the administrator "${config.identifier}"`,
    detail: `${reason}. In development the sandbox hands it out: start it with \`pnpm start\` at the repository root.`,
  };
}
