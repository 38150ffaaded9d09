export interface SignInThrottleOptions {
  /** The wait after the first wrong password, doubled after each further one. Default 500 ms. */
  baseDelayMs?: number;
  /** The longest wait. Default 30 s. */
  maxDelayMs?: number;
  /** A client's count of wrong passwords is forgotten this long after its last one. Default 15 minutes. */
  forgetAfterMs?: number;
  /** The most clients remembered; beyond it the least recently failing is forgotten. Default 10 000. */
  maxClients?: number;
  /**
   * The most passwords checked at once, whoever sends them; each scrypt holds a thread of libuv's pool
   * (4 by default) for about 50 ms. Default 2.
   */
  maxConcurrent?: number;
  now?: () => number;
}

/** Why a sign-in attempt is refused before its password is checked. */
export interface SignInRefusal {
  /** `wrong`: after wrong passwords; `pending`: this client's previous attempt is still being checked; `busy`: too many checks at once. */
  readonly reason: "wrong" | "pending" | "busy";
  /** Milliseconds to wait before trying again (for `Retry-After`), at least 1000 unless `wrong`. */
  readonly waitMs: number;
}

/** Slows down repeated wrong passwords, per client (its address). */
export interface SignInThrottle {
  /**
   * Counts an attempt as in flight before its password is checked, so parallel requests of one client
   * cannot all be checked before the first wrong one is recorded; `failed`, `succeeded` or `abandoned`
   * ends it. Returns why it is refused instead, without counting it.
   */
  begin(client: string): SignInRefusal | undefined;
  /** Ends an attempt whose check did not finish (it threw): neither wrong nor right. */
  abandoned(client: string): void;
  /** Milliseconds the client must still wait before its password is checked again; 0 when it may try. */
  waitMs(client: string): number;
  /** Records a wrong password (ending its attempt): the next attempt must wait twice as long as the last. */
  failed(client: string): void;
  /** A right password (ending its attempt): the client's count starts again. */
  succeeded(client: string): void;
  readonly size: number;
}

/**
 * Exponential back-off per client for sign-in attempts, in bounded memory. While a client must wait, the
 * console answers 429 with `Retry-After` without checking the password, so guessing costs time.
 *
 * @example
 * const throttle = signInThrottle();
 * throttle.begin("127.0.0.1") // → undefined: check the password
 * throttle.failed("127.0.0.1");
 * throttle.begin("127.0.0.1") // → { reason: "wrong", waitMs: 500 }
 */
export function signInThrottle(options: SignInThrottleOptions = {}): SignInThrottle {
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const forgetAfterMs = options.forgetAfterMs ?? 15 * 60 * 1000;
  const maxClients = options.maxClients ?? 10_000;
  const maxConcurrent = options.maxConcurrent ?? 2;
  const now = options.now ?? Date.now;
  const inFlight = new Set<string>();
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

  const waitMs = (client: string) => {
    const entry = current(client);
    return entry ? Math.max(0, entry.until - now()) : 0;
  };

  return {
    waitMs,
    begin(client) {
      if (inFlight.has(client)) return { reason: "pending", waitMs: 1000 };
      const wait = waitMs(client);
      if (wait > 0) return { reason: "wrong", waitMs: wait };
      if (inFlight.size >= maxConcurrent) return { reason: "busy", waitMs: 1000 };
      inFlight.add(client);
      return undefined;
    },
    abandoned(client) {
      inFlight.delete(client);
    },
    failed(client) {
      inFlight.delete(client);
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
      inFlight.delete(client);
      clients.delete(client);
    },
    get size() {
      return clients.size;
    },
  };
}
