import { describeErrorCode, type OperationId, operationTable, type TimErrorCode } from "@timkit/spec";

/**
 * What the next matching requests should suffer. Give one of `code`, `status` or `networkError`, or only
 * `delayMs` to stall a request that then succeeds or fails on its own merits; `delayMs` combines with the
 * other three.
 */
export interface FaultOptions {
  /** Only requests for this operation; default any operation (that documents `code`, when one is given). */
  operation?: OperationId;
  /** Answer this documented code (HTTP 200, the usual envelope), before any validation. */
  code?: TimErrorCode;
  /** Answer this HTTP status (400–599) with a plain-text body, as a failing gateway would. */
  status?: number;
  /** Fail at the network level: `fetch` rejects with a TypeError. */
  networkError?: boolean;
  /** Wait this long (milliseconds) before answering. */
  delayMs?: number;
  /** How many matching requests it applies to; default 1, `Infinity` (or `"Infinity"` from JSON) until reset. */
  times?: number | "Infinity";
}

/** A fault waiting for requests: how many it still applies to, and a way to withdraw it. */
export interface InjectedFault {
  readonly options: Readonly<FaultOptions>;
  remaining(): number;
  cancel(): void;
}

interface PendingFault {
  readonly options: Readonly<FaultOptions>;
  remaining: number;
}

/** The faults waiting to be applied, first injected first applied. */
export interface FaultQueue {
  add(options: FaultOptions): InjectedFault;
  /** The fault the next request for `operationId` suffers, counted as used; undefined when none. */
  take(operationId: OperationId): Readonly<FaultOptions> | undefined;
  pending(): Array<Readonly<FaultOptions> & { remaining: number }>;
  clear(): void;
}

export function createFaultQueue(): FaultQueue {
  let faults: PendingFault[] = [];
  return {
    add(options) {
      const checked = checkFaultOptions(options);
      const fault: PendingFault = { options: checked, remaining: (checked.times as number | undefined) ?? 1 };
      faults.push(fault);
      return {
        options: fault.options,
        remaining: () => fault.remaining,
        cancel() {
          fault.remaining = 0;
          faults = faults.filter((pending) => pending !== fault);
        },
      };
    },
    take(operationId) {
      const fault = faults.find(({ options }) =>
        options.operation === undefined
          ? options.code === undefined || documents(operationId, options.code)
          : options.operation === operationId,
      );
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) faults = faults.filter((pending) => pending !== fault);
      return fault.options;
    },
    pending: () => faults.map((fault) => ({ ...fault.options, remaining: fault.remaining })),
    clear() {
      for (const fault of faults) fault.remaining = 0;
      faults = [];
    },
  };
}

const documents = (operationId: OperationId, code: number) =>
  describeErrorCode(operationId, code) !== undefined;

const knownKeys = new Set(["operation", "code", "status", "networkError", "delayMs", "times"]);

/**
 * Checks fault options (they may come from JSON, as in the sandbox's `/__sandbox/faults`), throwing a
 * TypeError that says what is wrong.
 */
export function checkFaultOptions(options: unknown): Readonly<FaultOptions> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError("a fault is an object such as { code: 20004 } or { networkError: true }");
  }
  const fault = options as Record<string, unknown>;
  for (const key of Object.keys(fault)) {
    if (!knownKeys.has(key)) throw new TypeError(`unknown fault option ${JSON.stringify(key)}`);
  }
  const { operation, code, status, networkError, delayMs } = fault;
  // JSON has no Infinity: a fault read from JSON (the sandbox's /__sandbox/faults) says "Infinity".
  const times = fault.times === "Infinity" ? Number.POSITIVE_INFINITY : fault.times;
  if (
    operation !== undefined &&
    !(typeof operation === "string" && Object.hasOwn(operationTable, operation))
  ) {
    throw new TypeError(
      `operation must be an operationId (${Object.keys(operationTable).join(", ")}), got ${JSON.stringify(operation)}`,
    );
  }
  if (code !== undefined) {
    if (!Number.isInteger(code))
      throw new TypeError(`code must be an error code, got ${JSON.stringify(code)}`);
    // An undocumented code would be an answer the spec forbids: keep injected answers inside the contract.
    // Without an operation, the fault waits for a request of one that documents the code.
    const operations = operation === undefined ? Object.keys(operationTable) : [operation as OperationId];
    if (!operations.some((id) => documents(id as OperationId, code as number))) {
      throw new TypeError(`code ${code} is not documented for ${operation ?? "any operation"}`);
    }
  }
  if (
    status !== undefined &&
    !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)
  ) {
    throw new TypeError(`status must be an HTTP error status from 400 to 599, got ${JSON.stringify(status)}`);
  }
  if (networkError !== undefined && typeof networkError !== "boolean") {
    throw new TypeError("networkError must be a boolean");
  }
  if (delayMs !== undefined && !(typeof delayMs === "number" && Number.isFinite(delayMs) && delayMs >= 0)) {
    throw new TypeError(
      `delayMs must be a non-negative number of milliseconds, got ${JSON.stringify(delayMs)}`,
    );
  }
  if (
    times !== undefined &&
    !(times === Number.POSITIVE_INFINITY || (Number.isSafeInteger(times) && (times as number) >= 1))
  ) {
    throw new TypeError(`times must be a positive integer or Infinity, got ${JSON.stringify(times)}`);
  }
  const outcomes = [code !== undefined, status !== undefined, networkError === true].filter(Boolean).length;
  if (outcomes > 1) throw new TypeError("give at most one of code, status and networkError");
  if (outcomes === 0 && delayMs === undefined) {
    throw new TypeError("a fault needs code, status, networkError or delayMs");
  }
  return { ...(fault as FaultOptions), ...(times === undefined ? {} : { times: times as number }) };
}
