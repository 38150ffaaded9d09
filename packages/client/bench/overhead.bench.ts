// Per-call overhead of the client against bare openapi-fetch and against a hand-written fetch call, all on
// the same stubbed fetch, so that only client-side work is measured; and of its in-process rate limiter
// against the same client with `rateLimit: false`. It runs the sources through tsx
// (the same code tsup bundles), so that typechecking the bench does not need a build.
import type { paths } from "@timkit/spec";
import createClient from "openapi-fetch";
import { Bench } from "tinybench";
import { createTimClient } from "../src/index.js";

const okJson = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}';
const stubFetch = async (_request: Request) =>
  new Response(okJson, { headers: { "content-type": "application/json" } });

const baseUrl = "https://adminapisgp.im.qcloud.com";
const path = "/v4/openim/c2c_msg_read_receipt";
const sdkAppId = 1400000000;
const identifier = "administrator";
const userSig = "eJwtzM0KgkAYheGrmWqh-bench-usersig-value-of-a-realistic-length-0123456789abcdef";
const body = {
  Operator_Account: "bob",
  Peer_Account: "alice",
  C2CMsgInfo: [{ From_Account: "alice", To_Account: "bob", MsgKey: "1467329515_5675354_1708676941" }],
};
const random = () => crypto.getRandomValues(new Uint32Array(1))[0] as number;

// What a caller writes without any library: build the URL, POST the JSON, read the envelope.
async function rawFetchCall(): Promise<unknown> {
  const query = `sdkappid=${sdkAppId}&identifier=${identifier}&usersig=${userSig}&random=${random()}&contenttype=json`;
  const response = await stubFetch(
    new Request(`${baseUrl}${path}?${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  const envelope = (await response.json()) as { ActionStatus: string };
  if (envelope.ActionStatus !== "OK") throw new Error("FAIL");
  return envelope;
}

const openapiFetch = createClient<paths>({ baseUrl, fetch: stubFetch });
async function openapiFetchCall(signal?: AbortSignal): Promise<unknown> {
  const { data } = await openapiFetch.POST(path, {
    params: {
      query: { sdkappid: sdkAppId, identifier, usersig: userSig, random: random(), contenttype: "json" },
    },
    body,
    ...(signal ? { signal } : {}),
  });
  if (data?.ActionStatus !== "OK") throw new Error("FAIL");
  return data;
}

// The default in-process rate limit, at a rate the bench never reaches: its bookkeeping is measured, not
// its waiting (at the spec's 200 calls per second every row would measure the limit).
const neverWaiting = { perSecond: { c2cMsgReadReceipt: Number.MAX_SAFE_INTEGER } };
const withUserSig = createTimClient({
  sdkAppId,
  identifier,
  baseUrl,
  userSig,
  fetch: stubFetch,
  rateLimit: neverWaiting,
});
const withoutRateLimit = createTimClient({
  sdkAppId,
  identifier,
  baseUrl,
  userSig,
  fetch: stubFetch,
  rateLimit: false,
});
const withSecretKey = createTimClient({
  sdkAppId,
  identifier,
  baseUrl,
  secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
  fetch: stubFetch,
  rateLimit: neverWaiting,
});
await withSecretKey.c2cMsgReadReceipt(body); // makes the UserSig once, as any long-lived client would

// The timeout every client call has costs an AbortSignal on each Request; this row shows that share.
async function openapiFetchWithSignalCall(): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 10_000);
  try {
    return await openapiFetchCall(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

// The least any fetch beneath openapi-fetch does that adds the auth query per attempt and reads the
// envelope to decide on a retry: one more Request, the answer read, a Response handed back. The floor
// under the client's own row, with none of its other work (validation, deadline, UserSig, typed errors).
const layeredFetch = async (request: Request): Promise<Response> => {
  const attempt = new Request(
    `${request.url}?sdkappid=${sdkAppId}&identifier=${identifier}&usersig=${userSig}&random=${random()}&contenttype=json`,
    { method: request.method, headers: request.headers, body: await request.text() },
  );
  const response = await stubFetch(attempt);
  const text = await response.text();
  if (!JSON.parse(text).ActionStatus) throw new Error("not an envelope");
  return new Response(text, { status: response.status, headers: response.headers });
};
const layered = createClient<paths>({ baseUrl, fetch: layeredFetch });
async function layeredCall(): Promise<unknown> {
  const { data } = await layered.POST(path, { body } as never);
  if ((data as { ActionStatus?: string } | undefined)?.ActionStatus !== "OK") throw new Error("FAIL");
  return data;
}

const rows: Record<string, () => Promise<unknown>> = {
  "raw fetch (hand-written call)": rawFetchCall,
  "bare openapi-fetch POST": () => openapiFetchCall(),
  "openapi-fetch POST + timeout signal": openapiFetchWithSignalCall,
  "openapi-fetch POST on a minimal layered fetch": layeredCall,
  "tim.c2cMsgReadReceipt (userSig string)": () => withUserSig.c2cMsgReadReceipt(body),
  "tim.c2cMsgReadReceipt (rateLimit: false)": () => withoutRateLimit.c2cMsgReadReceipt(body),
  "tim.c2cMsgReadReceipt (secretKey, UserSig cached)": () => withSecretKey.c2cMsgReadReceipt(body),
  "tim.raw.POST": () => withUserSig.raw.POST(path, { body }),
};

// Shared machines are noisy: every row runs in each of several short rounds, in a rotating order, and
// the median of the rounds' median latencies is reported.
const rounds = 7;
const latencies = new Map<string, number[]>(Object.keys(rows).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({ time: 400, warmupTime: 100 });
  const names = Object.keys(rows);
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    bench.add(name, rows[name] as () => Promise<unknown>);
  }
  await bench.run();
  for (const task of bench.tasks) latencies.get(task.name)?.push(task.result?.latency.p50 ?? Number.NaN);
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const medianMs = (name: string) => median(latencies.get(name) ?? []);
const rawMs = medianMs("raw fetch (hand-written call)");
const openapiMs = medianMs("bare openapi-fetch POST");
console.table(
  Object.keys(rows).map((name) => ({
    call: name,
    "ops/s": Math.round(1_000 / medianMs(name)),
    "µs/call": (medianMs(name) * 1_000).toFixed(1),
    "× openapi-fetch": (medianMs(name) / openapiMs).toFixed(2),
    "× raw fetch": (medianMs(name) / rawMs).toFixed(2),
  })),
);
const limiterRatio =
  medianMs("tim.c2cMsgReadReceipt (userSig string)") / medianMs("tim.c2cMsgReadReceipt (rateLimit: false)");
console.log(
  `The in-process rate limiter: ${limiterRatio.toFixed(2)}× the same call with rateLimit: false ` +
    `(${((medianMs("tim.c2cMsgReadReceipt (userSig string)") - medianMs("tim.c2cMsgReadReceipt (rateLimit: false)")) * 1_000).toFixed(1)} µs per call).`,
);
const ratio = medianMs("tim.c2cMsgReadReceipt (userSig string)") / openapiMs;
console.log(
  `tim.c2cMsgReadReceipt: ${(medianMs("tim.c2cMsgReadReceipt (userSig string)") / medianMs("openapi-fetch POST on a minimal layered fetch")).toFixed(2)}× openapi-fetch on a minimal layered fetch.`,
);
console.log(
  `tim.c2cMsgReadReceipt: ${ratio.toFixed(2)}× bare openapi-fetch (aim: at most 1.3×), ` +
    `${(medianMs("tim.c2cMsgReadReceipt (userSig string)") / rawMs).toFixed(2)}× a hand-written fetch call.`,
);
