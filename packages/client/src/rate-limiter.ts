// Keeps one command's requests under Tencent's calls per second. Tencent (and timkit's mock) count calls
// in one-second windows; the limiter counts the same fixed windows, aligned to Unix seconds of
// `Date.now()`, so that every process on synchronised clocks agrees on where a second starts. Calls over
// the budget wait in a queue for the next window instead of being sent into a 60007.

/**
 * Where one command's calls per second are counted: in this process (`localBudget`) or shared with other
 * processes through Redis (`sharedBudget`).
 */
export interface CallBudget {
  /** The calls allowed per window. */
  readonly perSecond: number;
  /**
   * Takes one call in window `second`, and in the next window as well when `alsoNext` (the request may
   * arrive there): false when that is spent. Never rejects.
   */
  take(second: number, alsoNext: boolean): boolean | Promise<boolean>;
  /** Calls known to be left in `second`: exact in this process, an upper bound when shared. */
  left(second: number): number;
}

/**
 * A budget counted in this process only: a counter for the current window and one for the next (which
 * only requests sent close to the window's end draw on).
 *
 * @example
 * const budget = localBudget(200);
 * budget.take(1767225600, false); // → true, 199 left in that second
 */
export function localBudget(perSecond: number): CallBudget & { spend(second: number): void } {
  let current = Number.NaN;
  let taken = 0;
  let takenNext = 0;
  const roll = (second: number) => {
    if (second === current) return;
    taken = second === current + 1 ? takenNext : 0;
    takenNext = 0;
    current = second;
  };
  return {
    perSecond,
    take(second, alsoNext) {
      roll(second);
      if (taken >= perSecond || (alsoNext && takenNext >= perSecond)) return false;
      taken++;
      if (alsoNext) takenNext++;
      return true;
    },
    left(second) {
      roll(second);
      return perSecond - taken;
    },
    /** Counts `second` as used up: what is left of it may have gone to other processes. */
    spend(second) {
      roll(second);
      taken = perSecond;
    },
  };
}

/**
 * A budget made on first use by `make`, which may load code (`import()`): until then, and if that fails,
 * `left` is the rate and `take` says no. A failed load is tried again at the next take.
 *
 * @example
 * const budget = lazyBudget(200, async () => (await import("./shared-budget.js")).sharedBudgets(id, options).budget(op, 200));
 */
export function lazyBudget(perSecond: number, make: () => Promise<CallBudget>): CallBudget {
  let made: CallBudget | undefined;
  return {
    perSecond,
    take(second, alsoNext) {
      if (made) return made.take(second, alsoNext);
      return make().then(
        (budget) => {
          made ??= budget;
          return made.take(second, alsoNext);
        },
        () => false,
      );
    },
    left: (second) => made?.left(second) ?? perSecond,
  };
}

/** Why the limiter did not let a call through. */
export type Refusal =
  /** `maxQueue` calls are waiting already. */
  | "queue-full"
  /** Its turn would come after its deadline. */
  | "too-late"
  /** Its signal fired (deadline or the caller's abort) while it waited. */
  | "stopped";

/** One command's limiter: a call asks it before every request, retries included. */
export interface RateLimiter {
  readonly perSecond: number;
  readonly maxQueue: number;
  /**
   * Undefined (or a promise of it) once the call may send its request; a refusal otherwise. Synchronous
   * when the budget is counted in this process and nothing is waiting.
   */
  acquire(deadlineMs: number, signal: AbortSignal): Refusal | undefined | Promise<Refusal | undefined>;
}

export interface RateLimiterOptions {
  /** Calls that may wait at once; one more is refused at once. */
  readonly maxQueue: number;
  /**
   * A request sent in the last `marginMs` of a second may arrive in the next one: it is counted in both,
   * so that the server never sees more than the rate in any of its seconds.
   */
  readonly marginMs: number;
}

interface Waiter {
  readonly settle: (refusal: Refusal | undefined) => void;
}

const second = (ms: number) => Math.floor(ms / 1000);

/**
 * A first-come, first-served queue in front of a budget. A call whose turn (estimated from the calls ahead
 * of it and the budget left) would come after its deadline is refused at once rather than queued.
 *
 * @example
 * const limiter = createRateLimiter(localBudget(200), { maxQueue: 1000, marginMs: 50 });
 * const refusal = await limiter.acquire(Date.now() + 10_000, signal); // undefined: send now
 */
export function createRateLimiter(budget: CallBudget, options: RateLimiterOptions): RateLimiter {
  const queue: Waiter[] = [];
  let pumping = false;
  // The window known to be spent: no need to ask the budget again before the next one.
  let spent = Number.NaN;

  const inMargin = (now: number) => now >= (second(now) + 1) * 1000 - options.marginMs;

  // When the call at `position` in the queue would be let through, at the earliest.
  const earliestStart = (now: number, position: number) => {
    const current = second(now);
    const left = current === spent ? 0 : Math.max(0, budget.left(current));
    if (position < left) return now;
    return (current + 1 + Math.floor((position - left) / budget.perSecond)) * 1000;
  };

  /** One step of the pump: a budget's answer for the head of the queue, maybe still on its way. */
  interface Take {
    readonly window: number;
    readonly alsoNext: boolean;
    readonly pending: boolean | Promise<boolean>;
  }

  const take = (now: number): Take => {
    const window = second(now);
    const alsoNext = inMargin(now);
    return { window, alsoNext, pending: budget.take(window, alsoNext) };
  };

  // Lets the head of the queue through whenever the budget allows, one call at a time, in order.
  async function pump(first?: Take): Promise<void> {
    if (pumping) return;
    pumping = true;
    let step = first;
    try {
      while (queue.length > 0) {
        const now = Date.now();
        if (!step && second(now) === spent) {
          await untilNextSecond(now);
          continue;
        }
        const { window, alsoNext, pending } = step ?? take(now);
        step = undefined;
        const taken = typeof pending === "boolean" ? pending : await pending;
        if (!taken) {
          spent = window;
          continue;
        }
        // A shared budget answers later: the request must still leave within the windows it was counted in.
        const countedUntil = (window + (alsoNext ? 2 : 1)) * 1000 - options.marginMs;
        if (typeof pending !== "boolean" && Date.now() >= countedUntil) continue;
        queue.shift()?.settle(undefined);
      }
    } finally {
      pumping = false;
    }
  }

  function enqueue(signal: AbortSignal, first?: Take): Promise<Refusal | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        settle(refusal) {
          signal.removeEventListener("abort", onAbort);
          resolve(refusal);
        },
      };
      const onAbort = () => {
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        waiter.settle("stopped");
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
      void pump(first);
    });
  }

  return {
    perSecond: budget.perSecond,
    maxQueue: options.maxQueue,
    acquire(deadlineMs, signal) {
      const now = Date.now();
      if (queue.length === 0 && !pumping && second(now) !== spent) {
        const first = take(now);
        if (first.pending === true) return undefined;
        // A shared budget's answer is on its way: the call waits for it at the head of the queue.
        if (first.pending !== false) return enqueue(signal, first);
        spent = first.window;
      }
      if (queue.length >= options.maxQueue) return "queue-full";
      if (earliestStart(now, queue.length) >= deadlineMs) return "too-late";
      return enqueue(signal);
    },
  };
}

function untilNextSecond(now: number): Promise<void> {
  // At least 1 ms: a timer may fire a little before the wall clock turns.
  return new Promise((resolve) => setTimeout(resolve, Math.max(1, (second(now) + 1) * 1000 - now)));
}
