// Throughput of generate and verify, ours next to Tencent's official Node package in the same run.
// Every call gets fresh inputs (a new identifier, and in the "new key" pair a new secret key), and nothing
// is cached between calls: neither finished UserSigs nor any per-key state.

import { createHmac, timingSafeEqual } from "node:crypto";
import { availableParallelism } from "node:os";
import { deflateSync, inflateSync } from "node:zlib";
import { Bench } from "tinybench";
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
const officialUserSig = official.genUserSig("user_0", 86400);
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

const encoder = new TextEncoder();
const sampleJson = encoder.encode(
  `{"TLS.ver":"2.0","TLS.identifier":"user_1","TLS.sdkappid":${sdkAppId},"TLS.time":1700000000,"TLS.expire":86400,"TLS.sig":"jAn2d6kBlORa9r2ZqHeekGQdMfFqzLrbPMEynmT3zXY="}`,
);

const webCryptoKey = crypto.subtle.importKey(
  "raw",
  encoder.encode(secretKey),
  { name: "HMAC", hash: "SHA-256" },
  false,
  ["sign"],
);
const signedContent = () =>
  `TLS.identifier:${nextIdentifier()}\nTLS.sdkappid:${sdkAppId}\nTLS.time:1700000000\nTLS.expire:86400\n`;

// The official package has no verify; this is what a Node-only one would do: node:zlib with an output cap,
// node:crypto's HMAC, timingSafeEqual, and the same checks as ours. The baseline for verifyUserSig.
function nodeOnlyVerify(userSig: string, identifier: string): boolean {
  const zlib = Buffer.from(userSig.replaceAll("*", "+").replaceAll("-", "/").replaceAll("_", "="), "base64");
  let fields: Record<string, string | number>;
  try {
    fields = JSON.parse(
      inflateSync(zlib, { maxOutputLength: userSigLimits.maxInflatedBytes }).toString("utf8"),
    );
  } catch {
    return false; // not zlib, inflates past the cap, or not JSON
  }
  if (fields["TLS.ver"] !== "2.0" || fields["TLS.identifier"] !== identifier) return false;
  if (fields["TLS.sdkappid"] !== sdkAppId) return false;
  const content = `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${fields["TLS.time"]}\nTLS.expire:${fields["TLS.expire"]}\n`;
  const expected = createHmac("sha256", secretKey).update(content).digest();
  const actual = Buffer.from(String(fields["TLS.sig"]), "base64");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return false;
  return Date.now() / 1000 <= Number(fields["TLS.time"]) + Number(fields["TLS.expire"]);
}

// Each row: what one call does, and how many UserSigs that call handles.
const rows: Record<string, { run: () => unknown; perCall?: number }> = {
  "genUserSig (ours)": { run: () => genUserSig({ sdkAppId, identifier: nextIdentifier(), secretKey }) },
  "genSig (official)": { run: () => official.genUserSig(nextIdentifier(), 86400) },
  "genUserSig, compression: deflate (ours)": {
    run: () => genUserSig({ sdkAppId, identifier: nextIdentifier(), secretKey, compression: "deflate" }),
  },
  "genUserSig, new secret key per call (ours)": {
    run: () => genUserSig({ sdkAppId, identifier: nextIdentifier(), secretKey: `${secretKey}${n}` }),
  },
  "genSig, new secret key per call (official)": {
    run: () => new Api(sdkAppId, `${secretKey}${n}`).genUserSig(nextIdentifier(), 86400),
  },
  // Ours is async: a caller may start many at once. The work itself is synchronous, so this is a batch.
  [`genUserSig ×${batch} at once, Promise.all (ours)`]: {
    run: () =>
      Promise.all(
        Array.from({ length: batch }, () =>
          genUserSig({ sdkAppId, identifier: nextIdentifier(), secretKey }),
        ),
      ),
    perCall: batch,
  },
  [`genSig ×${batch} in a row (official)`]: {
    run: () => {
      for (let i = 0; i < batch; i++) official.genUserSig(nextIdentifier(), 86400);
    },
    perCall: batch,
  },
  // Where generate's time goes: the HMAC and wrapping the JSON in a zlib stream. Web Crypto's HMAC is the
  // alternative we measured and left: its async round trip alone costs about what the official whole
  // generate does, even with the imported key reused.
  "part: HMAC-SHA256 (@noble/hashes, what we sign with)": {
    run: () => signUserSigContent(secretKey, signedContent()),
  },
  "part: HMAC-SHA256 (Web Crypto, imported key reused)": {
    run: async () => crypto.subtle.sign("HMAC", await webCryptoKey, encoder.encode(signedContent())),
  },
  "part: HMAC-SHA256 (node:crypto, what the official package uses; Node only)": {
    run: () => createHmac("sha256", secretKey).update(signedContent()).digest(),
  },
  "part: deflateSync of the JSON (what the official package does)": { run: () => deflateSync(sampleJson) },
  "part: zlib stored-block wrapping of the JSON": { run: () => zlibStore(sampleJson) },
  "verifyUserSig (ours)": {
    run: async () => {
      const { identifier, userSig } = nextPooled();
      const result = await verifyUserSig({ userSig, sdkAppId, identifier, secretKey });
      if (!result.ok) throw new Error(`a genuine UserSig failed verification: ${result.reason}`);
    },
  },
  "verify, Node-only with node:zlib and node:crypto (baseline)": {
    run: () => {
      const { identifier, userSig } = nextPooled();
      if (!nodeOnlyVerify(userSig, identifier))
        throw new Error("a genuine UserSig failed the baseline verify");
    },
  },
  "verifyUserSig of an official (deflated) UserSig (ours)": {
    run: async () => {
      const result = await verifyUserSig({
        userSig: officialUserSig,
        sdkAppId,
        identifier: "user_0",
        secretKey,
      });
      if (!result.ok) throw new Error(`an official UserSig failed verification: ${result.reason}`);
    },
  },
  "decodeUserSig (ours)": { run: () => decodeUserSig(nextPooled().userSig) },
  "verify a zlib bomb, Node-only (baseline)": {
    run: () => {
      if (nodeOnlyVerify(bomb, "user_0")) throw new Error("the baseline accepted a bomb");
    },
  },
  "verifyUserSig of a zlib bomb (ours)": {
    run: () => verifyUserSig({ userSig: bomb, sdkAppId, identifier: "user_0", secretKey }),
  },
  "verifyUserSig of invalid base64 (ours)": {
    run: () => verifyUserSig({ userSig: "not base64 at all!", sdkAppId, identifier: "user_0", secretKey }),
  },
};

