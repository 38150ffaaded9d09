// parseTimCallback with a token against a bare node:crypto check of the same request: parse the URL,
// compare SdkAppid, SHA-256 of token + RequestTime compared with timingSafeEqual, the 60 s window, and
// JSON.parse of the body. The same Request is built in each iteration of both, so only the check
// differs. It runs the sources through tsx (the same code tsup bundles).
import { createHash, timingSafeEqual } from "node:crypto";
import { webhookExamples } from "@timkit/spec";
import { Bench } from "tinybench";
import { parseTimCallback } from "../src/index.js";

const sdkAppId = 1400000000;
const token = "bench-callback-token-0123456789";
const bodyText = JSON.stringify(
  webhookExamples["C2C.CallbackAfterMsgReadReceipt"].requests.documentation.value,
);
const requestTime = String(Math.floor(Date.now() / 1000));
const sign = createHash("sha256").update(`${token}${requestTime}`).digest("hex");
const url = `https://app.example.com/tim/callback?SdkAppid=${sdkAppId}&CallbackCommand=C2C.CallbackAfterMsgReadReceipt&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign=${sign}&RequestTime=${requestTime}`;
const request = () =>
  new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: bodyText });

async function bareNodeCheck(): Promise<unknown> {
  const incoming = request();
  if (incoming.method !== "POST") throw new Error("method");
  const query = new URL(incoming.url).searchParams;
  if (query.get("SdkAppid") !== String(sdkAppId)) throw new Error("wrong-app");
  const time = query.get("RequestTime") ?? "";
  const expected = createHash("sha256").update(`${token}${time}`).digest();
  const given = Buffer.from(query.get("Sign") ?? "", "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("bad-signature");
  if (Math.abs(Date.now() / 1000 - Number(time)) > 60) throw new Error("stale");
  const body = JSON.parse(await incoming.text()) as { CallbackCommand?: string };
  if (body.CallbackCommand !== query.get("CallbackCommand")) throw new Error("invalid-body");
  return body;
}

// The same bare check with the digest on Web Crypto, as a runtime without node:crypto must do: the floor
// under parseTimCallback's row, which also reads the body as a stream and validates it against the spec.
const encoder = new TextEncoder();
async function bareWebCryptoCheck(): Promise<unknown> {
  const incoming = request();
  if (incoming.method !== "POST") throw new Error("method");
  const query = new URL(incoming.url).searchParams;
  if (query.get("SdkAppid") !== String(sdkAppId)) throw new Error("wrong-app");
  const time = query.get("RequestTime") ?? "";
  const expected = Buffer.from(await crypto.subtle.digest("SHA-256", encoder.encode(`${token}${time}`)));
  const given = Buffer.from(query.get("Sign") ?? "", "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("bad-signature");
  if (Math.abs(Date.now() / 1000 - Number(time)) > 60) throw new Error("stale");
  const body = JSON.parse(await incoming.text()) as { CallbackCommand?: string };
  if (body.CallbackCommand !== query.get("CallbackCommand")) throw new Error("invalid-body");
  return body;
}

const options = { sdkAppId, token };
const rows: Record<string, () => Promise<unknown>> = {
  "bare node:crypto check": bareNodeCheck,
  "bare check, digest on Web Crypto": bareWebCryptoCheck,
  "parseTimCallback (token)": () => parseTimCallback(request(), options),
  "parseTimCallback (no token)": () => parseTimCallback(request(), { sdkAppId }),
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
const bareMs = medianMs("bare node:crypto check");
console.table(
  Object.keys(rows).map((name) => ({
    check: name,
    "ops/s": Math.round(1_000 / medianMs(name)),
    "µs/call": (medianMs(name) * 1_000).toFixed(1),
    "× bare node:crypto": (medianMs(name) / bareMs).toFixed(2),
  })),
);
const tokenMs = medianMs("parseTimCallback (token)");
console.log(
  `parseTimCallback with a token: ${(tokenMs / bareMs).toFixed(2)}× the bare node:crypto check, ${(tokenMs / medianMs("bare check, digest on Web Crypto")).toFixed(2)}× the same check on Web Crypto (median of ${rounds} rounds)`,
);
