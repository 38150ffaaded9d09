import type { CallbackEvent } from "./console-api-types";

export interface CallbackLogProps {
  /** Newest first. */
  events: readonly CallbackEvent[];
  /** True while the event stream is open. */
  live: boolean;
}

/** The callbacks the console server received from Tencent and verified, as they arrive. */
export function CallbackLog({ events, live }: CallbackLogProps) {
  return (
    <section className="panel callbacks" aria-labelledby="callbacks-heading">
      <div className="results-header">
        <h2 id="callbacks-heading">Callbacks</h2>
        <span className={`stream ${live ? "live" : ""}`}>{live ? "live" : "connecting…"}</span>
      </div>
      {events.length === 0 ? (
        <p className="empty-hint">
          Callbacks Tencent sends to this console's <code>/callbacks/tim</code> appear here as they arrive.
        </p>
      ) : (
        <ol className="callback-list" role="log" aria-label="Callbacks received">
          {events.map((event) => (
            <li key={event.id}>
              <span className="code time">{new Date(event.receivedAt).toISOString().slice(11, 19)}</span>{" "}
              <code>{event.command}</code> {describe(event)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function describe(event: CallbackEvent) {
  if (event.reader && event.sender && !event.msgKeys)
    return `${event.reader} read everything from ${event.sender}`;
  if (event.reader && event.sender) {
    return (
      <>
        {`${event.reader} read ${event.msgKeys?.length ?? 0} of ${event.sender}'s messages: `}
        <MsgKeys keys={event.msgKeys ?? []} />
      </>
    );
  }
  if (event.from && event.to) {
    return (
      <>
        {`${event.from} → ${event.to}${event.msgKey ? ": " : ""}`}
        {event.msgKey && <MsgKeys keys={[event.msgKey]} />}
      </>
    );
  }
  return null;
}

function MsgKeys({ keys }: { keys: readonly string[] }) {
  return <span className="msgkey">{keys.join(", ")}</span>;
}
