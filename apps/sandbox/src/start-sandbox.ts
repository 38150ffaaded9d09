import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createTimMock, fail, type TimMock, type TimMockOptions, unknownCommandCode } from "@timkit/mocks";
import { genUserSig } from "@timkit/usersig";
import { discardRestOfBody, maxBufferedBodyBytes, readBoundedBody } from "./body-limit.js";
import { answerControl } from "./control-routes.js";
import { allowLocalOrigin, answerPreflight } from "./cors.js";
import { builtDocsPath, docsPage } from "./docs-page.js";
import { exampleCurl, openApiDocument } from "./documented-example.js";
import { landingPage } from "./landing-page.js";
import { batchedLines, formatRequestLine, type RequestLog } from "./request-log.js";
import { describeCredentials, type SandboxFacts, userSigVariable } from "./sandbox-facts.js";

// What the HTTP layer answers before a request reaches the mock: documented common codes, named once.
const httpParseError = 60002; // "HTTP parse error: check the URL format"
const internalError = 70500; // "Internal server error"

/** How to start a sandbox; the mock's options plus where to listen and what to do with logs. */
export interface SandboxOptions
  extends Pick<TimMockOptions, "sdkAppId" | "secretKey" | "admins" | "accounts" | "verifyUserSig" | "now"> {
  /** Default 127.0.0.1: the sandbox is for this machine. */
  host?: string;
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** One line per request; default standard output, `false` for none. */
  log?: RequestLog;
  /** The Redoc page to serve at /docs; default the one `@timkit/docs` built. */
  docsPath?: string;
}

/** A running sandbox. */
export interface Sandbox {
  /** The base URL, e.g. `http://127.0.0.1:4010`. */
  readonly url: string;
  readonly mock: TimMock;
  readonly server: Server;
  /** The base URL, credentials and curl that the banner and `/` show. */
  readonly facts: SandboxFacts;
  /** Stops accepting connections, lets requests in flight finish (up to 3 s), then resolves. */
  close(): Promise<void>;
}

/** How long the printed UserSig stays valid: a week of local development. */
const printedUserSigSeconds = 7 * 24 * 3600;

