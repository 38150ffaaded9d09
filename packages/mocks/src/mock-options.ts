import {
  describeErrorCode,
  type OperationId,
  type OperationInfo,
  operationTable,
  requestValidators,
  schemaProblem,
} from "@timkit/spec";
import { type CallbacksOption, resolveCallbacks } from "./callback-options.js";
import type { OutgoingMessage } from "./message-store.js";
import { type RateLimitsOption, rateLimitsFrom } from "./rate-limits.js";
import { assertUserIds } from "./user-ids.js";

/** A message stored at start and after every reset, in sendmsg's words (From_Account is required here). */
export type SeedMessage = Pick<OutgoingMessage, "From_Account" | "To_Account" | "MsgBody"> &
  Partial<Pick<OutgoingMessage, "MsgSeq" | "MsgRandom" | "CloudCustomData" | "IsNeedReadReceipt">>;

/** Options of `createTimMock`; every one has a default that makes the documentation's example work. */
export interface TimMockOptions {
  /** The application's SDKAppID; requests for any other answer 70020. Default 88888888 (the seed's). */
  sdkAppId?: number;
  /** The secret key UserSigs must be signed with. Default `devSecretKey`, a well-known development key. */
  secretKey?: string;
  /** App administrator UserIDs allowed as `identifier`. Default `["admin"]`. They count as imported. */
  admins?: readonly string[];
  /** UserIDs imported at start and after every reset. Default `["user1", "user2"]`. */
  accounts?: readonly string[];
  /** Check UserSigs like the server (default). `false` accepts any non-empty `usersig`. */
  verifyUserSig?: boolean;
  /** One more origin (and optional path prefix) to answer on, besides every regional domain. */
  baseUrl?: string;
  /** The clock, in Unix **seconds**: UserSig expiry, import and receipt times. Default the system clock. */
  now?: () => number;
  /**
   * The code for a body that breaks a cross-field rule (`From_Account` ≠ `Peer_Account`, say), in place of
   * the one the spec declares (`x-timkit-rules`, else `ruleViolated`): Tencent does not document it. It
   * must be a code every operation with rules documents.
   */
  ruleViolationCode?: number;
  /** The most read receipts kept; the oldest are dropped beyond it. Default 10 000. */
  maxReceipts?: number;
  /** The most accounts that can be imported (admins included). Default 10 000. */
  maxAccounts?: number;
  /** The most one-to-one messages kept in all; the oldest are dropped beyond it. Default 10 000. */
  maxMessages?: number;
  /** Messages stored at start and after every reset (both accounts must be among the accounts). */
  messages?: readonly SeedMessage[];
  /**
   * Codes in place of the spec's, where Tencent does not document the choice, by operation: a mistake or
   * outcome by name (`ruleViolated`, `accountLimit`), or a field's code as "<field> <keyword>"
   * (`"From_Account unknownAccount": 90008`). Each must be a code the operation documents.
   *
   * @example
   * createTimMock({ codes: { sendmsg: { "From_Account unknownAccount": 90008 } } })
   */
  codes?: { readonly [Id in OperationId]?: Readonly<Record<string, number>> };
  /**
   * Answer 60007 to calls over each command's rate per second (`x-timkit-rate-limit`, counted in fixed
   * windows of the clock's seconds): `true` at the spec's rates, or an object that changes some of them
   * (`{ c2cMsgReadReceipt: 50, accountCheck: false }`). Default `false`: counting wall-clock seconds would
   * make tests that send many calls depend on timing; turn it on where the limits are what is tested
   * (the sandbox does by default).
   */
  rateLimits?: RateLimitsOption;
  /**
   * Send Tencent's callbacks to an app backend, as its console's third-party callback settings would:
   * `{ url, token?, commands?, beforeSendTimeout?, deliver? }` (see the README, "Callbacks"). Default none.
   *
   * @example
   * createTimMock({ callbacks: { url: "http://127.0.0.1:3000/tim", token: "xxxxyyyy" } })
   */
  callbacks?: CallbacksOption | false;
}

/** A development secret key that everyone knows: fine for mocks and the sandbox, never for production. */
export const devSecretKey = "timkit-dev-secret-key-do-not-use-in-production";

