import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { type ParseArgsConfig, parseArgs } from "node:util";
import { resolveCallbacks } from "@timkit/mocks";
import { allowedHost, allowedOrigin } from "./access-lists.js";
import { callbackAllowHosts, checkCallbackTarget } from "./callback-target.js";
import { checkControlToken } from "./control-token.js";
import { isLoopbackAddress } from "./local-addresses.js";
import type { SandboxOptions } from "./start-sandbox.js";

export const usage = `Usage: timkit-sandbox [options]    (npx @timkit/sandbox [options] once installed)

  --host <host>          where to listen (TIMKIT_SANDBOX_HOST, default 127.0.0.1); an address
                         that is not loopback needs --allow-remote
  --port <port>          port, 0 for any free one (TIMKIT_SANDBOX_PORT, default 4010)
  --sdkappid <id>        the application's SDKAppID (TIMKIT_SANDBOX_SDKAPPID, default 88888888)
  --secret-key <key>     the key UserSigs are checked with (TIMKIT_SANDBOX_SECRET_KEY,
                         default the well-known development key)
  --admins <a,b>         administrator UserIDs (TIMKIT_SANDBOX_ADMINS, default admin)
  --accounts <a,b>       accounts imported at start and on reset (TIMKIT_SANDBOX_ACCOUNTS, default user1,user2)
  --fixture <file.json>  any of {"sdkAppId", "secretKey", "admins", "accounts", "messages"}
                         (TIMKIT_SANDBOX_FIXTURE)
  --accept-any-usersig   accept any non-empty usersig instead of verifying it
  --no-rate-limits       never answer 60007 (by default each command allows the calls per second
                         the spec gives, as Tencent does; change them at /__sandbox/limits)
  --callback-url <url>   send Tencent's callbacks (C2C.CallbackBeforeSendMsg, …AfterSendMsg,
                         …AfterMsgReadReceipt, …AfterMsgReport) to this URL on this machine
                         (TIMKIT_SANDBOX_CALLBACK_URL); change it at /__sandbox/callbacks
  --callback-token <t>   sign them with Sign and RequestTime, as Tencent does with a token
                         (TIMKIT_SANDBOX_CALLBACK_TOKEN; prefer the variable: flags show in ps)
  --callback-before-send-timeout <deliver|fail>
                         when the before-send callback gets no answer in 2 s: deliver the message
                         (default, Tencent's) or answer 80003 (TIMKIT_SANDBOX_CALLBACK_BEFORE_SEND_TIMEOUT)
  --callback-allow-hosts <a,b>
                         hosts besides loopback that callbacks may go to (TIMKIT_SANDBOX_CALLBACK_ALLOW_HOSTS);
                         without it the sandbox posts to no other machine; with --allow-remote, a URL
                         set by PUT /__sandbox/callbacks must be listed here, loopback included
  --quiet                no log line per request
  --help                 this text

Who may call it (see "Security" in the README):
  --allow-remote         listen where other machines reach the sandbox (0.0.0.0, ::, a LAN
                         address); /__sandbox/* then needs the control token
  --control-token <t>    what /__sandbox/* requests must send as "Authorization: Bearer <t>"
                         (TIMKIT_SANDBOX_CONTROL_TOKEN, 16 to 512 printable ASCII characters);
                         with --allow-remote and none given, one is made and shown once
  --allowed-hosts <a,b>  Host names to answer to besides loopback and the listening address,
                         e.g. mylaptop.local (TIMKIT_SANDBOX_ALLOWED_HOSTS)
  --allowed-origins <a,b>
                         origins of pages besides this machine's that may call the sandbox,
                         e.g. http://192.168.1.20:5173 (TIMKIT_SANDBOX_ALLOWED_ORIGINS)

Flags win over environment variables, which win over the fixture file.
`;

/** What the command line asks for: sandbox options, or the help text. */
export type CommandLine = { help: true } | { help: false; options: SandboxOptions };

const fixtureKeys = new Set(["sdkAppId", "secretKey", "admins", "accounts", "messages"]);

/**
 * Reads flags, then `TIMKIT_SANDBOX_*` environment variables, then the fixture file. Throws an Error with
 * a message for the user when something is wrong.
 *
 * @example
 * readCommandLine(["--port", "0", "--accounts", "alice,bob"], process.env)
 */
