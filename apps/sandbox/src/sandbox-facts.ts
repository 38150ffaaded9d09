import { devSecretKey } from "@timkit/mocks";

/** What the banner and the landing page tell a developer about a running sandbox. */
export interface SandboxFacts {
  readonly baseUrl: string;
  readonly sdkAppId: number;
  readonly admins: readonly string[];
  readonly accounts: readonly string[];
  readonly secretKey: string;
  /** A UserSig for the first administrator, made at start. */
  readonly userSig: string;
  readonly userSigExpiresAt: number;
  readonly curl: string;
}

/** How the secret key is shown: the well-known development key is labelled as such. */
export function describeSecretKey(secretKey: string): string {
  return secretKey === devSecretKey
    ? `${secretKey} (the well-known development key: never use it in production)`
    : `${secretKey} (from your options)`;
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
    `  Secret key   ${describeSecretKey(facts.secretKey)}`,
    `  UserSig      for ${facts.admins[0]}, valid until ${new Date(facts.userSigExpiresAt * 1000).toISOString()}`,
    "",
    'Try the documented example (answers {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}):',
    "",
    facts.curl,
    "",
  ].join("\n");
}
