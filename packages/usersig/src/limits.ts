/**
 * The bounds this package enforces. A UserSig is attacker-controlled input wherever it is verified,
 * so every stage of decoding has a ceiling that keeps time and memory small.
 */
export const userSigLimits = {
  /** Longest UserSig accepted for decoding, in characters. Real ones are about 200. */
  maxUserSigLength: 8192,
  /** Largest inflated JSON accepted, in bytes: inflation stops as soon as it is exceeded. */
  maxInflatedBytes: 16384,
  /** Largest `userBuf` accepted by `genUserSig`, so that every UserSig it makes can also be decoded. */
  maxUserBufBytes: 4096,
  /** Tencent's limit for a UserID, in UTF-8 bytes. */
  maxIdentifierBytes: 32,
} as const;

/**
 * Validity of a UserSig when `expireSeconds` is not given: one day. Tencent's samples use 180 days, but an
 * admin UserSig is an admin credential and making a fresh one costs well under a millisecond.
 */
export const defaultExpireSeconds = 86_400;
