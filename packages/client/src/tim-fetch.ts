// The fetch the client's openapi-fetch client runs on: everything a caller of Tencent's REST API should not
// have to write, beneath openapi-fetch and its middleware. Each attempt gets the five auth query
// parameters (a fresh `random`, the current UserSig); Tencent's envelope is read; transient failures are
// retried with back-off and an expired UserSig is renewed once, all within one deadline. Middleware added
// with `tim.raw.use()` runs above it, once per call, and never sees the UserSig.
import { commonCodes, type OperationId, operationTable } from "@timkit/spec";
import { abortReason, type DeadlineSignal, deadlineSignal, pause } from "./call-signals.js";
import type { CallSettings, TimFetch } from "./client-options.js";
import type { RateLimiter, Refusal } from "./rate-limiter.js";
import { isTransient, retryAfterMs, retryDelayMs } from "./retry-policy.js";
import { redactCause, redactText, redactUrl } from "./secret-redaction.js";
import {
  TimApiError,
  TimError,
  TimRequestError,
  type TimRequestErrorFields,
  type TimRequestErrorReason,
} from "./tim-errors.js";
import type { UserSigSource } from "./user-sig-source.js";

/** What every call of one client shares. */
export interface FetchContext {
  /** The auth query for a UserSig, from `authQuery`. */
  readonly query: (userSig: string) => string;
  readonly userSig: UserSigSource;
  /** The limiter of an operation's calls per second; undefined with `rateLimit: false`. */
  readonly limiter?: (operation: OperationId) => RateLimiter;
}

/** One call through the fetch: its settings, and for the client's methods, the operation and its JSON. */
export interface FetchCall {
  readonly settings: CallSettings;
  /**
   * Set by the methods: the body already serialized and checked, and a FAIL envelope or an answer that is
   * not one rejects with a typed error. Without it (`tim.raw`), those answers are handed back as they are.
   */
  readonly method?: { readonly operation: OperationId; readonly json: string };
}

/** Tencent's answer envelope, as far as the client reads it. */
interface Envelope {
  ActionStatus: "OK" | "FAIL";
  ErrorCode?: unknown;
  ErrorInfo?: unknown;
  ErrorDisplay?: unknown;
}

/** What one attempt came to: the answer, if one came, and the failure it was, if it was one. */
type Attempt =
  | { readonly response: Response; readonly failure?: TimError }
  | { readonly failure: TimError; readonly response?: undefined };

const operationsByPath = new Map<string, OperationId>(
  Object.values(operationTable).map(({ path, operationId }) => [path, operationId as OperationId]),
);

/** The operation a raw call's URL names: its path after any prefix of the baseUrl. */
function operationAt(url: string): OperationId | undefined {
  const { pathname } = new URL(url);
  return operationsByPath.get(pathname.slice(pathname.indexOf("/v4/")));
}

/**
 * The fetch of one call: `(request) => Promise<Response>`, as openapi-fetch calls it.
 *
 * @example
 * createClient<TimRawPaths>({ baseUrl, fetch: timFetch(context, { settings }) });
 */
