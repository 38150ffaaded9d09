// The scenarios every environment runs: Node through msw/node, and Chromium through the service worker.
// Plain Web APIs only, so the same file is bundled into the browser test's page.
import { type GenUserSigOptions, genUserSig } from "@timkit/usersig";
import { timMockDefaults } from "../src/mock-options.js";
import { documentedReadReceiptBody } from "./documented-example.js";

export interface ScenarioRequest {
  readonly method: string;
  readonly url: string;
  readonly body?: string;
}

export interface Scenario {
  /** What a user relies on, as a sentence. */
  readonly name: string;
  readonly expectedCode: number;
  /** The operation whose response schema the answer must match; undefined for unknown commands. */
  readonly operationId: "c2cMsgReadReceipt" | undefined;
  request(): Promise<ScenarioRequest>;
}

export const readReceiptPath = "/v4/openim/c2c_msg_read_receipt";
const primary = "https://console.tim.qq.com";

/** A UserSig for the mock's defaults, with any field overridden. */
export function adminUserSig(overrides: Partial<GenUserSigOptions> = {}): Promise<string> {
  return genUserSig({
    sdkAppId: timMockDefaults.sdkAppId,
    identifier: timMockDefaults.admins[0],
    secretKey: timMockDefaults.secretKey,
    ...overrides,
  });
}

/** The documented query string, with parameters replaced (a string) or removed (null). */
export async function documentedQuery(overrides: Record<string, string | null> = {}): Promise<string> {
  const query = new URLSearchParams({
    sdkappid: String(timMockDefaults.sdkAppId),
    identifier: timMockDefaults.admins[0],
    usersig: await adminUserSig(),
    random: "99999999",
    contenttype: "json",
  });
  for (const [name, value] of Object.entries(overrides)) {
    if (value === null) query.delete(name);
    else query.set(name, value);
  }
  return query.toString();
}

function receipt(
  name: string,
  expectedCode: number,
  options: {
    query?: () => Promise<Record<string, string | null>>;
    body?: (documented: ReturnType<typeof documentedReadReceiptBody>) => unknown;
    rawBody?: string;
    origin?: string;
  } = {},
): Scenario {
  return {
    name,
    expectedCode,
    operationId: "c2cMsgReadReceipt",
    async request() {
      const query = await documentedQuery((await options.query?.()) ?? {});
      const documented = documentedReadReceiptBody();
      const body = options.rawBody ?? JSON.stringify(options.body ? options.body(documented) : documented);
      return { method: "POST", url: `${options.origin ?? primary}${readReceiptPath}?${query}`, body };
    },
  };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export const scenarios: readonly Scenario[] = [
  receipt("the documentation's example succeeds", 0),
  receipt("the example succeeds on a backup domain too", 0, { origin: "https://adminapisgp.my-imcloud.com" }),
  receipt("a missing sdkappid answers 60012", 60012, { query: async () => ({ sdkappid: null }) }),
  receipt("an sdkappid that is not an integer answers 60012", 60012, {
    query: async () => ({ sdkappid: "abc" }),
  }),
  receipt("another application's sdkappid answers 70020", 70020, {
    query: async () => ({ sdkappid: "1400000000" }),
  }),
  receipt("a missing identifier answers 60004", 60004, { query: async () => ({ identifier: null }) }),
  receipt("an identifier that is not an administrator answers 90009", 90009, {
    query: async () => ({ identifier: "user1", usersig: await adminUserSig({ identifier: "user1" }) }),
  }),
  receipt("a missing usersig answers 70002", 70002, { query: async () => ({ usersig: null }) }),
  receipt("an empty usersig answers 70002", 70002, { query: async () => ({ usersig: "" }) }),
  receipt("a usersig that cannot be decoded answers 70003", 70003, {
    query: async () => ({ usersig: "not-a-usersig" }),
  }),
  receipt("an expired usersig answers 70001", 70001, {
    query: async () => ({ usersig: await adminUserSig({ now: nowSeconds() - 7200, expireSeconds: 60 }) }),
  }),
  receipt("a usersig signed with another secret key answers 70009", 70009, {
    query: async () => ({ usersig: await adminUserSig({ secretKey: "someone-else's-key" }) }),
  }),
  receipt("a usersig made for another identifier answers 70013", 70013, {
    query: async () => ({ usersig: await adminUserSig({ identifier: "user1" }) }),
  }),
  receipt("a usersig made for another sdkappid answers 70014", 70014, {
    query: async () => ({ usersig: await adminUserSig({ sdkAppId: 1400000000 }) }),
  }),
  receipt("a missing random answers 70402", 70402, { query: async () => ({ random: null }) }),
  receipt("a random over 32 bits answers 70402", 70402, { query: async () => ({ random: "4294967296" }) }),
  receipt("a contenttype other than json answers 60002", 60002, {
    query: async () => ({ contenttype: "xml" }),
  }),
  receipt("query problems are answered before body problems", 60012, {
    query: async () => ({ sdkappid: null }),
    rawBody: "{not json",
  }),
  receipt("a body that is not JSON answers 90001", 90001, { rawBody: '{"Operator_Account": "user1",' }),
  receipt("an empty body answers 90001", 90001, { rawBody: "" }),
  receipt("a body over 12 KB answers 93000", 93000, {
    body: (documented) => ({ ...documented, Padding: "x".repeat(12 * 1024) }),
  }),
  receipt("a missing field answers 20001", 20001, {
    body: ({ Operator_Account, C2CMsgInfo }) => ({ Operator_Account, C2CMsgInfo }),
  }),
  receipt("a mistyped field answers 20001", 20001, {
    body: (documented) => ({ ...documented, Peer_Account: 42 }),
  }),
  receipt("an empty C2CMsgInfo answers 20001", 20001, {
    body: (documented) => ({ ...documented, C2CMsgInfo: [] }),
  }),
  receipt("a From_Account other than Peer_Account answers 20001", 20001, {
    body: (documented) => ({
      ...documented,
      C2CMsgInfo: documented.C2CMsgInfo.map((item) => ({
        ...item,
        From_Account: documented.Operator_Account,
      })),
    }),
  }),
  receipt("a To_Account other than Operator_Account answers 20001", 20001, {
    body: (documented) => ({
      ...documented,
      C2CMsgInfo: documented.C2CMsgInfo.map((item) => ({ ...item, To_Account: documented.Peer_Account })),
    }),
  }),
  receipt("an account that was never imported answers 20003", 20003, {
    body: (documented) => ({
      ...documented,
      Peer_Account: "stranger",
      C2CMsgInfo: documented.C2CMsgInfo.map((item) => ({ ...item, From_Account: "stranger" })),
    }),
  }),
  {
    name: "an unknown command answers 60009",
    expectedCode: 60009,
    operationId: undefined,
    async request() {
      return {
        method: "POST",
        url: `${primary}/v4/openim/no_such_command?${await documentedQuery()}`,
        body: "{}",
      };
    },
  },
  {
    name: "a GET instead of a POST answers 60009",
    expectedCode: 60009,
    operationId: undefined,
    async request() {
      return { method: "GET", url: `${primary}${readReceiptPath}?${await documentedQuery()}` };
    },
  },
];
