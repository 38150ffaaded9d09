import { describe, expect, it } from "vitest";
import { signInThrottle } from "./sign-in-throttle.js";
import { hashStaffPassword, parseStaffPasswordHash, verifyStaffPassword } from "./staff-password.js";
import { staffSessions } from "./staff-sessions.js";

describe("the staff password", () => {
  it("verifies the password it was hashed from and nothing else, with a new salt each time", async () => {
    const cost = { N: 2 ** 14, r: 8, p: 1 };
    const text = await hashStaffPassword("correct horse", cost);
    expect(text).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await hashStaffPassword("correct horse", cost)).not.toBe(text);
    const hash = parseStaffPasswordHash(text);
    expect(await verifyStaffPassword(hash, "correct horse")).toBe(true);
    expect(await verifyStaffPassword(hash, "correct horse ")).toBe(false);
    expect(await verifyStaffPassword(hash, "")).toBe(false);
  });

  it("refuses a hash whose cost is too low to slow guessing", () => {
    expect(() =>
      parseStaffPasswordHash(
        "scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      ),
    ).toThrow("N must be a power of two from 16384 to 1048576");
  });
});

describe("staff sessions", () => {
  it("expire after their time, and ids are 32 random bytes", () => {
    let time = 0;
    const sessions = staffSessions({ ttlMs: 1000, now: () => time });
    const { id, expiresAt } = sessions.create();
    expect(id).toMatch(/^[\w-]{43}$/);
    expect(expiresAt).toBe(1000);
    time = 999;
    expect(sessions.isValid(id)).toBe(true);
    time = 1000;
    expect(sessions.isValid(id)).toBe(false);
    expect(sessions.size).toBe(0);
  });

  it("keep at most maxSessions, ending the oldest first", () => {
    const sessions = staffSessions({ maxSessions: 3 });
    const ids = Array.from({ length: 5 }, () => sessions.create().id);
    expect(sessions.size).toBe(3);
    expect(ids.map((id) => sessions.isValid(id))).toEqual([false, false, true, true, true]);
  });
});

describe("the sign-in throttle", () => {
  it("doubles the wait after each wrong password up to the longest, and forgets after a right one", () => {
    let time = 0;
    const throttle = signInThrottle({ baseDelayMs: 100, maxDelayMs: 350, now: () => time });
    const waits = [];
    for (let i = 0; i < 4; i++) {
      throttle.failed("a");
      waits.push(throttle.waitMs("a"));
      time += 1000;
    }
    expect(waits).toEqual([100, 200, 350, 350]);
    expect(throttle.waitMs("b")).toBe(0);
    throttle.succeeded("a");
    expect(throttle.waitMs("a")).toBe(0);
  });

  it("refuses a client's second attempt while its first is being checked, and any beyond maxConcurrent at once", () => {
    const throttle = signInThrottle({ maxConcurrent: 2 });
    expect(throttle.begin("a")).toBeUndefined();
    expect(throttle.begin("a")).toEqual({ reason: "pending", waitMs: 1000 });
    expect(throttle.begin("b")).toBeUndefined();
    expect(throttle.begin("c")).toEqual({ reason: "busy", waitMs: 1000 });
    throttle.abandoned("b");
    expect(throttle.begin("c")).toBeUndefined();
    throttle.failed("a");
    expect(throttle.begin("a")).toEqual({ reason: "wrong", waitMs: 500 });
  });

  it("remembers at most maxClients, so made-up addresses cost no memory", () => {
    const throttle = signInThrottle({ maxClients: 100 });
    for (let i = 0; i < 10_000; i++) throttle.failed(`198.51.100.${i}`);
    expect(throttle.size).toBe(100);
  });
});
