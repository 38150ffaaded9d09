// Timers and abort signals of one call. Plain setTimeout and AbortController rather than
// AbortSignal.timeout/any: they exist in every runtime the client targets, and tests can fake them.

/** Why a deadline signal fired. */
export type StopReason = "timeout" | "aborted";

/** Fires at a deadline or when any of the caller's signals aborts: a call's, or a back-off wait's. */
export interface DeadlineSignal {
  readonly signal: AbortSignal;
  /** Set once the signal fired. */
  readonly stopped: StopReason | undefined;
  /** Removes the timer and listeners; call when the call (or the wait) is over. */
  release(): void;
}

/**
 * Links the caller's signals and a deadline into one signal. A call makes one for all its attempts: every
 * attempt's Request carries it, so the request in flight at the deadline is aborted.
 *
 * @example
 * const stop = deadlineSignal(deadline, [callerSignal]);
 * try { await fetch(new Request(url, { signal: stop.signal })); } finally { stop.release(); }
 */
export function deadlineSignal(deadlineMs: number, signals: readonly AbortSignal[]): DeadlineSignal {
  const controller = new AbortController();
  let stopped: StopReason | undefined;
  const stop = (reason: StopReason) => {
    stopped ??= reason;
    controller.abort();
  };
  const onAbort = () => stop("aborted");
  const timer = setTimeout(() => stop("timeout"), Math.max(0, deadlineMs - Date.now()));
  for (const signal of signals) {
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort);
  }
  return {
    signal: controller.signal,
    get stopped() {
      return stopped;
    },
    release() {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Waits `ms` milliseconds unless a signal aborts first; resolves true when the wait completed.
 *
 * @example
 * if (!(await pause(400, [signal]))) throw abortedError();
 */
export function pause(ms: number, signals: readonly AbortSignal[]): Promise<boolean> {
  // A wait is a deadline signal whose deadline is the end of the wait.
  const wait = deadlineSignal(Date.now() + ms, signals);
  return new Promise((resolve) => {
    const done = () => {
      wait.release();
      resolve(wait.stopped === "timeout");
    };
    if (wait.signal.aborted) done();
    else wait.signal.addEventListener("abort", done, { once: true });
  });
}

/** The reason of the first aborted signal, kept as an error's cause. */
export function abortReason(signals: readonly AbortSignal[]): unknown {
  return signals.find((signal) => signal.aborted)?.reason;
}
