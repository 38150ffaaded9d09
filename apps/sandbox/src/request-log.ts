import type { CallbackRecord } from "@timkit/mocks";

/** Where the sandbox writes its one line per request; `false` writes nothing. */
export type RequestLog = ((line: string) => void) | false;

/** What a UserSig is replaced with in logs and error text. */
const redacted = "REDACTED";

/**
 * The query parameters of a request target, as written and as the mock's parser reads them: everything
 * after the first `?`, split on `&` (and `#`, so a fragment is covered too), each name and value decoded by
 * URLSearchParams (percent-decoding, `+` as a space). The mock reads `usersig` from that decoded form, so
 * `%75sersig=…` and `user%73ig=…` are UserSigs as much as `usersig=…`.
 */
function queryParameters(target: string): Array<{ text: string; userSig: string | undefined }> {
  const start = target.indexOf("?");
  if (start === -1) return [];
  return target
    .slice(start + 1)
    .split(/(?=[&#])/)
    .map((text) => {
      const separator = /^[&#]/.test(text) ? 1 : 0;
      const equals = text.indexOf("=");
      if (equals === -1) return { text, userSig: undefined };
      // "&" first, so that a name starting with "?" is not stripped as URLSearchParams strips a leading "?".
      const [entry] = new URLSearchParams(`&${text.slice(separator)}`);
      // Any case: redacting a look-alike costs nothing, while a UserSig is a credential until it expires.
      const isUserSig = entry !== undefined && entry[0].toLowerCase() === "usersig";
      return { text, userSig: isUserSig ? text.slice(equals + 1) : undefined };
    });
}

/**
 * The request target with the value of every parameter the query parser reads as `usersig` (any case,
 * percent-encoded, repeated) replaced by `REDACTED`.
 *
 * @example
 * redactUserSig("/v4/openim/c2c_msg_read_receipt?identifier=admin&usersig=eJw…&random=1")
 * // → "/v4/openim/c2c_msg_read_receipt?identifier=admin&usersig=REDACTED&random=1"
 * redactUserSig("/v4/x?%75ser%73ig=eJw…") // → "/v4/x?%75ser%73ig=REDACTED"
 */
export function redactUserSig(target: string): string {
  const start = target.indexOf("?");
  if (start === -1) return target;
  const parameters = queryParameters(target).map(({ text, userSig }) =>
    userSig === undefined || userSig === "" ? text : `${text.slice(0, text.indexOf("=") + 1)}${redacted}`,
  );
  return `${target.slice(0, start + 1)}${parameters.join("")}`;
}

/**
 * Error text with every UserSig of the request replaced by `REDACTED`, as sent and as decoded, wherever it
 * appears (a message or stack may quote the URL or the value).
 *
 * @example
 * redactUserSigsIn(String(error.stack), request.url)
 */
export function redactUserSigsIn(text: string, target: string): string {
  const values = new Set<string>();
  for (const { userSig } of queryParameters(target)) {
    if (!userSig) continue;
    values.add(userSig);
    values.add(new URLSearchParams(`v=${userSig}`).get("v") ?? "");
  }
  values.delete("");
  let result = text;
  // Longest first, so a value that contains another is replaced whole.
  for (const value of [...values].sort((a, b) => b.length - a.length))
    result = result.replaceAll(value, redacted);
  return result;
}

export interface RequestLogEntry {
  method: string;
  target: string;
  status: number;
  /** The envelope's ErrorCode, when the answer is one. */
  errorCode?: number;
  milliseconds: number;
}

/**
 * One line per request: time, method, target (UserSig redacted), status, ErrorCode and duration.
 *
 * @example
 * formatRequestLine({ method: "POST", target, status: 200, errorCode: 0, milliseconds: 1.2 })
 * // → "2026-01-01T00:00:00.000Z POST /v4/…&usersig=REDACTED&… 200 ErrorCode=0 1.2ms"
 */
export function formatRequestLine(entry: RequestLogEntry, at = new Date()): string {
  const code = entry.errorCode === undefined ? "-" : `ErrorCode=${entry.errorCode}`;
  // Control characters would let a crafted URL forge log lines.
  const target = redactUserSig(entry.target).replace(/\p{Cc}/gu, "?");
  return `${at.toISOString()} ${entry.method} ${target} ${entry.status} ${code} ${entry.milliseconds.toFixed(1)}ms`;
}

/**
 * One line per callback the sandbox sent: time, command, status, HTTP status, the reply's ErrorCode, the
 * verdict of a before-callback and the time taken. Never the URL, whose query carries the Sign.
 *
 * @example
 * formatCallbackLine(record)
 * // → "2026-01-01T00:00:00.000Z CALLBACK C2C.CallbackBeforeSendMsg answered 200 ErrorCode=1 refuse 2.1ms"
 */
export function formatCallbackLine(record: CallbackRecord, at = new Date()): string {
  const code = record.answer === undefined ? "-" : `ErrorCode=${record.answer.ErrorCode}`;
  const verdict = record.verdict === undefined ? "" : ` ${record.verdict}`;
  const error = record.error === undefined ? "" : ` (${record.error})`;
  return `${at.toISOString()} CALLBACK ${record.command} ${record.status} ${record.httpStatus ?? "-"} ${code}${verdict} ${record.milliseconds.toFixed(1)}ms${error}`;
}

/**
 * Writes lines in batches: all the lines finished in one turn of the event loop go out in one write, so a
 * loaded sandbox does not pay a system call per request, and an idle one still logs at once.
 *
 * @example
 * const lines = batchedLines((text) => process.stdout.write(text));
 * lines.log("…"); // written after the current I/O phase, with its neighbours
 */
export function batchedLines(write: (text: string) => void): { log(line: string): void; flush(): void } {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = `${pending.join("\n")}\n`;
    pending = [];
    write(text);
  };
  return {
    log(line) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