export function timFetch(context: FetchContext, call: FetchCall): (request: Request) => Promise<Response> {
  const { query } = context;
  return async (request) => {
    const { settings, method } = call;
    const operation = method?.operation ?? operationAt(request.url);
    const codes = operation === undefined ? commonCodes : operationTable[operation].codes;
    const name = operation ?? `${request.method} ${new URL(request.url).pathname}`;
    const deadline = Date.now() + settings.timeoutMs;
    // A method's Request carries no signal of its own; a raw call's carries the caller's.
    const signals = method ? settings.signals : [...settings.signals, request.signal];
    const stop = deadlineSignal(deadline, signals);
    const body = method ? method.json : request.body === null ? null : await request.arrayBuffer();
    const state: AttemptState = { sent: 0, userSig: "", stop };
    const limiter = operation === undefined ? undefined : context.limiter?.(operation);
    let renewedUserSig = false;
    // The failure of the attempt before, handed back when a retry gets no turn under the rate limit in time.
    let previous: (() => Response) | undefined;
    try {
      for (let attempt = 1; ; attempt++) {
        if (limiter) {
          const turn = limiter.acquire(deadline, stop.signal);
          const refusal = typeof turn === "object" ? await turn : turn;
          if (refusal) {
            if (stop.stopped === "aborted") {
              throw new TimRequestError({
                reason: "aborted",
                message: `${name}: aborted by the caller's signal while waiting for the rate limit`,
                cause: abortReason(signals),
                operation,
                attempts: state.sent,
              });
            }
            if (previous) return previous();
            throw new TimRequestError({
              reason: "rate-limited",
              message: `${name}: ${refused[refusal](limiter, settings.timeoutMs)}; nothing was sent`,
              operation,
              attempts: state.sent,
            });
          }
        }
        let outcome: Attempt;
        try {
          outcome = await attemptOnce({
            context,
            request,
            body,
            query,
            settings,
            signals,
            state,
            name,
            operation,
          });
        } catch (error) {
          // No answer at all: a network failure, the deadline, an abort, a UserSig that could not be had.
          if (!(error instanceof TimError)) throw error;
          outcome = { failure: error };
        }
        const { failure, response } = outcome;
        if (!failure) return response as Response;
        // An expired UserSig (clock skew, a long-lived process): one immediate retry with a new one.
        const renew: boolean =
          failure instanceof TimApiError &&
          failure.code === codes.userSigExpired &&
          !renewedUserSig &&
          context.userSig.expired(state.userSig);
        // A method rejects with the failure; a raw call gets back whatever answer came (a FAIL envelope, an
        // HTTP error status) as openapi-fetch would, and rejects only when none came.
        const give = () => {
          if (method || !response) throw failure;
          return response;
        };
        previous = give;
        if (!(renew || isTransient(failure)) || attempt >= settings.maxAttempts) return give();
        renewedUserSig ||= renew;
        const delay = renew ? 0 : retryDelayMs(failure, attempt, settings);
        // A retry that cannot finish before the deadline is not started: the caller gets the real failure.
        if (Date.now() + delay >= deadline) return give();
        if (!(await pause(delay, signals))) {
          throw new TimRequestError({
            reason: "aborted",
            message: `${name}: aborted by the caller's signal while waiting to retry`,
            cause: abortReason(signals),
            operation,
            attempts: state.sent,
          });
        }
      }
    } finally {
      stop.release();
    }
  };
}

/** Why a call got no turn under its command's rate limit, for the error message. */
const refused: Record<Refusal, (limiter: RateLimiter, timeoutMs: number) => string> = {
  "queue-full": (limiter) =>
    `${limiter.maxQueue} calls are already waiting for this command's ${limiter.perSecond} calls per second`,
  "too-late": (limiter, timeoutMs) =>
    `its turn under the rate limit (${limiter.perSecond} calls per second) would come after timeoutMs (${timeoutMs} ms)`,
  stopped: (limiter, timeoutMs) =>
    `timeoutMs (${timeoutMs} ms) ran out while it waited for the rate limit (${limiter.perSecond} calls per second)`,
};

/** What the attempts of one call share: requests sent so far, the last UserSig used, the deadline. */
interface AttemptState {
  sent: number;
  userSig: string;
  readonly stop: DeadlineSignal;
}

interface AttemptInput {
  readonly context: FetchContext;
  readonly request: Request;
  readonly body: string | ArrayBuffer | null;
  readonly query: (userSig: string) => string;
  readonly settings: CallSettings;
  /** The caller's signals: the reason of the one that aborted becomes the error's cause. */
  readonly signals: readonly AbortSignal[];
  readonly state: AttemptState;
  readonly name: string;
  readonly operation: OperationId | undefined;
}

