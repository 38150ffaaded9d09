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
  return new Promise((resolve) => {
    if (signals.some((signal) => signal.aborted)) return resolve(false);
    const finish = (completed: boolean) => {
      clearTimeout(timer);
      for (const signal of signals) signal.removeEventListener("abort", onAbort);
      resolve(completed);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(true), ms);
    for (const signal of signals) signal.addEventListener("abort", onAbort);
  });
}

/** The reason of the first aborted signal, kept as an error's cause. */
export function abortReason(signals: readonly AbortSignal[]): unknown {
  return signals.find((signal) => signal.aborted)?.reason;
}
