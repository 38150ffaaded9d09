import { devSecretKey } from "@timkit/mocks";
import { controlRoutes } from "./control-routes.js";
import type { FlowStep } from "./documented-example.js";

/** What the banner and the landing page tell a developer about a running sandbox. */
export interface SandboxFacts {
  readonly baseUrl: string;
  /** The address and port actually listened on, e.g. `127.0.0.1:4010`, `0.0.0.0:4010`, `[::]:4010`. */
  readonly listening: string;
  /** True when the sandbox listens beyond loopback (`--allow-remote`), so other machines reach it. */
  readonly remote: boolean;
  /** Where other machines find it when it is remote. */
  readonly networkUrls: readonly string[];
  /** True when `/__sandbox/*` needs `Authorization: Bearer <control token>`. */
  readonly controlTokenRequired: boolean;
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
  /** Where Tencent's callbacks go at start and whether they are signed (never the token); undefined: none. */
  readonly callbacksShown?: string;
  /** The read-receipt flow as shell commands that work in order. */
  readonly flow: readonly FlowStep[];
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
 * The startup text: where the sandbox listens, base URL, credentials and a curl of the documented example
 * that succeeds. A sandbox reachable from other machines opens with a warning saying what they reach. A
 * control token the sandbox made is shown here, once; one the operator gave never is.
 *
 * @example
 * process.stdout.write(bannerText(sandbox.facts, sandbox.madeControlToken));
 */
export function bannerText(facts: SandboxFacts, madeControlToken?: string): string {
  const control = Object.keys(controlRoutes)
    .map((route, index) => (index === 0 ? `${route.replace(" ", ` ${facts.baseUrl}`)}` : route))
    .join(", ");
  const tokenLines = !facts.controlTokenRequired
    ? []
    : [
        `  Token        ${madeControlToken ?? "(the control token you gave: not shown)"}`,
        `               every /__sandbox/* request, /__sandbox/usersig included, sends "Authorization: Bearer <token>"${madeControlToken ? "; made for this run and shown only here" : ""}`,
      ];
  return [
    "timkit sandbox: a local Tencent Cloud Chat REST API that validates and keeps state like the real one",
    "",
    ...(facts.remote ? remoteWarning(facts) : []),
    `  Listening    ${facts.listening} ${facts.remote ? "(reachable from other machines: --allow-remote)" : "(loopback: this machine only)"}`,
    ...(facts.networkUrls.length > 0 ? [`  Network      ${facts.networkUrls.join(", ")}`] : []),
    `  Base URL     ${facts.baseUrl}`,
    `  API docs     ${facts.baseUrl}/docs`,
    `  Control      ${control}`,
    ...tokenLines,
    ...(facts.callbacksShown ? [`  Callbacks    ${facts.callbacksShown}`] : []),
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
    ...(facts.flow.length === 0
      ? []
      : [
          "The read-receipt flow, three commands to run in order in one shell:",
          "",
          ...facts.flow.flatMap((step, index) => [`# ${index + 1}. ${step.title}`, step.command, ""]),
        ]),
  ].join("\n");
}

function remoteWarning(facts: SandboxFacts): string[] {
  return [
    `WARNING: listening on ${facts.listening}, so other machines can reach this sandbox. What they reach:`,
    facts.devKey
      ? "  - the API: anyone can make a valid UserSig from the well-known development key, so anyone can call it;"
      : "  - the API, for callers with a UserSig made from your key;",
    "  - the landing page, /docs and /openapi.json;",
    `  - the control routes (${Object.keys(controlRoutes).join(", ")}), only with the control token.`,
    "  It is a development tool, not a production server: use it on a network you trust, and stop it after.",
    "",
  ];
}
