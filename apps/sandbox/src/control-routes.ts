import type { IncomingMessage } from "node:http";
import {
  type CallbacksOption,
  checkFaultOptions,
  devSecretKey,
  type RateLimitsOption,
  type TimMock,
} from "@timkit/mocks";
import { genUserSig } from "@timkit/usersig";
import { readBoundedBody } from "./body-limit.js";
import { checkCallbackTarget, checkRemoteSetCallbackTarget } from "./callback-target.js";

/** An answer of a control endpoint: always JSON. */
export interface ControlAnswer {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The control endpoints, listed once: the 404 answer, the banner and the landing page are written from
 * this table.
 */
export const controlRoutes = {
  "GET /__sandbox/state":
    "accounts, messages, read receipts, pending faults, the rate limits and the callback settings in effect",
  "GET /__sandbox/health": "uptime and memory of the sandbox process",
  "POST /__sandbox/reset":
    "back to the start: the configured accounts, messages and rate limits, no receipts, no faults, no counts",
  "POST /__sandbox/accounts": 'import accounts: {"accounts": ["user3"]}',
  "POST /__sandbox/faults":
    'fail or stall the next requests: {"code": 20004, "times": 2} ("times": "Infinity" until reset)',
  "GET /__sandbox/limits":
    "calls per second allowed per command, and each second's served and refused (60007) calls of the last minute",
  "PUT /__sandbox/limits":
    'change the rate limits: true (the spec\'s), false (none), or {"c2cMsgReadReceipt": 50, "accountCheck": false}',
  "GET /__sandbox/callbacks":
    "where Tencent's callbacks go (whether signed, never the token) and the last 100 sent: command, body, status, answer, milliseconds",
  "PUT /__sandbox/callbacks":
    'send callbacks from now on: {"url": "http://127.0.0.1:3000/tim", "token": "…", "beforeSendTimeout": "fail", "commands": ["C2C.CallbackAfterMsgReadReceipt"]}, or false for none',
  "GET /__sandbox/usersig":
    "an administrator UserSig (?identifier=admin&expireSeconds=86400), with the well-known development key only, for local development",
} as const;

const maxControlBodyBytes = 64 * 1024;
const startedAt = Date.now();

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const { bytes, complete } = await readBoundedBody(request, maxControlBodyBytes);
  if (!complete) throw new ControlError(413, `the body is over ${maxControlBodyBytes} bytes`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ControlError(400, "the body is not JSON");
  }
}

function state(mock: TimMock) {
  const { enabled, perSecond } = mock.rateLimits.snapshot();
  return {
    ...mock.store.snapshot(),
    pendingFaults: mock.pendingFaults(),
    rateLimits: { enabled, perSecond },
    callbacks: mock.callbackDelivery.settings(),
  };
}

/** What the control routes need beyond the mock. */
export interface ControlSettings {
  /** Hosts besides loopback that callbacks may be sent to (`--callback-allow-hosts`). */
  readonly callbackAllowHosts?: readonly string[];
  /**
   * Other machines may call the sandbox (`--allow-remote`): a callback URL set at run time must then name
   * a listed host, loopback included.
   */
  readonly remoteCallers?: boolean;
  /** Where each callback sent is told (the sandbox's log); kept across `PUT /__sandbox/callbacks`. */
  readonly onCallbackRecord?: CallbacksOption["onRecord"];
}

// What PUT /__sandbox/callbacks takes: the JSON side of the mock's option (no `deliver` function).
const callbackKeys = new Set(["url", "token", "commands", "beforeSendTimeout", "clientIp"]);

function callbacks(mock: TimMock) {
  return { settings: mock.callbackDelivery.settings(), deliveries: mock.callbacks() };
}

function setCallbacks(mock: TimMock, json: unknown, settings: ControlSettings) {
  if (json !== false) {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new ControlError(400, 'send {"url": "http://127.0.0.1:3000/tim", …}, or false for no callbacks');
    }
    for (const key of Object.keys(json)) {
      if (!callbackKeys.has(key)) {
        throw new ControlError(
          400,
          `${JSON.stringify(key)} is not a callback setting; use ${[...callbackKeys].join(", ")}`,
        );
      }
    }
  }
  try {
    if (json === false) return mock.callbackDelivery.set(false);
    const check = settings.remoteCallers ? checkRemoteSetCallbackTarget : checkCallbackTarget;
    check((json as { url?: unknown }).url, settings.callbackAllowHosts ?? [], "url");
    const { onCallbackRecord } = settings;
    mock.callbackDelivery.set({
      ...(json as CallbacksOption),
      ...(onCallbackRecord ? { onRecord: onCallbackRecord } : {}),
    });
  } catch (error) {
    throw new ControlError(400, (error as Error).message);
  }
}

