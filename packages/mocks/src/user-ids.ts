// The spec's UserId: 1 to 32 bytes. Enforced when accounts are configured or imported, so the store only
// ever holds IDs the real service could hold too.
const maxUserIdBytes = 32;
const encoder = new TextEncoder();

/** True for a string the spec accepts as a UserID. */
export function isUserId(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && encoder.encode(value).length <= maxUserIdBytes;
}

/** Throws a TypeError naming `what` unless every entry is a UserID. */
export function assertUserIds(values: unknown, what: string): asserts values is readonly string[] {
  if (!Array.isArray(values)) throw new TypeError(`${what} must be an array of UserIDs`);
  for (const value of values) {
    if (!isUserId(value)) {
      throw new TypeError(
        `${what} must hold UserIDs of 1 to ${maxUserIdBytes} bytes, got ${JSON.stringify(value)}`,
      );
    }
  }
}
