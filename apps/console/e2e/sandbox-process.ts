import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

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
  if (!existsSync(sandboxMain)) {
    throw new Error(`The sandbox is not built (${sandboxMain}): run \`pnpm --filter @timkit/sandbox build\``);
  }
  const child = spawn(process.execPath, [sandboxMain, "--host", "127.0.0.1", "--port", "0", "--quiet"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the sandbox printed no URL within ${timeoutMs} ms`)),
      timeoutMs,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}\n${output}`));
    }
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`the sandbox exited with code ${code}`)));
  });
  return { url, close: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
