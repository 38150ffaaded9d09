import {
  type CallbackCommand,
  type components,
  readCappedBody,
  type WebhookBody,
  type WebhookInfo,
  type WebhookReply,
  type WebhookVerdict,
  webhookReplyValidators,
  webhookTable,
} from "@timkit/spec";
import { type CallbacksOption, type ResolvedCallbacks, resolveCallbacks } from "./callback-options.js";
import { callbackSign } from "./callback-signature.js";

type AnyReply = WebhookReply<CallbackCommand>;
type MessageElement = components["schemas"]["TIMMsgElement"];

/** The callbacks the spec says are awaited, and whose reply acts on the command. */
export type BeforeCallbackCommand = {
  [C in CallbackCommand]: (typeof webhookTable)[C]["timing"] extends "before" ? C : never;
}[CallbackCommand];

/**
 * What the app backend decided about a command, read from its reply through the spec's verdicts: go on
 * (with its replacement of the content, if any), drop it silently, or refuse it with a code (and the
 * backend's text, for a code it may choose).
 */
export type CallbackVerdict =
  | {
      readonly verdict: "allow";
      readonly replace?: { readonly MsgBody?: MessageElement[]; readonly CloudCustomData?: string };
    }
  | { readonly verdict: "drop" }
  | { readonly verdict: "refuse"; readonly code: number; readonly info?: string };

/** One callback the mock sent (or could not send), as `mock.callbacks()` lists it. */
export interface CallbackRecord {
  readonly command: CallbackCommand;
  /**
   * `answered`: HTTP 200 with a reply the spec accepts; `failed`: no such reply (another status, not
   * JSON, not the envelope, a network error); `timeout`: no answer within the spec's timeout;
   * `skipped`: not sent, too many callbacks were in flight.
   */
  readonly status: "answered" | "failed" | "timeout" | "skipped";
  /** The reply's HTTP status, when one came. */
  readonly httpStatus?: number;
  /** The reply, when it was the envelope. */
  readonly answer?: AnyReply;
  /** What went wrong, for `failed` and `skipped`. */
  readonly error?: string;
  /** For a before-callback: what the command did with the reply. */
  readonly verdict?: CallbackVerdict["verdict"];
  /** The body sent. */
  readonly body: WebhookBody<CallbackCommand>;
  /** When it was sent, Unix milliseconds of the mock's clock. */
  readonly sentAt: number;
  /** From sending to the answer (or the timeout), in milliseconds. */
  readonly milliseconds: number;
}

