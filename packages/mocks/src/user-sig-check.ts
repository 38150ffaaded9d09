import type { CommonMistake } from "@timkit/spec";
import { type VerifyUserSigFailure, verifyUserSig } from "@timkit/usersig";
import type { Rejection } from "./rejection.js";

type Codes = Readonly<Record<CommonMistake, number>>;

/** What a UserSig check concluded, independent of the clock: valid until `expiresAt`, or a failure. */
type Verdict = { readonly expiresAt: number } | { readonly failure: VerifyUserSigFailure };

/**
 * A UserSig check: the answer at once when the UserSig's verdict is known, a promise when it has to be
 * verified first.
 */
export type UserSigCheck = (
  userSig: string,
  identifier: string,
  now: number,
  codes: Codes,
) => Rejection | undefined | Promise<Rejection | undefined>;

const maxCachedVerdicts = 1024;

/**
 * Checks UserSigs like the server, in its order (decodable, SDKAppID, identifier, signature, expiry) and
 * answers the code for the first failure, or undefined when the UserSig is good.
 *
 * Verdicts are cached per UserSig, with the identifier it was checked for (a UserSig is reused until it
 * expires, so a client sends the same one over and over; another identifier is checked anew):
 * verification inflates and HMACs, which would otherwise dominate a loaded sandbox, and a known verdict
 * is answered at once, without a promise. Expiry is compared with `now` on every request, so the cache
 * never lets an expired UserSig through.
 *
 * @example
 * const check = createUserSigCheck({ sdkAppId: 88888888, secretKey, verify: true });
 * await check(userSig, "admin", now, codes); // → undefined, or { code: 70001, detail: "…" } when expired
 */
export function createUserSigCheck(options: {
  sdkAppId: number;
  secretKey: string;
  verify: boolean;
}): UserSigCheck {
  // Keyed by the UserSig alone: joining it with the identifier made a new string to hash per request.
  const verdicts = new Map<string, { readonly identifier: string; readonly verdict: Verdict }>();

  const verify = async (userSig: string, identifier: string): Promise<Verdict> => {
    let verdict: Verdict;
    try {
      // now: 0 makes the result independent of the clock (nothing is expired at 0); expiry is checked
      // against the mock's own clock by the caller.
      const result = await verifyUserSig({
        userSig,
        identifier,
        sdkAppId: options.sdkAppId,
        secretKey: options.secretKey,
        now: 0,
      });
      verdict = result.ok ? { expiresAt: result.expiresAt } : { failure: result.reason };
    } catch {
      // verifyUserSig only throws for its own arguments; an identifier it refuses cannot have a valid UserSig.
      verdict = { failure: "malformed" };
    }
    // Looked up again after the wait: another request may have filled the cache meanwhile.
    if (!verdicts.has(userSig) && verdicts.size >= maxCachedVerdicts)
      verdicts.delete(verdicts.keys().next().value as string);
    verdicts.set(userSig, { identifier, verdict });
    return verdict;
  };

  return (userSig, identifier, now, codes) => {
    if (userSig.length === 0) return { code: codes.userSigEmpty, detail: "usersig is missing or empty" };
    if (!options.verify) return undefined;
    const cached = verdicts.get(userSig);
    // Known: answered without waiting, as most requests are (a client reuses its UserSig).
    if (cached?.identifier === identifier) return judged(cached.verdict, now, codes);
    return verify(userSig, identifier).then((verdict) => judged(verdict, now, codes));
  };
}

function judged(verdict: Verdict, now: number, codes: Codes): Rejection | undefined {
  if ("failure" in verdict) {
    return { code: codeForFailure(verdict.failure, codes), detail: `usersig rejected: ${verdict.failure}` };
  }
  if (now > verdict.expiresAt) {
    return { code: codes.userSigExpired, detail: `usersig expired at ${verdict.expiresAt} (now ${now})` };
  }
  return undefined;
}

function codeForFailure(failure: VerifyUserSigFailure, codes: Codes): number {
  switch (failure) {
    case "malformed":
    case "unsupported-version":
      return codes.userSigMalformed;
    case "sdkappid-mismatch":
      return codes.userSigOtherSdkAppId;
    case "identifier-mismatch":
      return codes.userSigOtherIdentifier;
    case "signature-mismatch":
      return codes.userSigBadSignature;
    case "expired":
      return codes.userSigExpired;
    default:
      return codes.userSigRejected;
  }
}
