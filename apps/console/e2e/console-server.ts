import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import type { ConsoleConfigInput } from "../src/console-config";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/** A running static server for the built console. */
export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built console (`dist/`) on 127.0.0.1 with its `console-config.json` replaced by `config`: the
 * way a deployment points one build at its own API without rebuilding.
 */
export async function serveConsole(distDir: string, config: ConsoleConfigInput): Promise<ConsoleServer> {
  const root = normalize(distDir);
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://127.0.0.1");
    if (pathname === "/console-config.json") {
      response.writeHead(200, { "content-type": contentTypes[".json"], "cache-control": "no-store" });
      response.end(JSON.stringify(config));
      return;
    }
    const file = normalize(join(root, pathname === "/" ? "index.html" : decodeURIComponent(pathname)));
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
