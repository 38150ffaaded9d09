// Requests as Tencent sends them: the spec's example bodies, its query parameters, signed when a token is
// given (the Sign computed here with node:crypto, independently of the package's Web Crypto code).
import { createHash } from "node:crypto";
import { type CallbackCommand, webhookExamples } from "@timkit/spec";

export const sdkAppId = 1400000000;
export const token = "callback-token-for-tests";
/** 2026-01-01T00:00:00Z, in milliseconds. */
export const nowMs = 1767225600000;
export const now = () => nowMs;

export const exampleBody = (command: CallbackCommand): Record<string, unknown> =>
  structuredClone(webhookExamples[command].requests.documentation.value) as Record<string, unknown>;

export const nodeSign = (secret: string, requestTime: string) =>
  createHash("sha256").update(`${secret}${requestTime}`).digest("hex");

export interface CallbackRequestOptions {
  body?: unknown;
  /** Raw body text instead of JSON of `body`. */
  text?: string;
  token?: string | undefined;
  sign?: string;
  requestTime?: string;
  sdkAppId?: string;
  method?: string;
  query?: Record<string, string>;
}

export function callbackRequest(
  command: CallbackCommand | string,
  options: CallbackRequestOptions = {},
): Request {
  const requestTime = options.requestTime ?? String(Math.floor(nowMs / 1000));
  const query = new URLSearchParams({
    SdkAppid: options.sdkAppId ?? String(sdkAppId),
    CallbackCommand: command,
    contenttype: "json",
    ClientIP: "127.0.0.1",
    OptPlatform: "RESTAPI",
    ...options.query,
  });
  const secret = "token" in options ? options.token : token;
  if (secret !== undefined) {
    query.set("Sign", options.sign ?? nodeSign(secret, requestTime));
    query.set("RequestTime", requestTime);
  }
  const method = options.method ?? "POST";
  const text = options.text ?? JSON.stringify(options.body ?? exampleBody(command as CallbackCommand));
  return new Request(`https://app.example.com/tim/callback?${query}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(method === "GET" || method === "HEAD" ? {} : { body: text }),
  });
}