/** One request: resolves with the answer (and the failure it is, if any); throws when there is no answer. */
async function attemptOnce(input: AttemptInput): Promise<Attempt> {
  const { context, request, settings, state, name, operation } = input;
  const { stop } = state;
  let sent: Request | undefined;
  const secrets = () => [state.userSig, ...context.userSig.secrets()];
  const requestError = (
    reason: TimRequestErrorReason,
    message: string,
    fields: Partial<TimRequestErrorFields> = {},
  ) =>
    new TimRequestError({
      ...fields,
      reason,
      message: redactText(`${name}: ${message}`, secrets()),
      cause: redactCause(fields.cause, secrets()),
      url: sent && redactUrl(sent.url),
      operation,
      attempts: state.sent,
    });
  try {
    try {
      const pending = context.userSig.get();
      // A provider that never settles must not outlive the call's deadline or the caller's abort.
      state.userSig = typeof pending === "string" ? pending : await untilStopped(pending, stop.signal);
    } catch (cause) {
      if (stop.stopped) throw cause;
      throw requestError("user-sig", `no UserSig${detailOf(cause)}`, { cause });
    }
    // Looked up now, not at creation, so a fetch installed later (MSW, instrumentation) is the one used.
    const fetch: TimFetch = settings.fetch ?? globalThis.fetch;
    if (stop.stopped) throw new DOMException("The call was stopped", "AbortError");
    const separator = request.url.includes("?") ? "&" : "?";
    sent = new Request(`${request.url}${separator}${input.query(state.userSig)}`, {
      method: request.method,
      headers: request.headers,
      // The bytes checked (and, for a method, serialized once) are exactly the bytes sent.
      body: input.body,
    });
    state.sent++;
    // The signal goes to fetch, which follows it for the request in flight (a Request built with one
    // costs as much again, and fetch builds its own anyway); a fetch that ignores it still loses the race.
    const response = await untilStopped(fetch(sent, { signal: stop.signal }), stop.signal);
    // Read whatever the status, so the connection is released; handed on as a fresh Response.
    const text = await response.text();
    const { status, statusText, headers } = response;
    const answer = new Response(text, { status, statusText, headers });
    if (status !== 200) {
      const failure = requestError("http-status", `HTTP ${status} ${statusText}`.trimEnd(), {
        status,
        retryAfterMs: retryAfterMs(headers.get("retry-after"), Date.now()),
      });
      return { response: answer, failure };
    }
    const envelope = readEnvelope(text);
    if (!envelope) {
      const type = headers.get("content-type") ?? "no content-type";
      return {
        response: answer,
        failure: requestError("invalid-body", `the answer is not Tencent's JSON envelope (${type})`, {
          status,
        }),
      };
    }
    if (envelope.ActionStatus === "OK") return { response: answer };
    const safe = (value: unknown) => (typeof value === "string" ? redactText(value, secrets()) : undefined);
    const failure = new TimApiError({
      code: envelope.ErrorCode as number,
      info: safe(envelope.ErrorInfo) ?? "",
      display: safe(envelope.ErrorDisplay),
      url: redactUrl(sent.url),
      operation,
      attempts: state.sent,
    });
    return { response: answer, failure };
  } catch (cause) {
    if (cause instanceof TimError) throw cause;
    const reason = stop.stopped ?? "network";
    const messages = {
      timeout: `no answer within timeoutMs (${settings.timeoutMs} ms)`,
      aborted: "aborted by the caller's signal",
      network: `network error${detailOf(cause)}`,
    };
    throw requestError(reason, messages[reason], {
      cause: reason === "aborted" ? (abortReason(input.signals) ?? cause) : cause,
    });
  }
}

function detailOf(cause: unknown): string {
  return cause instanceof Error ? `: ${cause.message}` : "";
}

function untilStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DOMException("The call was stopped", "AbortError"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function readEnvelope(text: string): Envelope | undefined {
  let value: Envelope | undefined;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (value?.ActionStatus === "OK") return value;
  return value?.ActionStatus === "FAIL" && typeof value.ErrorCode === "number" ? value : undefined;
}
