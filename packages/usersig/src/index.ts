export { type DecodedUserSig, decodeUserSig } from "./decode-user-sig.js";
export { UserSigDecodeError, type UserSigDecodeFailure } from "./errors.js";
export { type GenUserSigOptions, genUserSig } from "./gen-user-sig.js";
export { defaultExpireSeconds, userSigLimits } from "./limits.js";
export {
  type VerifyUserSigFailure,
  type VerifyUserSigOptions,
  type VerifyUserSigResult,
  verifyUserSig,
} from "./verify-user-sig.js";
