import { requestValidators } from "@timkit/spec";

/** True for a string the spec accepts as a UserID (its `UserId` schema: 1 to 32 bytes of UTF-8). */
export const isUserId = (value: unknown): value is string => requestValidators.UserId(value);

/** Throws a TypeError naming `what` unless every entry is a UserID. */
export function assertUserIds(values: unknown, what: string): asserts values is readonly string[] {
  if (!Array.isArray(values)) throw new TypeError(`${what} must be an array of UserIDs`);
  for (const value of values) {
    if (!isUserId(value)) {
      throw new TypeError(
        `${what} must hold UserIDs as the spec's UserId schema allows, got ${JSON.stringify(value)}`,
      );
    }
  }
}
