import { fileURLToPath } from "node:url";
import { startBuilt } from "./built-process.js";

/** The built sandbox's command-line entry point (turbo builds it before this package's tests). */
export const sandboxMain = fileURLToPath(new URL("../../sandbox/dist/main.js", import.meta.url));

/** A sandbox to test against, and a way to stop it when this test started it. */
export interface SandboxHandle {
  url: string;
  close(): Promise<void>;
}

/**
 * The sandbox at `TIMKIT_SANDBOX_URL` when set (one already running, e.g. `pnpm start`), otherwise a fresh
 * one started from its build on a free loopback port. It prints its URL once it listens.
 */
export async function startSandbox(timeoutMs = 20_000): Promise<SandboxHandle> {
  const running = process.env.TIMKIT_SANDBOX_URL;
  if (running) return { url: running.replace(/\/+$/, ""), close: async () => {} };
  return startBuilt({
    name: "sandbox",
    main: sandboxMain,
    args: ["--host", "127.0.0.1", "--port", "0", "--quiet"],
    urlPattern: /(http:\/\/127\.0\.0\.1:\d+)/,
    timeoutMs,
  });
}
