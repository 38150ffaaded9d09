import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";

/** scrypt's cost settings; N = 2^15 takes about 50 ms and 32 MiB here, which is what slows guessing. */
const defaultCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const keyLength = 32;

/** scrypt's cost: N (CPU and memory), r (block size), p (parallelism). */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}
// scrypt needs 128 · N · r bytes; Node's default limit (32 MiB) is exactly N = 2^15, r = 8.
const maxmem = 64 * 1024 * 1024;

/**
 * A staff password hash as configuration holds it: `scrypt$<N>$<r>$<p>$<salt, base64url>$<key, base64url>`.
 * The format is checked when the console starts, so a malformed one stops it with a clear message.
 */
export interface StaffPasswordHash {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const scryptAsync = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );

/**
 * Hashes a staff password with a fresh 16-byte salt, for `TIMKIT_CONSOLE_STAFF_PASSWORD_HASH`.
 *
 * @example
 * await hashStaffPassword("correct horse battery staple") // → "scrypt$32768$8$1$…$…"
 */
export async function hashStaffPassword(password: string, cost: ScryptCost = defaultCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, keyLength, { ...cost, maxmem });
  return ["scrypt", cost.N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/**
 * Reads a hash written by {@link hashStaffPassword}; throws a message saying what is wrong (never
 * repeating the value).
 */
export function parseStaffPasswordHash(text: string): StaffPasswordHash {
  const parts = text.trim().split("$");
  const expected =
    "scrypt$<N>$<r>$<p>$<salt>$<key> as `pnpm --filter @timkit/console hash-password` prints it";
  if (parts.length !== 6 || parts[0] !== "scrypt") throw new Error(`must be ${expected}`);
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!Number.isSafeInteger(N) || N < 2 ** 14 || N > 2 ** 20 || (N & (N - 1)) !== 0) {
    throw new Error("N must be a power of two from 16384 to 1048576");
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > 32) throw new Error("r must be an integer from 1 to 32");
  if (!Number.isSafeInteger(p) || p < 1 || p > 16) throw new Error("p must be an integer from 1 to 16");
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const key = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length < 16) throw new Error("the salt must be at least 16 bytes (base64url)");
  if (key.length < 16 || key.length > 64) throw new Error("the key must be 16 to 64 bytes (base64url)");
  return { N, r, p, salt, key };
}

/** True when `password` is the one hashed; compared in constant time. */
export async function verifyStaffPassword(hash: StaffPasswordHash, password: string): Promise<boolean> {
  const key = await scryptAsync(password, hash.salt, hash.key.length, {
    N: hash.N,
    r: hash.r,
    p: hash.p,
    maxmem: Math.max(maxmem, 256 * hash.N * hash.r),
  });
  return timingSafeEqual(key, hash.key);
}
