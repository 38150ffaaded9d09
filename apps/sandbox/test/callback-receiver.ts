import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One callback as a receiver got it. */
export interface ReceivedCallback {
  readonly url: URL;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** What a test receiver answers: a status and a body, or nothing ever ("never"). */
export type ReceiverAnswer = { status: number; body: string; headers?: Record<string, string> } | "never";

/** An app backend on its own loopback port, in the test's hands. */
export interface Receiver {
  readonly url: string;
  readonly received: ReceivedCallback[];
  answer: (callback: ReceivedCallback) => ReceiverAnswer;
  close(): Promise<void>;
}

const okReply = JSON.stringify({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });

/**
 * Starts a plain node:http server on 127.0.0.1 that records each callback and answers as told (Tencent's
 * OK envelope by default).
 */
export async function startReceiver(path = "/tim"): Promise<Receiver> {
  const received: ReceivedCallback[] = [];
  const receiver: Receiver = {
    url: "",
    received,
    answer: () => ({ status: 200, body: okReply, headers: { "content-type": "application/json" } }),
    close: async () => {},
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const callback = {
        url: new URL(request.url ?? "/", "http://127.0.0.1"),
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(callback);
      const answer = receiver.answer(callback);
      if (answer === "never") return;
      response.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}${path}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
