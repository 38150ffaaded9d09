import { fileURLToPath } from "node:url";
import { type BuiltProcess, startBuilt } from "./built-process.js";

/** The built console server's entry point (turbo builds it before this package's tests). */
export const consoleMain = fileURLToPath(new URL("../dist/server/main.js", import.meta.url));

/** The console server as production runs it, and what it printed. */
export type ConsoleHandle = BuiltProcess;

/**
 * Starts `node dist/server/main.js` with the given environment (the production settings, as
 * `TIMKIT_CONSOLE_*` variables) on a free loopback port, and waits for the URL it prints.
 */
export function startConsole(env: Record<string, string>, timeoutMs = 20_000): Promise<ConsoleHandle> {
  return startBuilt({
    name: "console",
    main: consoleMain,
    env: { PATH: process.env.PATH ?? "", TIMKIT_CONSOLE_PORT: "0", ...env },
    urlPattern: /timkit console on (http:\/\/127\.0\.0\.1:\d+)/,
    timeoutMs,
  });
}