/** The defaults of `createTimMock`: the values of Tencent's documentation example. */
export const timMockDefaults = {
  sdkAppId: 88888888,
  secretKey: devSecretKey,
  admins: ["admin"],
  accounts: ["user1", "user2"],
  verifyUserSig: true,
  maxReceipts: 10_000,
  maxAccounts: 10_000,
  maxMessages: 10_000,
  rateLimits: false,
} as const;

export interface ResolvedTimMockOptions {
  readonly sdkAppId: number;
  readonly secretKey: string;
  readonly admins: readonly string[];
  readonly accounts: readonly string[];
  readonly verifyUserSig: boolean;
  readonly baseUrl: string | undefined;
  readonly now: () => number;
  /** The clock in Unix milliseconds (callbacks' EventTime): `now` × 1000, or the system clock's milliseconds. */
  readonly nowMilliseconds: () => number;
  /** Undefined: the spec's code for each rule. */
  readonly ruleViolationCode: number | undefined;
  readonly maxReceipts: number;
  readonly maxAccounts: number;
  readonly maxMessages: number;
  readonly messages: readonly SeedMessage[];
  /** Every operation as the mock answers it: the spec's table with the `codes` overrides applied. */
  readonly operations: { readonly [Id in OperationId]: OperationInfo };
  readonly rateLimits: RateLimitsOption;
  /** The callbacks option as given (checked); false when none. */
  readonly callbacks: CallbacksOption | false;
}

const systemClock = () => Math.floor(Date.now() / 1000);

