import type { CommonMistake } from "@timkit/spec";
import type { Rejection } from "./rejection.js";
import type { UserSigCheck } from "./user-sig-check.js";

/** What the query checks need to know about the application. */
export interface QueryCheckContext {
  readonly sdkAppId: number;
  readonly admins: ReadonlySet<string>;
  readonly checkUserSig: UserSigCheck;
  readonly now: number;
  /** The operation's code for each mistake (`x-timkit-codes`). */
  readonly codes: Readonly<Record<CommonMistake, number>>;
}

const decimal = /^\d+$/;
const maxRandom = 4_294_967_295;

/**
 * Checks the query string in the server's order: `sdkappid`, `identifier`, `usersig`, then `random` and
 * `contenttype`. Answers the code of the first problem and what it was, or undefined when the query is fine.
 *
 * @example
 * await checkQuery(new URL(request.url).searchParams, context) // → undefined or { code: 90009, detail: "…" }
 * // (at once, not a promise, when the UserSig's verdict is already known)
 */
export function checkQuery(
  query: URLSearchParams,
  context: QueryCheckContext,
): Rejection | undefined | Promise<Rejection | undefined> {
  const { codes } = context;
  // A value that is not a decimal integer cannot be read as an SDKAppID: the server sees none at all.
  const sdkAppId = query.get("sdkappid");
  if (sdkAppId === null || !decimal.test(sdkAppId)) {
    return { code: codes.sdkAppIdMissing, detail: "sdkappid is missing or not an integer" };
  }
  if (Number(sdkAppId) !== context.sdkAppId) {
    return { code: codes.sdkAppIdUnknown, detail: `sdkappid ${sdkAppId} is not this application's` };
  }

  const identifier = query.get("identifier");
  if (!identifier) return { code: codes.identifierMissing, detail: "identifier is missing" };
  if (!context.admins.has(identifier)) {
    return { code: codes.notAdmin, detail: `identifier ${identifier} is not an App administrator` };
  }

  const userSig = context.checkUserSig(query.get("usersig") ?? "", identifier, context.now, codes);
  // Waited for only when the UserSig had to be verified.
  if (userSig instanceof Promise) return userSig.then((rejected) => rejected ?? checkRest(query, codes));
  return userSig ?? checkRest(query, codes);
}

/** The checks after the UserSig's: `random`, then `contenttype`. */
function checkRest(query: URLSearchParams, codes: QueryCheckContext["codes"]): Rejection | undefined {
  const random = query.get("random");
  if (random === null || !decimal.test(random) || Number(random) > maxRandom) {
    return { code: codes.randomInvalid, detail: "random must be an integer from 0 to 4294967295" };
  }
  if (query.get("contenttype") !== "json")
    return { code: codes.contentTypeNotJson, detail: "contenttype must be json" };
  return undefined;
}
