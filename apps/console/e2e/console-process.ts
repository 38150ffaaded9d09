import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built console server's entry point (turbo builds it before this package's tests). */
export const consoleMain = fileURLToPath(new URL("../dist/server/main.js", import.meta.url));

/** The console server as production runs it, and what it printed. */
export interface ConsoleHandle {
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts `node dist/server/main.js` with the given environment (the production settings, as
 * `TIMKIT_CONSOLE_*` variables) on a free loopback port, and waits for the URL it prints.
 */
export async function startConsole(env: Record<string, string>, timeoutMs = 20_000): Promise<ConsoleHandle> {
  if (!existsSync(consoleMain)) {
    throw new Error(`The console is not built (${consoleMain}): run \`pnpm --filter @timkit/console build\``);
  }
  const child = spawn(process.execPath, [consoleMain], {
    env: { PATH: process.env.PATH ?? "", TIMKIT_CONSOLE_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the console printed no URL within ${timeoutMs} ms`)),
      timeoutMs,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}\n${output}`));
    }
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /timkit console on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`the console exited with code ${code}`)));
  });
  return { url, output: () => output, close: () => stop(child) };
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
