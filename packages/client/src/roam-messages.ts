import type { components } from "@timkit/spec";
import type { TimCallOptions } from "./client-options.js";
import { TimRequestError, TimValidationError } from "./tim-errors.js";
import { describeValue } from "./value-description.js";

/** One message of a conversation, as `admin_getroammsg` answers it. */
export type RoamMessage = components["schemas"]["RoamMessage"];

type PageRequest = components["schemas"]["AdminGetroammsgRequest"];
type Page = {
  Complete: number;
  MsgCnt: number;
  LastMsgTime?: number;
  LastMsgKey?: string;
  MsgList: RoamMessage[];
};

/** Which conversation to read, from whose side, and which part of it. */
export interface RoamMessagesQuery {
  /** The side whose view is read (`Operator_Account`). */
  operator: string;
  /** The other party (`Peer_Account`). */
  peer: string;
  /** Oldest time wanted, Unix seconds (default 0: as far back as the roaming storage keeps). */
  from?: number;
  /** Newest time wanted, Unix seconds (default now). */
  to?: number;
  /** Messages asked for per request (`MaxCnt`, default 100); Tencent answers at most 13 KB at a time anyway. */
  pageSize?: number;
  /** The most pages pulled (default 10 000): a walk ends with an error rather than run on without end. */
  maxPages?: number;
}

/**
 * Every message of a conversation in a time range, newest first, pulling page after page with
 * `LastMsgTime` and `LastMsgKey` until Tencent says `Complete`. Each page is one call with the call's
 * options (retries, signal); a `timeoutMs` given here bounds the whole walk, from the first page to the
 * last, the time the caller spends between messages included (without it, each page has the client's
 * timeout). The caller's signal also stops the iteration between pages, and `maxPages` bounds the walk.
 *
 * @throws {TimRequestError} reason "aborted" when the signal aborts between pages, "timeout" when the
 * walk's `timeoutMs` runs out, "invalid-body" when Tencent answers a page that does not move on.
 *
 * @example
 * for await (const message of roamMessages(pull, { operator: "bob", peer: "alice" })) console.log(message.MsgKey);
 */
export async function* roamMessages(
  pull: (body: PageRequest, options?: TimCallOptions) => Promise<Page>,
  query: RoamMessagesQuery,
  options?: TimCallOptions,
): AsyncGenerator<RoamMessage, void, undefined> {
  const positive = (name: "pageSize" | "maxPages", value: number | undefined) => {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 1)) {
      throw new TimValidationError({
        operation: "roamMessages",
        field: name,
        expected: "a positive integer",
        received: describeValue(value),
        rule: "minimum",
      });
    }
  };
  positive("pageSize", query.pageSize);
  positive("maxPages", query.maxPages);
  const maxPages = query.maxPages ?? 10_000;
  let request: PageRequest = {
    Operator_Account: query.operator,
    Peer_Account: query.peer,
    MaxCnt: query.pageSize ?? 100,
    MinTime: query.from ?? 0,
    MaxTime: query.to ?? Math.floor(Date.now() / 1000),
  };
  const deadline = options?.timeoutMs === undefined ? undefined : Date.now() + options.timeoutMs;
  for (let pages = 1; ; pages++) {
    const left = deadline === undefined ? undefined : deadline - Date.now();
    if (left !== undefined && left <= 0) {
      throw new TimRequestError({
        reason: "timeout",
        message: `adminGetroammsg: the walk's timeoutMs (${options?.timeoutMs} ms) ran out after ${pages - 1} pages`,
        operation: "adminGetroammsg",
      });
    }
    if (options?.signal?.aborted) {
      throw new TimRequestError({
        reason: "aborted",
        message: "adminGetroammsg: aborted by the caller's signal between pages",
        cause: options.signal.reason,
        operation: "adminGetroammsg",
      });
    }
    const page = await pull(request, left === undefined ? options : { ...options, timeoutMs: left });
    for (let i = page.MsgList.length - 1; i >= 0; i--) yield page.MsgList[i] as RoamMessage;
    if (page.Complete === 1) return;
    if (page.MsgList.length === 0) {
      throw new TimRequestError({
        reason: "invalid-body",
        message: `adminGetroammsg: page ${pages} says there is more but holds no message`,
        operation: "adminGetroammsg",
      });
    }
    if (pages >= maxPages) {
      throw new TimRequestError({
        reason: "invalid-body",
        message: `adminGetroammsg: still not complete after maxPages (${maxPages}) pages`,
        operation: "adminGetroammsg",
      });
    }
    if (
      page.LastMsgKey === undefined ||
      page.LastMsgKey === request.LastMsgKey ||
      page.LastMsgTime === undefined
    ) {
      throw new TimRequestError({
        reason: "invalid-body",
        message: `adminGetroammsg: page ${pages} says there is more but gives no new LastMsgKey to go on from`,
        operation: "adminGetroammsg",
      });
    }
    request = { ...request, MaxTime: page.LastMsgTime, LastMsgKey: page.LastMsgKey };
  }
}
