import { describeErrorCode } from "@timkit/spec";

/** Why a request produced no answer from Tencent that the client could read. */
export type TimRequestErrorReason =
  /** fetch rejected: DNS, connection refused or reset, CORS, TLS. */
  | "network"
  /** The call's `timeoutMs` ran out (retries included). */
  | "timeout"
  /** The caller's `signal` aborted the call. */
  | "aborted"
  /** The HTTP status was not 200 (Tencent's gateways answer 502, 429 and such). */
  | "http-status"
  /** The answer was not JSON, or not Tencent's `ActionStatus` envelope. */
  | "invalid-body"
  /** The `userSig` provider threw or returned something other than a non-empty string. */
  | "user-sig"
  /**
   * The command's calls per second were spent and the call could not wait: its turn would come after its
   * deadline, or `rateLimit.maxQueue` calls were waiting already. Nothing was sent for it.
   */
  | "rate-limited";

interface TimErrorFields {
  operation?: string | undefined;
  attempts?: number | undefined;
  cause?: unknown;
}

/**
 * The base class of every error the client throws, so one `instanceof TimError` catches them all.
 * No subclass ever holds a UserSig or secret key: messages, URLs and causes are redacted on creation.
 *
 * @example
 * try { await tim.c2cMsgReadReceipt(body); } catch (error) { if (error instanceof TimError) log(error.toJSON()); }
 */
export class TimError extends Error {
  /** The operationId of the call, such as "c2cMsgReadReceipt". */
  declare readonly operation: string | undefined;
  /** How many HTTP requests the call made before failing (0 when it failed before sending). */
  declare readonly attempts: number;

  constructor(message: string, fields: TimErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    // Set by hand: minifiers rename classes, and `name` is what logs and `String(error)` show.
    // Own fields in a fixed order: `toJSON` and structured loggers list them in this order.
    Object.assign(this, { name: "TimError", operation: fields.operation, attempts: fields.attempts ?? 0 });
  }

  /**
   * A plain object for structured logs: name, message and the error's own fields (all of them safe to
   * log), without stack or cause.
   */
  toJSON(): Record<string, unknown> {
    return Object.assign({ name: this.name, message: this.message }, this) as unknown as Record<
      string,
      unknown
    >;
  }
}

/** What `TimApiError` is made from: Tencent's failure envelope and where it came from. */
export interface TimApiErrorFields extends TimErrorFields {
  code: number;
  info: string;
  display?: string | undefined;
  url?: string | undefined;
}

/**
 * Tencent answered `ActionStatus: "FAIL"`. `description` and `retryable` come from the operation's error
 * catalogue, generated from the spec (a code's text may differ between commands); an undocumented code
 * has no description and is never retried.
 *
 * @example
 * catch (error) {
 *   if (error instanceof TimApiError && error.code === 20003) await importAccounts();
 * }
 */
export class TimApiError extends TimError {
  /** `ErrorCode` as Tencent sent it. */
  declare readonly code: number;
  /** `ErrorInfo` as Tencent sent it (redacted of credentials). */
  declare readonly info: string;
  /** The catalogue's explanation of `code`, or undefined for a code the spec does not document. */
  declare readonly description: string | undefined;
  /** True when the catalogue marks the code transient: the same request may succeed later. */
  declare readonly retryable: boolean;
  /** How long Tencent asks callers to wait before trying again (70050: 60 s), when it says so. */
  declare readonly retryAfterSeconds: number | undefined;
  /** Tencent's undocumented `ErrorDisplay`, when the answer carried one. */
  declare readonly display: string | undefined;
  /** The request URL with `usersig=REDACTED`. */
  declare readonly url: string | undefined;

