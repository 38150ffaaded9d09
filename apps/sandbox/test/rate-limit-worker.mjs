// One backend process of the multi-process rate-limit test: the built @timkit/client calling one command
// of the sandbox as fast as it can (CONCURRENCY calls in flight) for DURATION_MS, then one JSON line on
// stdout with what it saw. Everything comes from the environment:
//   SANDBOX_URL, SDKAPPID, IDENTIFIER, SECRET_KEY, COMMAND (an operationId), BODY (JSON), DURATION_MS,
//   CONCURRENCY, TIMEOUT_MS, MARGIN_MS, and REDIS_URL + LOCAL_SHARE to share the budget (none: in-process
//   only).
import { createTimClient, TimApiError, TimRequestError } from "@timkit/client";

const env = process.env;
const statuses = [];
const tim = createTimClient({
  sdkAppId: Number(env.SDKAPPID),
  identifier: env.IDENTIFIER,
  secretKey: env.SECRET_KEY,
  baseUrl: env.SANDBOX_URL,
  timeoutMs: Number(env.TIMEOUT_MS),
  rateLimit: {
    marginMs: Number(env.MARGIN_MS),
    ...(env.REDIS_URL && {
      redis: env.REDIS_URL,
      localShare: Number(env.LOCAL_SHARE),
      onRedisStatus: (status) => statuses.push({ ...status, at: Date.now() }),
    }),
  },
});
const body = JSON.parse(env.BODY);
const call = tim[env.COMMAND];
const until = Date.now() + Number(env.DURATION_MS);
// okWhileLocal: calls that succeeded while the process counted on its own (after Redis went away).
const seen = { ok: 0, okWhileLocal: 0, codes: {}, reasons: {}, other: 0, maxCallMs: 0, calls: 0 };

async function loop() {
  while (Date.now() < until) {
    const started = Date.now();
    try {
      await call(body);
      seen.ok++;
      if (statuses.at(-1)?.reachable === false) seen.okWhileLocal++;
    } catch (error) {
      if (error instanceof TimApiError) seen.codes[error.code] = (seen.codes[error.code] ?? 0) + 1;
      else if (error instanceof TimRequestError)
        seen.reasons[error.reason] = (seen.reasons[error.reason] ?? 0) + 1;
      else seen.other++;
    }
    seen.calls++;
    seen.maxCallMs = Math.max(seen.maxCallMs, Date.now() - started);
  }
}

await Promise.all(Array.from({ length: Number(env.CONCURRENCY) }, loop));
await tim.close();
process.stdout.write(`${JSON.stringify({ ...seen, statuses })}\n`);
