/** Why a string could not be read as a UserSig. */
export type UserSigDecodeFailure =
  | "not-a-string"
  | "empty"
  | "too-long"
  | "invalid-base64"
  | "invalid-zlib"
  | "inflated-too-large"
  | "invalid-json"
  | "not-an-object"
  | "invalid-field";

/**
 * Thrown by `decodeUserSig` when its input is not a well-formed UserSig. The message names the stage and,
 * for a bad field, the field; it never contains the UserSig itself.
 *
 * @example
 * try {
 *   await decodeUserSig(text);
 * } catch (error) {
 *   if (error instanceof UserSigDecodeError && error.reason === "too-long") console.warn(error.message);
 * }
 */
export class UserSigDecodeError extends Error {
  override readonly name = "UserSigDecodeError";
  readonly reason: UserSigDecodeFailure;
  /** The JSON field at fault, for `invalid-field` (e.g. `"TLS.time"`). */
  readonly field: string | undefined;

  constructor(reason: UserSigDecodeFailure, message: string, field?: string) {
    super(message);
    this.reason = reason;
    this.field = field;
  }
}