/** Fills in defaults and rejects options that could never work, with a message naming the option. */
export function resolveTimMockOptions(options: TimMockOptions = {}): ResolvedTimMockOptions {
  const resolved: ResolvedTimMockOptions = {
    sdkAppId: options.sdkAppId ?? timMockDefaults.sdkAppId,
    secretKey: options.secretKey ?? timMockDefaults.secretKey,
    admins: [...(options.admins ?? timMockDefaults.admins)],
    accounts: [...(options.accounts ?? timMockDefaults.accounts)],
    verifyUserSig: options.verifyUserSig ?? timMockDefaults.verifyUserSig,
    baseUrl: options.baseUrl === undefined ? undefined : normalizeBaseUrl(options.baseUrl),
    now: options.now ?? systemClock,
    nowMilliseconds: options.now ? () => Math.round((options.now as () => number)() * 1000) : Date.now,
    ruleViolationCode: options.ruleViolationCode,
    maxReceipts: options.maxReceipts ?? timMockDefaults.maxReceipts,
    maxAccounts: options.maxAccounts ?? timMockDefaults.maxAccounts,
    maxMessages: options.maxMessages ?? timMockDefaults.maxMessages,
    messages: [...(options.messages ?? [])],
    operations: withOverrides(options.codes ?? {}, options.ruleViolationCode),
    rateLimits: options.rateLimits ?? timMockDefaults.rateLimits,
    callbacks: options.callbacks ?? false,
  };
  resolveCallbacks(resolved.callbacks);
  if (!Number.isSafeInteger(resolved.sdkAppId) || resolved.sdkAppId <= 0) {
    throw new TypeError(`sdkAppId must be a positive integer, got ${String(resolved.sdkAppId)}`);
  }
  if (typeof resolved.secretKey !== "string" || resolved.secretKey.length === 0) {
    throw new TypeError("secretKey must be a non-empty string");
  }
  if (resolved.admins.length === 0) throw new TypeError("admins must name at least one administrator");
  assertUserIds(resolved.admins, "admins");
  assertUserIds(resolved.accounts, "accounts");
  if (typeof resolved.now !== "function")
    throw new TypeError("now must be a function returning Unix seconds");
  if (resolved.ruleViolationCode !== undefined) assertRuleViolationCode(resolved.ruleViolationCode);
  if (!Array.isArray(resolved.messages)) throw new TypeError("messages must be an array of messages");
  for (const [index, message] of resolved.messages.entries()) {
    for (const account of [message?.From_Account, message?.To_Account]) {
      if (![...resolved.admins, ...resolved.accounts].includes(account as string)) {
        throw new TypeError(
          `messages[${index}] names ${JSON.stringify(account)}, which is not among the accounts`,
        );
      }
    }
    // A seeded message must be one sendmsg would accept, or the mock would answer outside the contract.
    const seed = { MsgRandom: 0, ...message };
    if (!requestValidators.sendmsg(seed)) {
      const problem = schemaProblem(seed, requestValidators.sendmsg.errors);
      throw new TypeError(`messages[${index}].${problem.field} must be ${problem.expected}`);
    }
  }
  rateLimitsFrom(resolved.rateLimits);
  for (const name of ["maxReceipts", "maxAccounts", "maxMessages"] as const) {
    if (!Number.isSafeInteger(resolved[name]) || resolved[name] < 1) {
      throw new TypeError(`${name} must be a positive integer, got ${String(resolved[name])}`);
    }
  }
  return resolved;
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
  }
  // Handlers append paths that start with "/", so a trailing slash would double it.
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** The operation table with the caller's codes in place of the spec's, each checked. */
function withOverrides(
  overrides: { readonly [Id in OperationId]?: Readonly<Record<string, number>> },
  ruleViolationCode: number | undefined,
): { readonly [Id in OperationId]: OperationInfo } {
  if (typeof overrides !== "object" || overrides === null)
    throw new TypeError("codes must be an object by operationId");
  for (const id of Object.keys(overrides)) {
    if (!Object.hasOwn(operationTable, id))
      throw new TypeError(`codes: ${JSON.stringify(id)} is not an operationId`);
  }
  const table = {} as Record<OperationId, OperationInfo>;
  for (const [id, spec] of Object.entries(operationTable) as [OperationId, OperationInfo][]) {
    const codes: Record<string, number> = { ...spec.codes };
    const fieldCodes: Record<string, Record<string, number>> = structuredClone(spec.fieldCodes) as never;
    let rules = spec.rules;
    let accountFields = spec.accountFields;
    if (ruleViolationCode !== undefined && rules.length > 0)
      rules = rules.map((rule) => ({ ...rule, code: ruleViolationCode }));
    // Mistakes and outcomes first, then field codes: a field's own code wins whatever the order given.
    const entries = Object.entries(overrides[id] ?? {}).sort(
      ([a], [b]) => Number(a.includes(" ")) - Number(b.includes(" ")),
    );
    for (const [key, code] of entries) {
      if (describeErrorCode(id, code) === undefined)
        throw new TypeError(`codes.${id}: ${code} is not a code ${id} documents`);
      const [field, keyword] = key.split(" ") as [string, string | undefined];
      if (keyword === undefined) {
        if (!Object.hasOwn(codes, key))
          throw new TypeError(`codes.${id}: ${JSON.stringify(key)} is no mistake or outcome of ${id}`);
        codes[key] = code;
        if (key === "ruleViolated") rules = rules.map((rule) => ({ ...rule, code }));
        if (key === "accountNotImported") {
          accountFields = accountFields.map((account) =>
            fieldCodes[account.field]?.unknownAccount === undefined ? { ...account, code } : account,
          );
        }
        continue;
      }
      const isAccount =
        keyword === "unknownAccount" && accountFields.some((account) => account.field === field);
      if (fieldCodes[field]?.[keyword] === undefined && !isAccount) {
        throw new TypeError(`codes.${id}: ${JSON.stringify(key)} names no field code of ${id}`);
      }
      fieldCodes[field] = { ...fieldCodes[field], [keyword]: code };
      if (isAccount)
        accountFields = accountFields.map((account) =>
          account.field === field ? { ...account, code } : account,
        );
    }
    table[id] = { ...spec, codes: codes as OperationInfo["codes"], fieldCodes, rules, accountFields };
  }
  return table;
}

// The code must be one that every operation with cross-field rules documents, or the answer would break
// the contract the spec states.
function assertRuleViolationCode(code: unknown): asserts code is number {
  if (!Number.isInteger(code))
    throw new TypeError(`ruleViolationCode must be an error code, got ${String(code)}`);
  for (const operation of Object.values(operationTable)) {
    if (operation.rules.length > 0 && !(operation.errorCodes as readonly unknown[]).includes(code)) {
      throw new TypeError(`ruleViolationCode ${code} is not documented for ${operation.operationId}`);
    }
  }
}