/** Every flag the command line accepts; `usage` lists each of them (a test holds the two together). */
export const flags = {
  host: { type: "string" },
  "allow-remote": { type: "boolean" },
  "control-token": { type: "string" },
  "allowed-hosts": { type: "string" },
  "allowed-origins": { type: "string" },
  port: { type: "string" },
  sdkappid: { type: "string" },
  "secret-key": { type: "string" },
  admins: { type: "string" },
  accounts: { type: "string" },
  fixture: { type: "string" },
  "accept-any-usersig": { type: "boolean" },
  "no-rate-limits": { type: "boolean" },
  "callback-url": { type: "string" },
  "callback-token": { type: "string" },
  "callback-before-send-timeout": { type: "string" },
  "callback-allow-hosts": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

export function readCommandLine(args: string[], env: NodeJS.ProcessEnv): CommandLine {
  const { values } = parseArgs({
    args,
    strict: true,
    options: flags,
  });
  if (values.help) return { help: true };

  const fixturePath = values.fixture ?? env.TIMKIT_SANDBOX_FIXTURE;
  const fixture = fixturePath ? readFixture(fixturePath) : {};
  const pick = (flag: string | undefined, variable: string) => flag ?? env[variable];

  const port = pick(values.port, "TIMKIT_SANDBOX_PORT");
  const sdkAppId = pick(values.sdkappid, "TIMKIT_SANDBOX_SDKAPPID");
  const admins = pick(values.admins, "TIMKIT_SANDBOX_ADMINS");
  const accounts = pick(values.accounts, "TIMKIT_SANDBOX_ACCOUNTS");
  const host = pick(values.host, "TIMKIT_SANDBOX_HOST") ?? "127.0.0.1";
  // Names are resolved and checked by startSandbox; addresses are refused here, before anything listens.
  if (isIP(host) !== 0 && !isLoopbackAddress(host) && !values["allow-remote"]) {
    throw new Error(
      `--host ${host} is not a loopback address: other machines could reach the sandbox, take administrator UserSigs and change its state. Add --allow-remote to mean it (the /__sandbox/* routes then need a control token)`,
    );
  }
  const controlToken = pick(values["control-token"], "TIMKIT_SANDBOX_CONTROL_TOKEN");
  const hosts = pick(values["allowed-hosts"], "TIMKIT_SANDBOX_ALLOWED_HOSTS");
  const origins = pick(values["allowed-origins"], "TIMKIT_SANDBOX_ALLOWED_ORIGINS");
  const options: SandboxOptions = {
    host,
    port: port === undefined ? 4010 : integer(port, "--port", 0, 65_535),
    sdkAppId:
      sdkAppId === undefined ? fixture.sdkAppId : integer(sdkAppId, "--sdkappid", 1, Number.MAX_SAFE_INTEGER),
    secretKey: pick(values["secret-key"], "TIMKIT_SANDBOX_SECRET_KEY") ?? fixture.secretKey,
    admins: admins === undefined ? fixture.admins : list(admins),
    accounts: accounts === undefined ? fixture.accounts : list(accounts),
  };
  if (fixture.messages !== undefined) options.messages = fixture.messages;
  if (values["allow-remote"]) options.allowRemote = true;
  if (controlToken !== undefined) options.controlToken = checkControlToken(controlToken, "--control-token");
  if (hosts !== undefined)
    options.allowedHosts = list(hosts).map((name) => allowedHost(name, "--allowed-hosts"));
  if (origins !== undefined) {
    options.allowedOrigins = list(origins).map((origin) => allowedOrigin(origin, "--allowed-origins"));
  }
  const callbackAllow = pick(values["callback-allow-hosts"], "TIMKIT_SANDBOX_CALLBACK_ALLOW_HOSTS");
  if (callbackAllow !== undefined)
    options.callbackAllowHosts = callbackAllowHosts(list(callbackAllow), "--callback-allow-hosts");
  const callbacks = callbackOptions(
    pick(values["callback-url"], "TIMKIT_SANDBOX_CALLBACK_URL"),
    pick(values["callback-token"], "TIMKIT_SANDBOX_CALLBACK_TOKEN"),
    pick(values["callback-before-send-timeout"], "TIMKIT_SANDBOX_CALLBACK_BEFORE_SEND_TIMEOUT"),
    options.callbackAllowHosts ?? [],
  );
  if (callbacks !== undefined) options.callbacks = callbacks;
  if (values["accept-any-usersig"]) options.verifyUserSig = false;
  if (values["no-rate-limits"]) options.rateLimits = false;
  if (values.quiet) options.log = false;
  return { help: false, options };
}

function callbackOptions(
  url: string | undefined,
  token: string | undefined,
  beforeSendTimeout: string | undefined,
  allowHosts: readonly string[],
): SandboxOptions["callbacks"] {
  if (url === undefined) {
    if (token !== undefined)
      throw new Error("--callback-token needs --callback-url: where should callbacks go?");
    if (beforeSendTimeout !== undefined)
      throw new Error("--callback-before-send-timeout needs --callback-url");
    return undefined;
  }
  const callbacks = {
    url,
    ...(token === undefined ? {} : { token }),
    ...(beforeSendTimeout === undefined
      ? {}
      : { beforeSendTimeout: beforeSendTimeout as "deliver" | "fail" }),
  };
  // The mock's check, its messages renamed to the flags (the token is never quoted).
  try {
    resolveCallbacks(callbacks);
  } catch (error) {
    const flags: Record<string, string> = {
      "callbacks.url": "--callback-url",
      "callbacks.token": "--callback-token",
      "callbacks.beforeSendTimeout": "--callback-before-send-timeout",
    };
    throw new Error((error as Error).message.replace(/callbacks\.\w+/, (field) => flags[field] ?? field));
  }
  checkCallbackTarget(url, allowHosts, "--callback-url");
  return callbacks;
}

function integer(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

const list = (text: string) =>
  text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

interface Fixture {
  sdkAppId?: number;
  secretKey?: string;
  admins?: string[];
  accounts?: string[];
  messages?: SandboxOptions["messages"];
}

function readFixture(path: string): Fixture {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    // JSON.parse's message quotes the text around the mistake, which may be the secret key: never show it.
    const reason =
      error instanceof SyntaxError ? "it is not valid JSON" : (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read the fixture ${path}: ${reason ?? "unreadable"}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error(`the fixture ${path} must be a JSON object`);
  }
  for (const key of Object.keys(json)) {
    if (!fixtureKeys.has(key))
      throw new Error(`the fixture ${path} has an unknown key ${JSON.stringify(key)}`);
  }
  // The values themselves are checked by createTimMock, whose messages name the option.
  return json as Fixture;
}