/**
 * Starts the sandbox: the @timkit/mocks handlers served over HTTP (through `mock.answer`, the handlers' own
 * pipeline, so there is one implementation), plus `/`, `/docs`, `/openapi.json` and the `/__sandbox/*` control endpoints.
 *
 * @example
 * const sandbox = await startSandbox({ port: 0, log: false });
 * await fetch(`${sandbox.url}/__sandbox/state`);
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? "127.0.0.1";
  const stdoutLines = batchedLines((text) => process.stdout.write(text));
  const log = options.log === undefined ? stdoutLines.log : options.log;
  let handle: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) =>
    response.writeHead(503).end();
  const server = createServer((request, response) => handle(request, response));
  // A request line or header the parser refuses still gets Tencent's envelope, never a crash.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === "ECONNRESET") return socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const body = JSON.stringify(fail(httpParseError));
    socket.end(
      `HTTP/1.1 ${status} Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const url = baseUrlOf(server.address() as AddressInfo);
  const mock = createTimMock({
    sdkAppId: options.sdkAppId,
    secretKey: options.secretKey,
    admins: options.admins,
    accounts: options.accounts,
    verifyUserSig: options.verifyUserSig,
    now: options.now,
    baseUrl: url,
  });
  const { sdkAppId, secretKey, admins, accounts } = mock.options;
  const issuedAt = mock.options.now();
  const userSig = await genUserSig({
    sdkAppId,
    identifier: admins[0] as string,
    secretKey,
    expireSeconds: printedUserSigSeconds,
    now: issuedAt,
  });
  const credentials = describeCredentials(secretKey, userSig);
  const facts: SandboxFacts = {
    baseUrl: url,
    sdkAppId,
    admins,
    accounts,
    ...credentials,
    userSigExpiresAt: issuedAt + printedUserSigSeconds,
    curl: exampleCurl({
      baseUrl: url,
      sdkAppId,
      identifier: admins[0] as string,
      userSig: credentials.devKey ? userSig : { variable: userSigVariable },
    }),
  };
  const docsPath = () => options.docsPath ?? builtDocsPath();

  handle = (request, response) => {
    const started = performance.now();
    response.once("finish", () => {
      if (log) {
        log(
          formatRequestLine({
            method: request.method ?? "?",
            target: request.url ?? "",
            status: response.statusCode,
            errorCode: (response as ServerResponse & { errorCode?: number }).errorCode,
            milliseconds: performance.now() - started,
          }),
        );
      }
    });
    route(request, response).catch((error: unknown) => {
      // A client that hung up mid-request is not a bug: nothing to answer, nothing to report.
      if ((error as NodeJS.ErrnoException)?.code === "ECONNRESET" || request.socket.destroyed) {
        response.destroy();
        return;
      }
      // A bug must not take the sandbox down: answer the service's "internal error" and keep going.
      process.stderr.write(`timkit sandbox: ${(error as Error)?.stack ?? error}\n`);
      if (!response.headersSent) send(response, 500, "application/json", JSON.stringify(fail(internalError)));
      else response.destroy();
    });
  };

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method === "OPTIONS") return answerPreflight(request, response);
    allowLocalOrigin(request, response);
    const path = pathOf(request.url ?? "/");
    if (request.method === "GET" || request.method === "HEAD") {
      if (path === "/") return send(response, 200, "text/html; charset=utf-8", landingPage(facts));
      if (path === "/docs" || path === "/docs/") {
        const page = await docsPage(docsPath());
        return send(response, page.status, "text/html; charset=utf-8", page.html);
      }
      if (path === "/openapi.json")
        return send(response, 200, "application/json", JSON.stringify(openApiDocument));
      if (path === "/favicon.ico") return send(response, 204, "text/plain", "");
    }
    if (path.startsWith("/__sandbox/")) {
      const answer = await answerControl(request, new URL(path, url), mock);
      return send(response, answer.status, "application/json", JSON.stringify(answer.body, infinityAsText));
    }
    return answerApi(request, response, path);
  }

  async function answerApi(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    const body = hasBody
      ? await readBoundedBody(request, maxBufferedBodyBytes)
      : { bytes: undefined, complete: true };
    if (!body.complete) {
      // Answer first, then drop what is still coming: the client can read the answer, nothing piles up.
      response.setHeader("connection", "close");
      response.once("finish", () => discardRestOfBody(request));
    }
    if (fetchForbiddenMethods.has(method))
      return sendEnvelope(response, 200, JSON.stringify(fail(httpParseError)), httpParseError);
    let target: URL;
    try {
      // On the sandbox's own origin whatever Host said, so the mock's baseUrl always matches. The mock
      // reads only the URL and the body: no header is copied, which keeps this hot path short.
      target = new URL(`${url}${path}`);
    } catch {
      return sendEnvelope(response, 200, JSON.stringify(fail(httpParseError)), httpParseError);
    }
    const answer = await mock.answer({ method, url: target, body: body.bytes });
    if (!answer)
      return sendEnvelope(response, 404, JSON.stringify(fail(unknownCommandCode)), unknownCommandCode);
    if (answer.networkError) {
      // An injected network error: the connection drops without an answer, as with a real network fault.
      request.socket.destroy();
      return;
    }
    for (const name in answer.headers) response.setHeader(name, answer.headers[name] as string);
    return sendEnvelope(response, answer.status, answer.body, answer.errorCode);
  }

  function sendEnvelope(
    response: ServerResponse,
    status: number,
    text: string,
    errorCode: number | undefined,
  ) {
    (response as ServerResponse & { errorCode?: number }).errorCode = errorCode;
    send(response, status, response.getHeader("content-type")?.toString() ?? "application/json", text);
  }

  return {
    url,
    mock,
    server,
    facts,
    close: async () => {
      await closeGracefully(server);
      stdoutLines.flush();
    },
  };
}

// Methods a Fetch Request refuses; the sandbox answered them 60002 when it built one, and still does.
const fetchForbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"]);

function send(response: ServerResponse, status: number, contentType: string, content: string | Buffer): void {
  const body = typeof content === "string" ? Buffer.from(content) : content;
  response.writeHead(status, { "content-type": contentType, "content-length": body.length });
  response.end(body);
}

// The request target as a path and query: origin-form as sent, absolute-form reduced to its path.
function pathOf(target: string): string {
  if (target.startsWith("/")) return target;
  try {
    const parsed = new URL(target);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return `/${target}`;
  }
}

function baseUrlOf(address: AddressInfo): string {
  const wildcard = address.address === "0.0.0.0" || address.address === "::";
  const host = wildcard ? "127.0.0.1" : address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

function infinityAsText(_key: string, value: unknown): unknown {
  return value === Number.POSITIVE_INFINITY ? "Infinity" : value;
}

async function closeGracefully(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), 3_000);
  await closed;
  clearTimeout(timer);
}
