import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { createTimClient, regionTable, type TimFetch } from "@timkit/client";
import { Hono } from "hono";
import { callbackFeed } from "./callback-feed.js";
import { callbackRoute } from "./callback-route.js";
import { clientAddressOf } from "./client-address.js";
import { consoleApp } from "./console-app.js";
import type { ConsoleSettings } from "./console-settings.js";
import { signInThrottle } from "./sign-in-throttle.js";
import { staffSessions } from "./staff-sessions.js";

export interface ConsoleServerOptions {
  /** The built page (dist/public); nothing is served at `/` without it. */
  staticDir?: string;
  /** Where problem lines go (default stderr); never given a secret. */
  log?: (line: string) => void;
}

/** A running console server. */
export interface ConsoleServer {
  /** `http://127.0.0.1:4020`, the port filled in when 0 was asked. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the console server on Node: the one `@timkit/client` that holds the secret key, the staff page,
 * its API and the callback route, listening where the settings say (loopback by default).
 *
 * @example
 * const server = await startConsoleServer(readConsoleSettings(process.env), { staticDir: "dist/public" });
 */
export async function startConsoleServer(
  settings: ConsoleSettings,
  options: ConsoleServerOptions = {},
): Promise<ConsoleServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // The admin UserSigs the client made, read off its own requests, so no answer can carry one.
  const userSigs: string[] = [];
  const recordingFetch: TimFetch = (request, init) => {
    const userSig = new URL(request.url).searchParams.get("usersig");
    if (userSig && !userSigs.includes(userSig)) {
      userSigs.push(userSig);
      if (userSigs.length > 8) userSigs.shift();
    }
    return globalThis.fetch(request, init);
  };
  const tim = createTimClient({
    sdkAppId: settings.sdkAppId,
    identifier: settings.identifier,
    secretKey: settings.secretKey,
    ...settings.tim,
    fetch: recordingFetch,
  });
  const feed = callbackFeed();
  const apiHost =
    "baseUrl" in settings.tim ? new URL(settings.tim.baseUrl).host : regionTable[settings.tim.region].primary;

  const staticFiles = new Hono();
  if (options.staticDir) staticFiles.use("/*", serveStatic({ root: options.staticDir }));

  const app = consoleApp({
    tim,
    info: {
      sdkAppId: settings.sdkAppId,
      identifier: settings.identifier,
      apiHost,
    },
    staffPasswordHash: settings.staffPasswordHash,
    sessionSecret: settings.sessionSecret,
    sessions: staffSessions(),
    throttle: signInThrottle(),
    feed,
    host: settings.host,
    allowedHosts: settings.allowedHosts,
    publicOrigin: settings.publicOrigin,
    staticFiles,
    callbacks: callbackRoute({ sdkAppId: settings.sdkAppId, token: settings.callbackToken, feed, log }),
    clientAddress: (c) =>
      clientAddressOf(
        getConnInfo(c).remote.address,
        c.req.header("x-forwarded-for"),
        settings.trustedProxies,
      ),
    secrets: () => [settings.secretKey, settings.callbackToken, settings.sessionSecret, ...userSigs],
    log,
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port }, () =>
      resolve(started),
    );
    started.once("error", reject);
  });
  // Bounded: a slow or idle client cannot hold a connection for ever (event streams send keep-alives).
  server.setTimeout?.(120_000);
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