  constructor(fields: TimApiErrorFields) {
    const entry = describeErrorCode(fields.operation, fields.code);
    const detail = entry?.description ?? "undocumented error code";
    const server = fields.info && fields.info !== entry?.description ? ` (ErrorInfo: ${fields.info})` : "";
    const tries = (fields.attempts ?? 0) > 1 ? ` after ${fields.attempts} attempts` : "";
    super(
      `${fields.operation ?? "request"} failed with ErrorCode ${fields.code}: ${detail}${server}${tries}`,
      fields,
    );
    Object.assign(this, {
      name: "TimApiError",
      code: fields.code,
      info: fields.info,
      description: entry?.description,
      retryable: entry?.retryable ?? false,
      retryAfterSeconds: entry?.retryAfterSeconds,
      display: fields.display,
      url: fields.url,
    });
  }
}

/** What `TimRequestError` is made from. */
export interface TimRequestErrorFields extends TimErrorFields {
  reason: TimRequestErrorReason;
  message: string;
  status?: number | undefined;
  url?: string | undefined;
  retryAfterMs?: number | undefined;
}

/**
 * The call got no usable answer: a network failure, its timeout, the caller's abort, an HTTP status
 * other than 200, a body that is not Tencent's JSON envelope, or no turn under the rate limit in time.
 * `reason` says which; `cause` keeps the underlying error (redacted).
 *
 * @example
 * catch (error) {
 *   if (error instanceof TimRequestError && error.reason === "timeout") metrics.increment("tim.timeout");
 * }
 */
export class TimRequestError extends TimError {
  declare readonly reason: TimRequestErrorReason;
  /** The HTTP status, when a response arrived. */
  declare readonly status: number | undefined;
  /** The request URL with `usersig=REDACTED`, when a request was built. */
  declare readonly url: string | undefined;
  /** The wait the server asked for with `Retry-After`, in milliseconds. */
  declare readonly retryAfterMs: number | undefined;

  constructor(fields: TimRequestErrorFields) {
    super(fields.message, fields);
    Object.assign(this, {
      name: "TimRequestError",
      reason: fields.reason,
      status: fields.status,
      url: fields.url,
      retryAfterMs: fields.retryAfterMs,
    });
  }

  /** Network failures, HTTP 429 and 5xx are transient; the rest would fail the same way again. */
  get retryable(): boolean {
    if (this.reason === "network") return true;
    const status = this.status ?? 0;
    return this.reason === "http-status" && (status === 429 || status >= 500);
  }

  override toJSON(): Record<string, unknown> {
    const { cause } = this;
    return {
      ...super.toJSON(),
      retryable: this.retryable,
      cause: cause instanceof Error ? `${cause.name}: ${cause.message}` : cause,
    };
  }
}

/** What `TimValidationError` is made from. */
export interface TimValidationErrorFields {
  operation: string;
  field: string;
  expected: string;
  received?: string | undefined;
  rule: string;
}

/**
 * The client refused to send a body the server would reject: a missing or mistyped field, a
 * `From_Account`/`To_Account` that contradicts `Peer_Account`/`Operator_Account`, or a body over the
 * operation's size limit. Nothing was sent. The checks are the spec's, generated from it.
 *
 * @example
 * catch (error) {
 *   if (error instanceof TimValidationError) console.error(error.field, "should be", error.expected);
 * }
 */
export class TimValidationError extends TimError {
  /** Where the problem is, e.g. `C2CMsgInfo[0].From_Account`, or `body` for the body as a whole. */
  declare readonly field: string;
  /** What the spec wants there, e.g. `equal to Peer_Account ("user2")`. */
  declare readonly expected: string;
  /** What the body had there, briefly, when there was something. */
  declare readonly received: string | undefined;
  /** The spec rule that failed: a JSON Schema keyword, `equals`, or `maxBodyBytes`. */
  declare readonly rule: string;

  constructor(fields: TimValidationErrorFields) {
    const got = fields.received === undefined ? "" : `, got ${fields.received}`;
    super(`${fields.operation}: ${fields.field} must be ${fields.expected}${got}. Nothing was sent.`, fields);
    Object.assign(this, {
      name: "TimValidationError",
      field: fields.field,
      expected: fields.expected,
      received: fields.received,
      rule: fields.rule,
    });
  }
}
