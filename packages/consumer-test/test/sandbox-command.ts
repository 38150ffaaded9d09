import { type ChildProcess, spawn } from "node:child_process";
import { userEnvironment } from "./consumer-project.js";

/** The sandbox started as a user starts it (`npx @timkit/sandbox …`), once its banner is out. */
export interface RunningSandbox {
  readonly baseUrl: string;
  readonly banner: string;
  /**
   * Stops npx and the sandbox under it with SIGTERM to the whole process group, as Ctrl-C in a terminal
   * stops both, and resolves once its output is closed with what it printed and the command's exit code
   * (null for npx, which dies of the signal itself).
   */
  stop(): Promise<{ output: string; code: number | null }>;
}

/**
 * Runs `command` (default `npx @timkit/sandbox`) with `args` in the consumer project and resolves once the
 * banner, which ends with the documented curl, is printed. Rejects, with what the command printed, if it
 * exits or stays silent for `timeoutMs`.
 *
 * @example
 * const sandbox = await startSandboxCommand(project, ["--port", "0"]);
 * try { await fetch(`${sandbox.baseUrl}/docs`); } finally { await sandbox.stop(); }
 */
export function startSandboxCommand(
  directory: string,
  args: string[],
  command: readonly [string, ...string[]] = ["npx", "@timkit/sandbox"],
  timeoutMs = 60_000,
): Promise<RunningSandbox> {
  const [program, ...programArgs] = command;
  const shown = command.join(" ");
  // Its own process group, so stopping it also stops the node process npx starts.
  const child = spawn(program, [...programArgs, ...args], {
    cwd: directory,
    env: userEnvironment(),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // "close" waits for the sandbox too: it writes to the same pipes as npx, and may outlive it briefly.
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let output = "";
  let errors = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    output += text;
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    errors += text;
  });
  const stop = async () => {
    await stopGroup(child, closed);
    return { output, code: await exited };
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${shown} printed no banner in ${timeoutMs} ms:\n${output}\n${errors}`));
    }, timeoutMs);
    child.stdout?.on("data", () => {
      const baseUrl = output.match(/Base URL +(http:\/\/\S+)/)?.[1];
      if (baseUrl === undefined || !/^curl .*$/m.test(output)) return;
      clearTimeout(timer);
      resolve({ baseUrl, banner: output, stop });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${shown} exited with ${code} before its banner:\n${output}\n${errors}`));
    });
  });
}

async function stopGroup(child: ChildProcess, closed: Promise<void>): Promise<void> {
  if (child.pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // The group is gone already.
    }
  };
  signal("SIGTERM");
  const killer = setTimeout(() => signal("SIGKILL"), 5_000);
  await closed;
  clearTimeout(killer);
}
