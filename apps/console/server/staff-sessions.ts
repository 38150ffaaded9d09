import { randomBytes } from "node:crypto";

export interface StaffSessionOptions {
  /** How long a session lasts from sign-in, in milliseconds. Default 8 hours: one shift. */
  ttlMs?: number;
  /** The most sessions held; signing in beyond it ends the oldest. Default 1000. */
  maxSessions?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

/** The signed-in staff sessions, in memory: a restart signs everyone out. */
export interface StaffSessions {
  /** A new session's id (32 random bytes, base64url) and when it ends. */
  create(): { id: string; expiresAt: number };
  /** True while the session exists and has not expired. */
  isValid(id: string | undefined): boolean;
  /** Ends a session (signing out); unknown ids are ignored. */
  end(id: string | undefined): void;
  readonly size: number;
  readonly ttlMs: number;
}

/**
 * Sessions that expire and whose number is bounded: expired ones are swept on each sign-in, and past
 * `maxSessions` the oldest is ended, so memory does not grow with sign-ins.
 *
 * @example
 * const sessions = staffSessions({ ttlMs: 60_000 });
 * const { id } = sessions.create();
 * sessions.isValid(id) // → true
 */
export function staffSessions(options: StaffSessionOptions = {}): StaffSessions {
  const ttlMs = options.ttlMs ?? 8 * 60 * 60 * 1000;
  const maxSessions = options.maxSessions ?? 1000;
  const now = options.now ?? Date.now;
  // Insertion order is sign-in order, so the first entry is the oldest.
  const sessions = new Map<string, number>();

  const sweep = () => {
    const time = now();
    for (const [id, expiresAt] of sessions) if (expiresAt <= time) sessions.delete(id);
  };

  return {
    create() {
      sweep();
      while (sessions.size >= maxSessions) {
        const oldest = sessions.keys().next().value;
        if (oldest === undefined) break;
        sessions.delete(oldest);
      }
      const id = randomBytes(32).toString("base64url");
      const expiresAt = now() + ttlMs;
      sessions.set(id, expiresAt);
      return { id, expiresAt };
    },
    isValid(id) {
      if (id === undefined) return false;
      const expiresAt = sessions.get(id);
      if (expiresAt === undefined) return false;
      if (expiresAt <= now()) {
        sessions.delete(id);
        return false;
      }
      return true;
    },
    end(id) {
      if (id !== undefined) sessions.delete(id);
    },
    get size() {
      return sessions.size;
    },
    ttlMs,
  };
}
