import { devSecretKey } from "@timkit/mocks";

/** What the banner and the landing page tell a developer about a running sandbox. */
export interface SandboxFacts {
  readonly baseUrl: string;
  readonly sdkAppId: number;
  readonly admins: readonly string[];
  readonly accounts: readonly string[];
  /** True when the sandbox signs with the well-known development key, whose UserSigs are no secret. */
  readonly devKey: boolean;
  /** The secret key as shown: the development key in full, any other key never. */
  readonly secretKeyShown: string;
  /** The UserSig as shown: in full for the development key, otherwise a placeholder. */
  readonly userSigShown: string;
  readonly userSigExpiresAt: number;
  readonly curl: string;
}

/** The shell variable the printed curl reads the UserSig from when the sandbox uses the caller's own key. */
export const userSigVariable = "TIMKIT_USERSIG";

/**
 * How the key and the UserSig are shown. The well-known development key and its UserSigs are no secret, so
 * they are printed to make the curl paste-and-run; a key of the caller's own is never printed, nor anything
 * signed with it.
 *
 * @example
 * describeCredentials(devSecretKey, userSig).secretKeyShown // → "timkit-dev-… (the well-known development key: …)"
 */
export function describeCredentials(
  secretKey: string,
  userSig: string,
): Pick<SandboxFacts, "devKey" | "secretKeyShown" | "userSigShown"> {
  const devKey = secretKey === devSecretKey;
  return {
    devKey,
    secretKeyShown: devKey
      ? `${secretKey} (the well-known development key: never use it in production)`
      : "(your own key: not shown)",
    userSigShown: devKey
      ? userSig
      : `(signed with your own key: not shown; the curl reads it from $${userSigVariable}, which genUserSig from @timkit/usersig can make)`,
  };
}

/**
 * The startup text: base URL, credentials and a curl of the documented example that succeeds.
 *
 * @example
 * process.stdout.write(bannerText(facts));
 */
export function bannerText(facts: SandboxFacts): string {
  return [
    "timkit sandbox: a local Tencent Cloud Chat REST API that validates and keeps state like the real one",
    "",
    `  Base URL     ${facts.baseUrl}`,
    `  API docs     ${facts.baseUrl}/docs`,
    `  Control      ${facts.baseUrl}/__sandbox/state (GET), /__sandbox/reset, /__sandbox/accounts, /__sandbox/faults (POST)`,
    `  SDKAppID     ${facts.sdkAppId}`,
    `  Admins       ${facts.admins.join(", ")}`,
    `  Accounts     ${facts.accounts.join(", ")}`,
    `  Secret key   ${facts.secretKeyShown}`,
    facts.devKey
      ? `  UserSig      for ${facts.admins[0]}, valid until ${new Date(facts.userSigExpiresAt * 1000).toISOString()}`
      : `  UserSig      ${facts.userSigShown}`,
    "",
    'Try the documented example (answers {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}):',
    "",
    facts.curl,
    "",
  ].join("\n");
}