/**
 * Answers `/__sandbox/*`: read the state, reset it, import accounts, inject faults, see and change the
 * rate limits and the callbacks, and mint an
 * administrator UserSig for local web apps (which must never hold a real secret key).
 *
 * @example
 * const { status, body } = await answerControl(request, url, mock);
 */
export async function answerControl(
  request: IncomingMessage,
  url: URL,
  mock: TimMock,
  settings: ControlSettings = {},
): Promise<ControlAnswer> {
  const route = `${request.method} ${url.pathname}`;
  try {
    switch (route) {
      case "GET /__sandbox/state":
        return { status: 200, body: state(mock) };
      case "GET /__sandbox/health":
        return {
          status: 200,
          body: { ok: true, uptimeSeconds: (Date.now() - startedAt) / 1000, memory: process.memoryUsage() },
        };
      case "POST /__sandbox/reset":
        mock.reset();
        return { status: 200, body: state(mock) };
      case "POST /__sandbox/accounts": {
        const json = await readJson(request);
        const accounts = Array.isArray(json) ? json : (json as { accounts?: unknown } | null)?.accounts;
        if (!Array.isArray(accounts)) throw new ControlError(400, 'send {"accounts": ["user3", …]}');
        try {
          const imported = mock.store.accounts.importIds(accounts);
          return { status: 200, body: { imported, accounts: mock.store.accounts.ids() } };
        } catch (error) {
          throw new ControlError(error instanceof RangeError ? 409 : 400, (error as Error).message);
        }
      }
      case "POST /__sandbox/faults": {
        let fault: ReturnType<typeof checkFaultOptions>;
        try {
          fault = checkFaultOptions(await readJson(request));
        } catch (error) {
          if (error instanceof ControlError) throw error;
          throw new ControlError(400, (error as Error).message);
        }
        mock.inject(fault);
        return { status: 201, body: { injected: fault, pendingFaults: mock.pendingFaults() } };
      }
      case "GET /__sandbox/limits":
        return { status: 200, body: mock.rateLimits.snapshot() };
      case "PUT /__sandbox/limits": {
        const json = await readJson(request);
        try {
          mock.rateLimits.set(json as RateLimitsOption);
        } catch (error) {
          throw new ControlError(400, (error as Error).message);
        }
        return { status: 200, body: mock.rateLimits.snapshot() };
      }
      case "GET /__sandbox/callbacks":
        return { status: 200, body: callbacks(mock) };
      case "PUT /__sandbox/callbacks":
        setCallbacks(mock, await readJson(request), settings);
        return { status: 200, body: callbacks(mock) };
      case "GET /__sandbox/usersig":
        return { status: 200, body: await adminUserSig(url, mock) };
      default: {
        const known = Object.keys(controlRoutes).some((key) => key.endsWith(` ${url.pathname}`));
        throw new ControlError(known ? 405 : 404, `no ${route}; the control endpoints are listed in routes`);
      }
    }
  } catch (error) {
    if (!(error instanceof ControlError)) throw error;
    return { status: error.status, body: { error: error.message, routes: controlRoutes } };
  }
}

async function adminUserSig(url: URL, mock: TimMock) {
  const { sdkAppId, secretKey, admins, now } = mock.options;
  // Only the well-known development key's UserSigs are no secret: with a key of the caller's own, this
  // route would hand admin credentials to anyone who can reach the sandbox.
  if (secretKey !== devSecretKey) {
    throw new ControlError(
      403,
      "the sandbox hands out UserSigs only when it runs with the well-known development key; with your own key, make them with genUserSig from @timkit/usersig",
    );
  }
  const identifier = url.searchParams.get("identifier") ?? (admins[0] as string);
  if (!admins.includes(identifier)) throw new ControlError(400, `${identifier} is not an administrator`);
  const expireSeconds = Number(url.searchParams.get("expireSeconds") ?? 86_400);
  if (!Number.isSafeInteger(expireSeconds) || expireSeconds <= 0) {
    throw new ControlError(400, "expireSeconds must be a positive integer");
  }
  const issuedAt = now();
  const userSig = await genUserSig({ sdkAppId, identifier, secretKey, expireSeconds, now: issuedAt });
  return {
    sdkAppId,
    identifier,
    userSig,
    expiresAt: issuedAt + expireSeconds,
    warning: "For local development only: a real app gets UserSigs from its own backend, never from a page.",
  };
}