// Shared machines are noisy, and a load spike during one row would skew its ratio to the next: every row
// runs in each of several short rounds, in a rotating order, and the median of the rounds' mean latencies
// (garbage collection included) is reported.
const rounds = 7;
const names = Object.keys(rows);
const latencies = new Map<string, number[]>(names.map((name) => [name, []]));
console.log(`usersig bench: Node ${process.version}, ${availableParallelism()} CPUs, ${rounds} rounds`);
for (let round = 0; round < rounds; round++) {
  const bench = new Bench({ time: 300, warmupTime: 100 });
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    bench.add(name, rows[name]?.run as () => unknown);
  }
  await bench.run();
  for (const task of bench.tasks) {
    if (task.result?.error) throw new Error(`${task.name} failed: ${task.result.error}`);
    latencies.get(task.name)?.push(task.result?.latency.mean ?? Number.NaN);
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
/** UserSigs per second, from the median latency of a call and the UserSigs each call handles. */
const opsPerSecond = (name: string) =>
  ((rows[name]?.perCall ?? 1) * 1_000) / median(latencies.get(name) ?? []);

console.table(
  names.map((name) => ({
    task: name,
    "µs each": (1_000_000 / opsPerSecond(name)).toFixed(1),
    "per second": Math.round(opsPerSecond(name)),
  })),
);

function ratio(label: string, ours: string, baseline: string, baselineLabel = "official") {
  const format = (value: number) => Math.round(value).toLocaleString("en-US");
  const [a, b] = [opsPerSecond(ours), opsPerSecond(baseline)];
  console.log(
    `${label}: ${(a / b).toFixed(2)}x ${baselineLabel} (ours ${format(a)}/s, ${baselineLabel} ${format(b)}/s)`,
  );
}

ratio("genUserSig", "genUserSig (ours)", "genSig (official)");
ratio("genUserSig, compression: deflate", "genUserSig, compression: deflate (ours)", "genSig (official)");
ratio(
  "genUserSig, new secret key per call",
  "genUserSig, new secret key per call (ours)",
  "genSig, new secret key per call (official)",
);
ratio(
  `genUserSig ×${batch} at once`,
  `genUserSig ×${batch} at once, Promise.all (ours)`,
  `genSig ×${batch} in a row (official)`,
);
ratio(
  "HMAC-SHA256, @noble/hashes",
  "part: HMAC-SHA256 (@noble/hashes, what we sign with)",
  "part: HMAC-SHA256 (Web Crypto, imported key reused)",
  "Web Crypto",
);
ratio(
  "HMAC-SHA256, @noble/hashes",
  "part: HMAC-SHA256 (@noble/hashes, what we sign with)",
  "part: HMAC-SHA256 (node:crypto, what the official package uses; Node only)",
  "node:crypto",
);
// The official package cannot verify: the baseline is a Node-only verify on node:zlib and node:crypto.
ratio(
  "verifyUserSig",
  "verifyUserSig (ours)",
  "verify, Node-only with node:zlib and node:crypto (baseline)",
  "Node-only verify",
);
ratio(
  "verifyUserSig of an official (deflated) UserSig",
  "verifyUserSig of an official (deflated) UserSig (ours)",
  "verify, Node-only with node:zlib and node:crypto (baseline)",
  "Node-only verify",
);
ratio(
  "verifyUserSig of a zlib bomb",
  "verifyUserSig of a zlib bomb (ours)",
  "verify a zlib bomb, Node-only (baseline)",
  "Node-only verify",
);
