// Throughput of generate and verify, ours next to Tencent's official Node package in the same run.
// Every call gets fresh inputs (a new identifier, and in the "new key" pair a new secret key), so nothing
// is served from a cache of finished UserSigs; only our imported CryptoKey per secret key is cached.
import { availableParallelism } from "node:os";
import { deflateSync } from "node:zlib";
import { Bench, type Task } from "tinybench";
import { Api } from "tls-sig-api-v2";
import { decodeUserSig, genUserSig, userSigLimits, verifyUserSig } from "../src/index.js";
import { signUserSigContent } from "../src/user-sig-content.js";
import { zlibStore } from "../src/zlib-stream.js";

const sdkAppId = 1400000000;
const secretKey = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";
const official = new Api(sdkAppId, secretKey);
const batch = 32;

let n = 0;
const nextIdentifier = () => `user_${n++ % 1_000_000}`;

// A pool of genuine UserSigs to verify, each for its own identifier.
const pool = await Promise.all(
  Array.from({ length: 1024 }, async (_, i) => {
    const identifier = `user_${i}`;
    return { identifier, userSig: await genUserSig({ sdkAppId, identifier, secretKey }) };
  }),
);
let p = 0;
function nextPooled() {
  const entry = pool[p++ % pool.length];
  if (!entry) throw new Error("empty pool");
  return entry;
}

// A zlib bomb small enough to pass the length check, so the bench measures the inflate cap itself.
const bomb = deflateSync(`{"TLS.ver":"2.0"${" ".repeat(6_000_000)}}`, { level: 9 })
  .toString("base64")
  .replaceAll("+", "*")
  .replaceAll("/", "-")
  .replaceAll("=", "_");
if (bomb.length > userSigLimits.maxUserSigLength) throw new Error("the bomb no longer fits the length limit");

const sampleJson = new TextEncoder().encode(
  `{"TLS.ver":"2.0","TLS.identifier":"user_1","TLS.sdkappid":${sdkAppId},"TLS.time":1700000000,"TLS.expire":86400,"TLS.sig":"jAn2d6kBlORa9r2ZqHeekGQdMfFqzLrbPMEynmT3zXY="}`,
);

const bench = new Bench({ time: 2000, warmupTime: 300 });
bench
  .add("genUserSig (ours)", () => genUserSig({ sdkAppId, identifier: nextIdentifier(), secretKey }))
  .add("genSig (official)", () => official.genUserSig(nextIdentifier(), 86400))
  .add("genUserSig, new secret key per call (ours)", () =>
    genUserSig({ sdkAppId, identifier: nextIdentifier(), secretKey: `${secretKey}${n}` }),
  )
  .add("genSig, new secret key per call (official)", () =>
    new Api(sdkAppId, `${secretKey}${n}`).genUserSig(nextIdentifier(), 86400),
  )
  .add(`genUserSig ×${batch} concurrent (ours)`, () =>
    Promise.all(
      Array.from({ length: batch }, () => genUserSig({ sdkAppId, identifier: nextIdentifier(), secretKey })),
    ),
  )
  .add(`genSig ×${batch} in a row (official)`, () => {
    for (let i = 0; i < batch; i++) official.genUserSig(nextIdentifier(), 86400);
  })
  // Where generate's time goes: the Web Crypto HMAC, and wrapping the JSON in a zlib stream.
  .add("part: Web Crypto HMAC-SHA256, key cached", () =>
    signUserSigContent(secretKey, `TLS.identifier:${n++}\n`),
  )
  .add("part: zlib stored-block wrapping of the JSON", () => zlibStore(sampleJson))
  .add("verifyUserSig (ours)", async () => {
    const { identifier, userSig } = nextPooled();
    const result = await verifyUserSig({ userSig, sdkAppId, identifier, secretKey });
    if (!result.ok) throw new Error(`a genuine UserSig failed verification: ${result.reason}`);
  })
  .add("decodeUserSig (ours)", () => decodeUserSig(nextPooled().userSig))
  .add("verifyUserSig of a zlib bomb (ours)", () =>
    verifyUserSig({ userSig: bomb, sdkAppId, identifier: "user_0", secretKey }),
  )
  .add("verifyUserSig of invalid base64 (ours)", () =>
    verifyUserSig({ userSig: "not base64 at all!", sdkAppId, identifier: "user_0", secretKey }),
  );

console.log(
  `usersig bench: Node ${process.version}, ${availableParallelism()} CPUs, ${bench.opts.time} ms per task`,
);
await bench.run();
console.table(bench.table());

const opsPerSecond = (name: string, perCall = 1) => {
  const task: Task | undefined = bench.getTask(name);
  const mean = task?.result?.throughput.mean;
  if (!mean) throw new Error(`no result for ${name}${task?.result?.error ? `: ${task.result.error}` : ""}`);
  return mean * perCall;
};

function ratio(label: string, ours: number, theirs: number, baseline: string) {
  const format = (value: number) => Math.round(value).toLocaleString("en-US");
  console.log(
    `${label}: ${(ours / theirs).toFixed(2)}x ${baseline} (ours ${format(ours)} ops/s, official ${format(theirs)} ops/s)`,
  );
}

const officialGen = opsPerSecond("genSig (official)");
ratio("genUserSig", opsPerSecond("genUserSig (ours)"), officialGen, "official");
ratio(
  "genUserSig, new secret key per call",
  opsPerSecond("genUserSig, new secret key per call (ours)"),
  opsPerSecond("genSig, new secret key per call (official)"),
  "official",
);
ratio(
  `genUserSig ×${batch} concurrent`,
  opsPerSecond(`genUserSig ×${batch} concurrent (ours)`, batch),
  opsPerSecond(`genSig ×${batch} in a row (official)`, batch),
  "official",
);
// The official package cannot verify; its generate is the nearest baseline (same HMAC, inverse zlib).
ratio("verifyUserSig", opsPerSecond("verifyUserSig (ours)"), officialGen, "official genSig");
ratio("decodeUserSig", opsPerSecond("decodeUserSig (ours)"), officialGen, "official genSig");
ratio(
  "verifyUserSig of a zlib bomb",
  opsPerSecond("verifyUserSig of a zlib bomb (ours)"),
  officialGen,
  "official genSig",
);
