import type { CallSettings } from "./client-options.js";
import { TimApiError, type TimError, TimRequestError } from "./tim-errors.js";

/**
 * Whether sending the same request again can help: catalogue codes marked retryable, network failures,
 * HTTP 429 and 5xx. A code for which Tencent asks for a long pause (70050: a minute) is left to the
 * caller, who sees `retryAfterSeconds` on the error.
 *
 * @example
 * isTransient(new TimRequestError({ reason: "http-status", status: 502, message: "Bad gateway" })) // → true
 */
export function isTransient(error: TimError): boolean {
  if (error instanceof TimApiError) return error.retryable && error.retryAfterSeconds === undefined;
  return error instanceof TimRequestError && error.retryable;
}

/**
 * The pause before the next attempt, in milliseconds: the server's `Retry-After` when it sent one,
 * otherwise exponential back-off with full jitter, drawn from [0, min(maxDelayMs, baseDelayMs · 2^(n−1))]
 * after the n-th failed attempt. Full jitter spreads retries of many clients hit by the same outage.
 *
 * @example
 * retryDelayMs(error, 2, settings) // somewhere in [0, 400] with the defaults
 */
export function retryDelayMs(
  error: TimError,
  failedAttempt: number,
  settings: Pick<CallSettings, "baseDelayMs" | "maxDelayMs">,
): number {
  if (error instanceof TimRequestError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.random() * ceiling;
}

/**
 * Reads a `Retry-After` header: delta-seconds or an HTTP date; undefined when absent or unreadable.
 *
 * @example
 * retryAfterMs("2", Date.now()) // → 2000
 */
export function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
