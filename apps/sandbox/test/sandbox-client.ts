import { request } from "node:http";
import { connect } from "node:net";
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
    const socket = connect(port, "127.0.0.1", () => socket.end(text));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
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

/** What a plain HTTP request got back. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * Sends one request with exactly the headers given (Host and Origin included, which fetch will not let a
 * caller set), as curl, a script or a browser on another page would.
 */
export function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; path?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        method: init.method ?? "GET",
        path: init.path ?? `${target.pathname}${target.search}`,
        headers: init.headers,
        agent: false,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      },
    );
    outgoing.on("error", reject);
    outgoing.end(init.body);
  });
}

/** How a raw upload ended: everything the sandbox sent back, how much was sent, and any socket error. */
export interface UploadOutcome {
  answer: string;
  sent: number;
  error: string | undefined;
}

/**
 * Uploads `totalBytes` of body over a raw socket in 64 KB chunks (`Infinity`: until the sandbox stops
 * reading), with a Content-Length or chunked. With `readAfterUpload`, the client reads nothing until its
 * upload is out, as many HTTP clients do: the hardest case for an answer sent before the upload ends.
 */
export function rawUpload(
  url: string,
  totalBytes: number,
  { chunked = false, readAfterUpload = false, headers = {} as Record<string, string> } = {},
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const target = new URL(url);
    const chunk = Buffer.alloc(64 * 1024, "x");
    const frame = chunked ? Buffer.concat([Buffer.from("10000\r\n"), chunk, Buffer.from("\r\n")]) : chunk;
    let answer = "";
    let sent = 0;
    let error: string | undefined;
    const socket = connect(Number(target.port), target.hostname, () => {
      if (readAfterUpload) socket.pause();
      const framing = chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${totalBytes}`;
      const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
      socket.write(
        `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n${extra.join("")}${framing}\r\n\r\n`,
      );
      const writeMore = () => {
        while (sent < totalBytes && !socket.destroyed) {
          sent += chunk.length;
          if (!socket.write(frame)) return void socket.once("drain", writeMore);
        }
        // The upload is out: say so (the last chunk, then half-close), and read what came back.
        if (!socket.destroyed) socket.end(chunked ? "0\r\n\r\n" : "");
        socket.resume();
      };
      writeMore();
    });
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      answer += text;
    });
    socket.on("error", (caught: NodeJS.ErrnoException) => {
      error = caught.code ?? caught.message;
    });
    socket.on("close", () => resolve({ answer, sent, error }));
  });
}
