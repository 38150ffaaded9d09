import { encodeBase64, encodeUserSigBase64 } from "./base64.js";
import { defaultExpireSeconds } from "./limits.js";
import {
  assertExpireSeconds,
  assertIdentifier,
  assertNow,
  assertOptionsObject,
  assertSdkAppId,
  assertSecretKey,
  userBufBytes,
} from "./user-sig-arguments.js";
import { userSigSignature } from "./user-sig-content.js";
import { zlibDeflate, zlibStore } from "./zlib-stream.js";

export interface GenUserSigOptions {
  /** The application's SDKAppID, a positive integer. */
  sdkAppId: number;
  /** The UserID the UserSig is for (the admin account for REST calls): 1 to 32 bytes of UTF-8. */
  identifier: string;
  /** The application's secret key from the console. Never appears in errors. */
  secretKey: string;
  /** Validity in seconds after `now`; defaults to `defaultExpireSeconds` (one day). */
  expireSeconds?: number;
  /** Issue time in Unix **seconds**; defaults to the current clock. */
  now?: number;
  /** Extra signed bytes (TRTC's PrivateMapKey uses it); a string counts as its UTF-8 bytes. */
  userBuf?: Uint8Array | string;
  /**
   * How the JSON is wrapped in zlib. `"store"` (the default) writes stored blocks: fast and valid for every
   * zlib reader, but about 50 characters longer than Tencent's own. `"deflate"` compresses through
   * `CompressionStream` like Tencent's libraries do: shorter, and several times slower to make.
   */
  compression?: "store" | "deflate";
}

const encoder = new TextEncoder();

/**
 * Makes a TLSSigAPIv2 UserSig. `TLS.sig` is byte-identical to what Tencent's official libraries compute
 * for the same inputs; the JSON layout is the Node library's.
 *
 * @throws {TypeError} for an invalid argument; the message names it and never contains the secret key.
 *
 * @example
 * const userSig = await genUserSig({ sdkAppId: 1400000000, identifier: "administrator", secretKey });
 * const url = `https://console.tim.qq.com/v4/openim/sendmsg?sdkappid=1400000000&identifier=administrator&usersig=${userSig}&random=${random}&contenttype=json`;
 */
export async function genUserSig(options: GenUserSigOptions): Promise<string> {
  assertOptionsObject(options, "genUserSig");
  const {
    sdkAppId,
    identifier,
    secretKey,
    expireSeconds = defaultExpireSeconds,
    userBuf,
    compression = "store",
  } = options;
  assertSdkAppId(sdkAppId);
  assertIdentifier(identifier);
  assertSecretKey(secretKey);
  assertExpireSeconds(expireSeconds);
  const now = options.now === undefined ? Math.floor(Date.now() / 1000) : options.now;
  assertNow(now);
  if (compression !== "store" && compression !== "deflate") {
    throw new TypeError(
      `compression must be "store" or "deflate", got ${typeof compression === "string" ? JSON.stringify(compression) : typeof compression}`,
    );
  }
  const userBufBase64 = userBuf === undefined ? undefined : encodeBase64(userBufBytes(userBuf));

  const sig = userSigSignature(secretKey, {
    identifier,
    sdkAppId,
    time: now,
    expire: expireSeconds,
    userBufBase64,
  });
  // Key order and compact spacing follow Tencent's Node library; readers must not depend on either.
  const document: Record<string, string | number> = {
    "TLS.ver": "2.0",
    "TLS.identifier": identifier,
    "TLS.sdkappid": sdkAppId,
    "TLS.time": now,
    "TLS.expire": expireSeconds,
  };
  if (userBufBase64 !== undefined) document["TLS.userbuf"] = userBufBase64;
  document["TLS.sig"] = sig;
  const json = encoder.encode(JSON.stringify(document));
  return encodeUserSigBase64(compression === "store" ? zlibStore(json) : await zlibDeflate(json));
}
