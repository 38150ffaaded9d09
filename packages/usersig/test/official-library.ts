// Test-only reference points: Tencent's official Node library, and Node's own zlib as a decoder and
// encoder independent of the code under test.
import { deflateSync, inflateSync } from "node:zlib";
import { Api } from "tls-sig-api-v2";
import { vi } from "vitest";

export interface SigInputs {
  sdkAppId: number;
  identifier: string;
  secretKey: string;
  expireSeconds: number;
  now: number;
  userBuf?: Uint8Array | string | undefined;
}

/** Tencent's official Node library, with its clock (`Date.now()`) pinned to `now`. */
export function officialUserSig(inputs: SigInputs): string {
  const clock = vi.spyOn(Date, "now").mockReturnValue(inputs.now * 1000);
  try {
    const api = new Api(inputs.sdkAppId, inputs.secretKey);
    const userBuf =
      inputs.userBuf === undefined
        ? null
        : typeof inputs.userBuf === "string"
          ? inputs.userBuf
          : Buffer.from(inputs.userBuf);
    return api.genSig(inputs.identifier, inputs.expireSeconds, userBuf);
  } finally {
    clock.mockRestore();
  }
}

/** The JSON text inside a UserSig, read with Node's zlib. */
export function inflatedJson(userSig: string): string {
  const base64 = userSig.replaceAll("*", "+").replaceAll("-", "/").replaceAll("_", "=");
  return inflateSync(Buffer.from(base64, "base64")).toString("utf8");
}

/** zlib-compresses with Node's zlib, then applies Tencent's URL-safe base64, as every library does. */
export function packUserSig(content: string | Uint8Array, level = 6): string {
  return urlSafeBase64(zlibBytes(content, level));
}

export function zlibBytes(content: string | Uint8Array, level = 6): Buffer {
  return deflateSync(typeof content === "string" ? Buffer.from(content, "utf8") : content, { level });
}

/** Tencent's URL-safe base64: standard base64 with `+` `/` `=` written as `*` `-` `_`. */
export function urlSafeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replaceAll("+", "*").replaceAll("/", "-").replaceAll("=", "_");
}
