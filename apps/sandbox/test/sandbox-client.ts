import { request } from "node:http";
import { exampleUrl } from "../src/documented-example.js";
import type { Sandbox } from "../src/start-sandbox.js";

export const documentedBody = {
  Operator_Account: "user1",
  Peer_Account: "user2",
  C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1467329515_5675354_1708676941" }],
};

/** The documented call's URL on this sandbox, with the UserSig it printed. */
export function documentedUrl(sandbox: Sandbox): string {
  const { baseUrl, sdkAppId, admins, userSigShown } = sandbox.facts;
  return exampleUrl({ baseUrl, sdkAppId, identifier: admins[0] as string, userSig: userSigShown });
}

/** What the sandbox answers: the envelope, or a control endpoint's JSON. */
export interface JsonAnswer {
  ActionStatus?: string;
  ErrorCode?: number;
  ErrorInfo?: string;
  error?: string;
  [field: string]: unknown;
}

/** POSTs a JSON body (or raw text) and returns the status and parsed answer. */
export async function post(
  url: string,
  body: unknown = documentedBody,
): Promise<{ status: number; json: JsonAnswer }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** Sends raw bytes over a fresh TCP connection and resolves with whatever comes back. */
export function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    import("node:net").then(({ connect }) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(text));
      let answer = "";
      socket.on("data", (chunk) => {
        answer += chunk;
      });
      socket.on("close", () => resolve(answer));
      socket.on("error", reject);
    }, reject);
  });
}

/**
 * Streams `totalBytes` to the sandbox in chunks and records how much had been sent when the answer
 * arrived: an answer before the end of the upload proves the sandbox did not wait to buffer it all.
 */
export function streamLargeBody(
  url: string,
  totalBytes: number,
): Promise<{ status: number; body: string; sentWhenAnswered: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    let sentWhenAnswered = -1;
    let status = 0;
    let body = "";
    let answered = false;
    const outgoing = request(
      url,
      { method: "POST", headers: { "content-type": "application/json" } },
      (response) => {
        sentWhenAnswered = sent;
        status = response.statusCode ?? 0;
        response.setEncoding("utf8");
        response.on("data", (text: string) => {
          body += text;
        });
        response.on("end", () => {
          answered = true;
        });
      },
    );
    outgoing.on("error", (error) => (answered ? undefined : reject(error)));
    outgoing.on("close", () => resolve({ status, body, sentWhenAnswered, sent }));
    const writeMore = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        // Pace the upload so the answer can overtake it.
        if (!outgoing.write(chunk)) return void outgoing.once("drain", () => setTimeout(writeMore, 1));
      }
      outgoing.end();
    };
    writeMore();
  });
}
