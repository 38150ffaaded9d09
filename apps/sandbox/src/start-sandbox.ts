import { lookup } from "node:dns/promises";
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CallbackRecord,
  type CallbacksOption,
  commonCodes,
  createTimMock,
  fail,
  resolveCallbacks,
  type TimMock,
  type TimMockOptions,
} from "@timkit/mocks";
import { genUserSig } from "@timkit/usersig";
import { allowedHost, allowedOrigin } from "./access-lists.js";
import { bodyStillComing, endAfterRestOfBody, maxBufferedBodyBytes, readBoundedBody } from "./body-limit.js";
import { callbackAllowHosts, checkCallbackTarget } from "./callback-target.js";
import { answerControl } from "./control-routes.js";
import { checkControlToken, newControlToken } from "./control-token.js";
import { allowOrigin, answerPreflight } from "./cors.js";
import { builtDocsPath, docsPage } from "./docs-page.js";
import { exampleCurl, openApiDocument, readReceiptFlow } from "./documented-example.js";
import { landingPage } from "./landing-page.js";
import { asHostname, interfaceAddresses, isLoopbackAddress, isWildcardAddress } from "./local-addresses.js";
import { type Refusal, requestGuard } from "./request-guard.js";
import {
  batchedLines,
  formatCallbackLine,
  formatRequestLine,
  type RequestLog,
  redactUserSigsIn,
} from "./request-log.js";
import { describeCredentials, type SandboxFacts, userSigVariable } from "./sandbox-facts.js";

// What the HTTP layer answers before a request reaches the mock: documented common codes, named once.
const { httpParseError, internalError, unknownCommand: unknownCommandCode } = commonCodes;

