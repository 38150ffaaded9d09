// Timers and abort signals of one call. Plain setTimeout and AbortController rather than
// AbortSignal.timeout/any: they exist in every runtime the client targets, and tests can fake them.

/** Why an attempt's signal fired. */
export type StopReason = "timeout" | "aborted";

/** An attempt's signal: fires at the deadline or when any of the caller's signals aborts. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Set once the signal fired. */
  readonly stopped: StopReason | undefined;
  /** Removes the timer and listeners; call when the attempt is over. */
  release(): void;
}

/**
 * Links the caller's signals and the call's deadline into one signal for one attempt.
 *
 * @example
 * const attempt = attemptSignal(deadline, [callerSignal]);
 * try { await fetch(request, { signal: attempt.signal }); } finally { attempt.release(); }
 */
export function attemptSignal(deadlineMs: number, signals: readonly AbortSignal[]): AttemptSignal {
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
  // A wait is an attempt signal whose deadline is the end of the wait.
  const wait = attemptSignal(Date.now() + ms, signals);
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
