import type { CallbackEvent } from "../src/console-api-types.js";

export interface CallbackFeedOptions {
  /** Events kept for pages that open the stream later. Default 50. */
  keep?: number;
  /** The most open streams; one more is refused (503). Default 100. */
  maxSubscribers?: number;
  now?: () => number;
}

/** The callbacks received, handed to every open event stream as they arrive. */
export interface CallbackFeed {
  /** Numbers and stamps an event and hands it to every subscriber. */
  publish(event: Omit<CallbackEvent, "id" | "receivedAt">): CallbackEvent;
  /** Calls `listener` for each event from now on; undefined when there are `maxSubscribers` already. */
  subscribe(listener: (event: CallbackEvent) => void): (() => void) | undefined;
  /** The latest events, oldest first. */
  recent(): readonly CallbackEvent[];
  readonly subscribers: number;
}

/**
 * A bounded fan-out: the last `keep` events and at most `maxSubscribers` listeners. A listener that throws
 * is dropped, never the publisher's problem.
 *
 * @example
 * const feed = callbackFeed();
 * feed.subscribe((event) => console.log(event.command));
 * feed.publish({ command: "C2C.CallbackAfterMsgReadReceipt", reader: "user2", sender: "user1", msgKeys });
 */
export function callbackFeed(options: CallbackFeedOptions = {}): CallbackFeed {
  const keep = options.keep ?? 50;
  const maxSubscribers = options.maxSubscribers ?? 100;
  const now = options.now ?? Date.now;
  const events: CallbackEvent[] = [];
  const listeners = new Set<(event: CallbackEvent) => void>();
  let nextId = 1;

  return {
    publish(fields) {
      const event: CallbackEvent = { ...fields, id: nextId++, receivedAt: now() };
      events.push(event);
      if (events.length > keep) events.shift();
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          listeners.delete(listener);
        }
      }
      return event;
    },
    subscribe(listener) {
      if (listeners.size >= maxSubscribers) return undefined;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recent: () => [...events],
    get subscribers() {
      return listeners.size;
    },
  };
}