/** How to start a sandbox; the mock's options plus where to listen and what to do with logs. */
export interface SandboxOptions
  extends Pick<
    TimMockOptions,
    "sdkAppId" | "secretKey" | "admins" | "accounts" | "messages" | "verifyUserSig" | "now" | "rateLimits"
  > {
  /** Default 127.0.0.1: the sandbox is for this machine. Any other address needs `allowRemote`. */
  host?: string;
  /**
   * Listen on a host that is not loopback (`0.0.0.0`, a LAN address), where other machines reach the API.
   * The control routes, `/__sandbox/usersig` included, then need the control token.
   */
  allowRemote?: boolean;
  /**
   * The token every `/__sandbox/*` request must send as `Authorization: Bearer <token>`. When the sandbox
   * listens beyond loopback and none is given, it makes one (`Sandbox.madeControlToken`). Never printed.
   */
  controlToken?: string;
  /** Names besides loopback and the listening address that the Host header may give, e.g. `mylaptop.local`. */
  allowedHosts?: readonly string[];
  /** Origins of pages besides this machine's that may call the sandbox, e.g. `http://192.168.1.20:5173`. */
  allowedOrigins?: readonly string[];
  /**
   * Send Tencent's callbacks to an app backend on this machine: `{ url, token?, commands?,
   * beforeSendTimeout? }`, as the mock's option (`PUT /__sandbox/callbacks` changes it at run time). The
   * URL must be loopback, or a host of `callbackAllowHosts`; with `allowRemote`, one set at run time
   * must be a host of `callbackAllowHosts`, loopback included.
   */
  callbacks?: Omit<CallbacksOption, "deliver">;
  /** Hosts besides loopback that callbacks may be sent to, e.g. `backend.test` (`--callback-allow-hosts`). */
  callbackAllowHosts?: readonly string[];
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** One line per request; default standard output, `false` for none. */
  log?: RequestLog;
  /** The Redoc page to serve at /docs; default the one the package ships (`dist/docs.html`). */
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
  /**
   * The control token the sandbox made because it listens beyond loopback and was given none: for the
   * operator's eyes once (the banner), never logged. Undefined otherwise.
   */
  readonly madeControlToken?: string;
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
  const allowedHosts = (options.allowedHosts ?? []).map((name) => allowedHost(name, "allowedHosts"));
  const allowedOrigins = (options.allowedOrigins ?? []).map((origin) =>
    allowedOrigin(origin, "allowedOrigins"),
  );
  const givenToken =
    options.controlToken === undefined ? undefined : checkControlToken(options.controlToken, "controlToken");
  const allowCallbackHosts = callbackAllowHosts(options.callbackAllowHosts ?? [], "callbackAllowHosts");
  // Checked before listening, so that a mistake leaves nothing running.
  resolveCallbacks(options.callbacks);
  if (options.callbacks) checkCallbackTarget(options.callbacks.url, allowCallbackHosts, "callbacks.url");
  // Resolved here, so that the address checked is the address listened on.
  const { address } = await lookup(host);
  if (!isLoopbackAddress(address) && !options.allowRemote) {
    throw new Error(
      `${host} (${address}) is not a loopback address: other machines could reach the sandbox, take administrator UserSigs and change its state. Listen on 127.0.0.1, or pass allowRemote (--allow-remote) to mean it`,
    );
  }
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
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, address, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const bound = server.address() as AddressInfo;
  const remote = !isLoopbackAddress(bound.address);
  const madeControlToken = remote && givenToken === undefined ? newControlToken() : undefined;
  const controlToken = givenToken ?? madeControlToken;
  const guard = requestGuard({ boundAddress: bound.address, allowedHosts, allowedOrigins, controlToken });
  const url = baseUrlOf(bound);
  // One line per callback sent, beside the request lines (never the URL, which carries the Sign).
  const onCallbackRecord = log
    ? { onRecord: (record: CallbackRecord) => log(formatCallbackLine(record)) }
    : {};
  const mock = createTimMock({
    sdkAppId: options.sdkAppId,
    secretKey: options.secretKey,
    admins: options.admins,
    accounts: options.accounts,
    messages: options.messages,
    verifyUserSig: options.verifyUserSig,
    now: options.now,
    // Like Tencent, and unlike a mock in a unit test: callers find out about the limits here.
    rateLimits: options.rateLimits ?? true,
    baseUrl: url,
    ...(options.callbacks ? { callbacks: { ...options.callbacks, ...onCallbackRecord } } : {}),
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
  const call = {
    baseUrl: url,
    sdkAppId,
    identifier: admins[0] as string,
    userSig: credentials.devKey ? userSig : { variable: userSigVariable },
  };
  const facts: SandboxFacts = {
    baseUrl: url,
    listening: `${asHostname(bound.address)}:${bound.port}`,
    remote,
    networkUrls: remote ? networkUrlsOf(bound) : [],
    controlTokenRequired: controlToken !== undefined,
    sdkAppId,
    admins,
    accounts,
    ...credentials,
    userSigExpiresAt: issuedAt + printedUserSigSeconds,
    curl: exampleCurl(call),
    ...(options.callbacks ? { callbacksShown: callbacksShown(mock) } : {}),
    flow: readReceiptFlow(call, accounts),
  };
  const docsPath = () => options.docsPath ?? builtDocsPath();

  handle = (request, response) => {
    // With no log, nothing waits for the answer to go out.
    if (log) {
      const started = performance.now();
      response.once("finish", () =>
        log(
          formatRequestLine({
            method: request.method ?? "?",
            target: request.url ?? "",
            status: response.statusCode,
            errorCode: (response as ServerResponse & { errorCode?: number }).errorCode,
            milliseconds: performance.now() - started,
          }),
        ),
      );
    }
    route(request, response).catch((error: unknown) => {
      // A client that hung up mid-request is not a bug: nothing to answer, nothing to report.
      if ((error as NodeJS.ErrnoException)?.code === "ECONNRESET" || request.socket.destroyed) {
        response.destroy();
        return;
      }
      // A bug must not take the sandbox down: answer the service's "internal error" and keep going. The
      // message may quote the URL, so its UserSigs are redacted as in the log.
      const text = redactUserSigsIn(String((error as Error)?.stack ?? error), request.url ?? "");
      process.stderr.write(`timkit sandbox: ${text}\n`);
      if (!response.headersSent) send(response, 500, "application/json", JSON.stringify(fail(internalError)));
      else response.destroy();
    });
  };

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Before any route: a foreign Host or a foreign page gets its refusal, and nothing changes.
    const refusal = guard.refusal(request);
    if (refusal) return refuse(response, refusal);
    const origin = guard.corsOrigin(request);
    if (request.method === "OPTIONS") return answerPreflight(request, response, origin);
    allowOrigin(response, origin);
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
      const controlRefusal = guard.controlRefusal(request);
      if (controlRefusal) return refuse(response, controlRefusal);
      const answer = await answerControl(request, new URL(path, url), mock, {
        callbackAllowHosts: allowCallbackHosts,
        remoteCallers: remote || options.allowRemote === true,
        ...(onCallbackRecord.onRecord ? { onCallbackRecord: onCallbackRecord.onRecord } : {}),
      });
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
    return sendEnvelope(response, answer.status, answer.body, answer.errorCode, answer.headers);
  }

  function sendEnvelope(
    response: ServerResponse,
    status: number,
    text: string,
    errorCode: number | undefined,
    headers?: Readonly<Record<string, string>>,
  ) {
    (response as ServerResponse & { errorCode?: number }).errorCode = errorCode;
    send(response, status, headers?.["content-type"] ?? "application/json", text, headers);
  }

  return {
    url,
    mock,
    server,
    facts,
    madeControlToken,
    close: async () => {
      await closeGracefully(server);
      stdoutLines.flush();
    },
  };
}

function callbacksShown(mock: TimMock): string {
  const { url, signed } = mock.callbackDelivery.settings();
  return `${url} (${signed ? "signed with your token" : "unsigned"}; see /__sandbox/callbacks)`;
}

// Methods a Fetch Request refuses; the sandbox answered them 60002 when it built one, and still does.
const fetchForbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"]);

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extraHeaders?: Readonly<Record<string, string>>,
): void {
  // The text itself, not a Buffer made of it: Node then writes the head and the body as one string,
  // encoding it on the way out (5 % less CPU a request under the bench's load).
  const headers = { ...extraHeaders, "content-type": contentType, "content-length": Buffer.byteLength(body) };
  if (!bodyStillComing(response.req)) {
    response.writeHead(status, headers);
    response.end(body);
    return;
  }
  // Answered before the upload ended (over the limit, or refused): the rest is read before closing.
  response.writeHead(status, { ...headers, connection: "close" });
  endAfterRestOfBody(response.req, response, body);
}

function refuse(response: ServerResponse, refusal: Refusal): void {
  for (const [name, value] of Object.entries(refusal.headers ?? {})) response.setHeader(name, value);
  send(response, refusal.status, "application/json", JSON.stringify({ error: refusal.message }));
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

// On every interface, this machine calls the sandbox on loopback; otherwise by the address it listens on.
function baseUrlOf(address: AddressInfo): string {
  const loopbackOfWildcard = address.address === "::" ? "[::1]" : "127.0.0.1";
  const host = isWildcardAddress(address.address) ? loopbackOfWildcard : asHostname(address.address);
  return `http://${host}:${address.port}`;
}

// Where other machines find a sandbox that listens beyond loopback.
function networkUrlsOf(address: AddressInfo): string[] {
  if (!isWildcardAddress(address.address)) return [baseUrlOf(address)];
  return interfaceAddresses()
    .filter((info) => !info.internal && (address.address === "::" || info.family === "IPv4"))
    .map((info) => `http://${asHostname(info.address)}:${address.port}`);
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
