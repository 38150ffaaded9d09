// One call of an operation: validate and serialize once, then attempt, read Tencent's envelope, and retry
// transient failures within the call's deadline. Each attempt is a fresh Request with a fresh `random`.
// The methods build that Request themselves rather than through openapi-fetch: the URL is a fixed path
// plus the auth query and the body is already JSON, so openapi-fetch's generic path, query, header and
// middleware handling would be work for nothing on every call (`tim.raw` is the openapi-fetch client).
import { type OperationId, operationTable } from "@timkit/spec";
import { abortReason, type DeadlineSignal, deadlineSignal, pause } from "./call-signals.js";
import { type CallSettings, callSettings, type TimCallOptions, type TimFetch } from "./client-options.js";
import { serializeRequestBody } from "./request-validation.js";
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
export interface CallContext {
  /** No trailing slash. */
  baseUrl: string;
  /** The auth query for a UserSig, from `authQuery`. */
  query: (userSig: string) => string;
  userSig: UserSigSource;
  settings: CallSettings;
}

/** Tencent's answer envelope, as far as the client reads it. */
interface Envelope {
  ActionStatus: "OK" | "FAIL";
  ErrorCode?: unknown;
  ErrorInfo?: unknown;
  ErrorDisplay?: unknown;
}

/** What the attempts of one call share: requests handed to fetch so far, and the last UserSig used. */
interface CallState {
  sent: number;
  userSig: string;
  /** The deadline and the caller's signals, linked once for the whole call. */
  stop: DeadlineSignal;
}

/**
 * Calls an operation and resolves with its OK envelope; rejects with a `TimError` subclass.
 *
 * @example
 * const ok = await callOperation(context, "c2cMsgReadReceipt", body, { timeoutMs: 5_000 });
 */
export async function callOperation(
  context: CallContext,
  operation: OperationId,
  body: unknown,
  options?: TimCallOptions,
): Promise<unknown> {
  const settings = callSettings(context.settings, options);
  const json = serializeRequestBody(operation, body, settings.validate);
  const deadline = Date.now() + settings.timeoutMs;
  const state: CallState = { sent: 0, userSig: "", stop: deadlineSignal(deadline, settings.signals) };
  let renewedUserSig = false;
  try {
    for (let attempt = 1; ; attempt++) {
      let error: TimError;
      try {
        return await attemptOnce(context, operation, json, settings, state);
      } catch (failure) {
        error = failure as TimError;
      }
      // 70001: the UserSig expired (clock skew, a long-lived process). One immediate retry with a new one.
      const renew: boolean =
        error instanceof TimApiError &&
        error.code === 70001 &&
        !renewedUserSig &&
        context.userSig.expired(state.userSig);
      if (!(renew || isTransient(error)) || attempt >= settings.maxAttempts) throw error;
      renewedUserSig ||= renew;
      const delay = renew ? 0 : retryDelayMs(error, attempt, settings);
      // A retry that cannot finish before the deadline is not started: the caller gets the real failure.
      if (Date.now() + delay >= deadline) throw error;
      if (!(await pause(delay, settings.signals))) {
        throw new TimRequestError({
          reason: "aborted",
          message: `${operation}: aborted by the caller's signal while waiting to retry`,
          cause: abortReason(settings.signals),
          operation,
          attempts: state.sent,
        });
      }
    }
  } finally {
    state.stop.release();
  }
}

/** One request; resolves with the OK envelope and throws every failure as a `TimError`. */
async function attemptOnce(
  context: CallContext,
  operation: OperationId,
  json: string,
  settings: CallSettings,
  state: CallState,
): Promise<Envelope> {
  const { method, path } = operationTable[operation];
  const { stop } = state;
  let request: Request | undefined;
  const secrets = () => [state.userSig, ...context.userSig.secrets()];
  const failure = (
    reason: TimRequestErrorReason,
    message: string,
    fields: Partial<TimRequestErrorFields> = {},
  ) =>
    new TimRequestError({
      ...fields,
      reason,
      message: redactText(`${operation}: ${message}`, secrets()),
      cause: redactCause(fields.cause, secrets()),
      url: request && redactUrl(request.url),
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
      throw failure("user-sig", `no UserSig${detailOf(cause)}`, { cause });
    }
    // Looked up now, not at creation, so a fetch installed later (MSW, instrumentation) is the one used.
    const fetch: TimFetch = settings.fetch ?? globalThis.fetch;
    if (stop.stopped) throw new DOMException("The call was stopped", "AbortError");
    request = new Request(
      `${context.baseUrl}${path}?${context.query(state.userSig)}`,
      // The body was serialized once for validation and the size check: exactly those bytes are sent.
      { method, headers: { "content-type": "application/json" }, body: json, signal: stop.signal },
    );
    state.sent++;
    const response = await fetch(request);
    // Read whatever the status, so the connection is released.
    const data = await response.text();
    const { status, headers } = response;
    if (status !== 200) {
      throw failure("http-status", `HTTP ${status} ${response.statusText}`.trimEnd(), {
        status,
        retryAfterMs: retryAfterMs(headers.get("retry-after"), Date.now()),
      });
    }
    const envelope = readEnvelope(data);
    if (!envelope) {
      const type = headers.get("content-type") ?? "no content-type";
      throw failure("invalid-body", `the answer is not Tencent's JSON envelope (${type})`, { status });
    }
    if (envelope.ActionStatus === "OK") return envelope;
    const text = (value: unknown) => (typeof value === "string" ? redactText(value, secrets()) : undefined);
    throw new TimApiError({
      code: envelope.ErrorCode as number,
      info: text(envelope.ErrorInfo) ?? "",
      display: text(envelope.ErrorDisplay),
      url: request && redactUrl(request.url),
      operation,
      attempts: state.sent,
    });
  } catch (cause) {
    if (cause instanceof TimError) throw cause;
    const reason = stop.stopped ?? "network";
    const messages = {
      timeout: `no answer within timeoutMs (${settings.timeoutMs} ms)`,
      aborted: "aborted by the caller's signal",
      network: `network error${detailOf(cause)}`,
    };
    throw failure(reason, messages[reason], {
      cause: reason === "aborted" ? (abortReason(settings.signals) ?? cause) : cause,
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

function readEnvelope(text: unknown): Envelope | undefined {
  let value: Envelope | undefined;
  try {
    value = typeof text === "string" ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
  if (value?.ActionStatus === "OK") return value;
  return value?.ActionStatus === "FAIL" && typeof value.ErrorCode === "number" ? value : undefined;
}