/** The settings in effect as plain JSON, without the token (only whether there is one). */
export interface CallbackSettings {
  readonly enabled: boolean;
  readonly url?: string;
  readonly signed?: boolean;
  readonly commands?: CallbackCommand[];
  readonly beforeSendTimeout?: "deliver" | "fail";
  readonly clientIp?: string;
  /** Callbacks waiting for an answer now, and the most there may be. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  readonly maxLog: number;
}

/** The callbacks of a mock: what behaviours fire, what tests read, what the sandbox changes at run time. */
export interface CallbackDelivery {
  /**
   * Sends a before-callback, waits for its answer (at most the spec's timeout), and says what it decided.
   * As with `after`, the body is made by `body` only when the callback is on.
   */
  before<C extends BeforeCallbackCommand>(command: C, body: () => WebhookBody<C>): Promise<CallbackVerdict>;
  /**
   * Sends an after-callback without waiting: the command answers at once; its reply is only logged. The
   * body is made by `body` only when the callback is on, so what costs (an unread count) costs nothing
   * otherwise.
   */
  after<C extends CallbackCommand>(command: C, body: () => WebhookBody<C>): void;
  /** The callbacks sent and answered (or not), oldest first; at most `maxLog`. */
  log(): CallbackRecord[];
  /** Resolves once every callback sent so far has its answer (or its timeout) and is in the log. */
  settled(): Promise<void>;
  /** Changes the settings from now on (`false`: no callbacks); throws a TypeError naming the field. */
  set(option: CallbacksOption | false): void;
  settings(): CallbackSettings;
  /** Back to the mock's option, and an empty log (callbacks in flight still finish). */
  reset(): void;
}

// What a before-callback that is off decides, for every command.
const allowed: CallbackVerdict = Object.freeze({ verdict: "allow" });

/** How many callbacks may wait for an answer at once, and how many records the log keeps. */
export const callbackLimits = { maxInFlight: 32, maxLog: 100 } as const;

// A reply is three short fields, or a replacement message body: never more than the body limit of sendmsg
// and some room.
const maxReplyBytes = 64 * 1024;

/**
 * The callback machinery, knowing no command: the spec's table says which callbacks are awaited, their
 * timeout, and what each reply code means.
 *
 * @example
 * const callbacks = createCallbackDelivery({ url: "http://127.0.0.1:3000/tim" }, { sdkAppId: 88888888, nowMilliseconds: Date.now });
 * callbacks.after("C2C.CallbackAfterMsgReport", () => body);
 */
export function createCallbackDelivery(
  option: CallbacksOption | false | undefined,
  mock: { readonly sdkAppId: number; readonly nowMilliseconds: () => number },
): CallbackDelivery {
  const initial = resolveCallbacks(option);
  let settings = initial;
  let records: CallbackRecord[] = [];
  const inFlight = new Set<Promise<unknown>>();
  // Every callback from sending to its record in the log, for `settled()`.
  const unlogged = new Set<Promise<unknown>>();
  const untilLogged = <T>(promise: Promise<T>) => {
    unlogged.add(promise);
    promise.finally(() => unlogged.delete(promise)).catch(() => {});
    return promise;
  };

  const remember = (record: CallbackRecord, current: ResolvedCallbacks) => {
    records.push(record);
    if (records.length > callbackLimits.maxLog) records = records.slice(-callbackLimits.maxLog);
    try {
      current.onRecord?.({ ...record });
    } catch {
      // A log that fails must not fail the command.
    }
  };

  async function send<C extends CallbackCommand>(
    current: ResolvedCallbacks,
    command: C,
    body: WebhookBody<C>,
  ): Promise<Omit<CallbackRecord, "verdict">> {
    const sentAt = mock.nowMilliseconds();
    const started = performance.now();
    const base = { command, body: body as WebhookBody<CallbackCommand>, sentAt };
    if (inFlight.size >= callbackLimits.maxInFlight) {
      return {
        ...base,
        status: "skipped",
        error: `${callbackLimits.maxInFlight} callbacks were waiting for an answer`,
        milliseconds: 0,
      };
    }
    const exchange = post(current, command, body, sentAt);
    inFlight.add(exchange);
    try {
      const outcome = await exchange;
      return { ...base, ...outcome, milliseconds: performance.now() - started };
    } finally {
      inFlight.delete(exchange);
    }
  }

  async function post<C extends CallbackCommand>(
    current: ResolvedCallbacks,
    command: C,
    body: WebhookBody<C>,
    sentAt: number,
  ): Promise<Pick<CallbackRecord, "status" | "httpStatus" | "answer" | "error">> {
    const url = new URL(current.url);
    url.searchParams.set("SdkAppid", String(mock.sdkAppId));
    url.searchParams.set("CallbackCommand", command);
    url.searchParams.set("contenttype", "json");
    url.searchParams.set("ClientIP", current.clientIp);
    // The mock's commands come over the REST API, so every callback is on behalf of the REST platform.
    url.searchParams.set("OptPlatform", "RESTAPI");
    if (current.token !== undefined) {
      const requestTime = Math.floor(sentAt / 1000);
      url.searchParams.set("Sign", await callbackSign(current.token, requestTime));
      url.searchParams.set("RequestTime", String(requestTime));
    }
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve("timeout");
      }, webhookTable[command].timeoutMilliseconds);
    });
    const deliver = current.deliver ?? ((request: Request) => globalThis.fetch(request));
    const exchange = (async () => {
      // Tencent follows no redirect: a 3xx is a failed callback, and never a way to reach another host.
      const request = new Request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        redirect: "manual",
        signal: controller.signal,
      });
      const response = await deliver(request);
      if (response.status !== 200) {
        response.body?.cancel().catch(() => {});
        return { status: "failed", httpStatus: response.status, error: `HTTP ${response.status}` } as const;
      }
      const read = await readCappedBody(response, maxReplyBytes);
      if (read.tooLong) {
        return {
          status: "failed",
          httpStatus: 200,
          error: `the reply is over ${maxReplyBytes} bytes`,
        } as const;
      }
      let reply: unknown;
      try {
        reply = JSON.parse(new TextDecoder().decode(read.bytes));
      } catch {
        return { status: "failed", httpStatus: 200, error: "the reply is not JSON" } as const;
      }
      if (!webhookReplyValidators[command](reply)) {
        return {
          status: "failed",
          httpStatus: 200,
          error: "the reply is not the spec's reply envelope",
        } as const;
      }
      return { status: "answered", httpStatus: 200, answer: reply as AnyReply } as const;
    })();
    try {
      const outcome = await Promise.race([exchange, timedOut]);
      if (outcome === "timeout") {
        exchange.catch(() => {});
        return { status: "timeout" };
      }
      return outcome;
    } catch (error) {
      // Only the kind of failure: a message may quote the URL, and with it the Sign.
      const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
      return {
        status: "failed",
        error: `the request failed (${typeof cause === "string" ? cause : ((error as Error)?.name ?? "error")})`,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async before(command, body) {
      const current = settings;
      if (!current?.commands.has(command)) return allowed;
      return untilLogged(
        send(current, command, body()).then((record) => {
          const verdict = verdictOf(command, record.answer, current.beforeSendTimeout);
          remember({ ...record, verdict: verdict.verdict }, current);
          return verdict;
        }),
      );
    },
    after(command, body) {
      const current = settings;
      if (!current?.commands.has(command)) return;
      // Not awaited: the command answers at once. `send` never rejects.
      void untilLogged(send(current, command, body()).then((record) => remember(record, current)));
    },
    log: () => records.map((record) => ({ ...record })),
    async settled() {
      while (unlogged.size > 0) await Promise.allSettled([...unlogged]);
    },
    set(option) {
      settings = resolveCallbacks(option);
    },
    settings() {
      const limits = { inFlight: inFlight.size, ...callbackLimits };
      if (!settings) return { enabled: false, ...limits };
      return {
        enabled: true,
        url: settings.url,
        signed: settings.token !== undefined,
        commands: [...settings.commands],
        beforeSendTimeout: settings.beforeSendTimeout,
        clientIp: settings.clientIp,
        ...limits,
      };
    },
    reset() {
      settings = initial;
      records = [];
    },
  };
}

