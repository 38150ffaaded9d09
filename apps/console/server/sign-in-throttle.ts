export interface SignInThrottleOptions {
  /** The wait after the first wrong password, doubled after each further one. Default 500 ms. */
  baseDelayMs?: number;
  /** The longest wait. Default 30 s. */
  maxDelayMs?: number;
  /** A client's count of wrong passwords is forgotten this long after its last one. Default 15 minutes. */
  forgetAfterMs?: number;
  /** The most clients remembered; beyond it the least recently failing is forgotten. Default 10 000. */
  maxClients?: number;
  now?: () => number;
}

/** Slows down repeated wrong passwords, per client (its address). */
export interface SignInThrottle {
  /** Milliseconds the client must still wait before its password is checked again; 0 when it may try. */
  waitMs(client: string): number;
  /** Records a wrong password: the next attempt must wait twice as long as the last. */
  failed(client: string): void;
  /** A right password: the client's count starts again. */
  succeeded(client: string): void;
  readonly size: number;
}

/**
 * Exponential back-off per client for sign-in attempts, in bounded memory. While a client must wait, the
 * console answers 429 with `Retry-After` without checking the password, so guessing costs time.
 *
 * @example
 * const throttle = signInThrottle();
 * throttle.failed("127.0.0.1");
 * throttle.waitMs("127.0.0.1") // → 500
 */
export function signInThrottle(options: SignInThrottleOptions = {}): SignInThrottle {
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const forgetAfterMs = options.forgetAfterMs ?? 15 * 60 * 1000;
  const maxClients = options.maxClients ?? 10_000;
  const now = options.now ?? Date.now;
  // Most recent failure last: re-inserted on each one, so the first entry is the stalest.
  const clients = new Map<string, { failures: number; last: number; until: number }>();

  const current = (client: string) => {
    const entry = clients.get(client);
    if (entry && now() - entry.last >= forgetAfterMs) {
      clients.delete(client);
      return undefined;
    }
    return entry;
  };

  return {
    waitMs(client) {
      const entry = current(client);
      return entry ? Math.max(0, entry.until - now()) : 0;
    },
    failed(client) {
      const failures = (current(client)?.failures ?? 0) + 1;
      clients.delete(client);
      while (clients.size >= maxClients) {
        const stalest = clients.keys().next().value;
        if (stalest === undefined) break;
        clients.delete(stalest);
      }
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(failures - 1, 30));
      clients.set(client, { failures, last: now(), until: now() + delay });
    },
    succeeded(client) {
      clients.delete(client);
    },
    get size() {
      return clients.size;
    },
  };
}
