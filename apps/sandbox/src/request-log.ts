/** Where the sandbox writes its one line per request; `false` writes nothing. */
export type RequestLog = ((line: string) => void) | false;

// Any parameter named usersig, whatever its case: a UserSig is a credential for as long as it is valid.
const userSigParameter = /([?&]usersig=)[^&#]*/gi;

/**
 * The request target with every UserSig replaced by `REDACTED`.
 *
 * @example
 * redactUserSig("/v4/openim/c2c_msg_read_receipt?identifier=admin&usersig=eJw…&random=1")
 * // → "/v4/openim/c2c_msg_read_receipt?identifier=admin&usersig=REDACTED&random=1"
 */
export function redactUserSig(target: string): string {
  return target.replace(userSigParameter, "$1REDACTED");
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