/**
 * What a reply means to the command, by the spec's verdicts for its ErrorCode. No answer, a failed one,
 * or a code the spec gives no verdict go by the timeout policy (Tencent documents no other case).
 */
function verdictOf(
  command: CallbackCommand,
  reply: AnyReply | undefined,
  policy: "deliver" | "fail",
): CallbackVerdict {
  const info: WebhookInfo = webhookTable[command];
  const onFailure = (): CallbackVerdict =>
    policy === "fail" && info.timeoutFailCode !== undefined
      ? { verdict: "refuse", code: info.timeoutFailCode }
      : { verdict: "allow" };
  if (!reply) return onFailure();
  const row = info.verdicts?.find((candidate) => matches(candidate, reply.ErrorCode as number));
  if (!row) return onFailure();
  switch (row.verdict) {
    case "allow": {
      const { MsgBody, CloudCustomData } = reply as WebhookReply<"C2C.CallbackBeforeSendMsg">;
      const replace = {
        ...(MsgBody === undefined ? {} : { MsgBody }),
        ...(CloudCustomData === undefined ? {} : { CloudCustomData }),
      };
      return Object.keys(replace).length > 0 ? { verdict: "allow", replace } : { verdict: "allow" };
    }
    case "drop":
      return { verdict: "drop" };
    case "block":
      return row.senderCode === undefined ? onFailure() : { verdict: "refuse", code: row.senderCode };
    case "pass-through":
      return { verdict: "refuse", code: reply.ErrorCode as number, info: reply.ErrorInfo };
  }
}

function matches(row: WebhookVerdict, code: number): boolean {
  if (row.code !== undefined) return row.code === code;
  return row.minimum !== undefined && row.maximum !== undefined && code >= row.minimum && code <= row.maximum;
}
