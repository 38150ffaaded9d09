import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";

/** A built server started for a test, and what it printed. */
export interface BuiltProcess {
  url: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  close(): Promise<void>;
}

/**
 * Starts `node <main> <args>` from a package's build and waits for the URL it prints on stdout (the first
 * capture group of `urlPattern`), failing with what it printed when it exits or stays silent too long.
 */
export async function startBuilt(options: {
  name: string;
  main: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  urlPattern: RegExp;
  timeoutMs?: number;
}): Promise<BuiltProcess> {
  const { name, main, urlPattern, timeoutMs = 20_000 } = options;
  if (!existsSync(main)) {
    throw new Error(`The ${name} is not built (${main}): run \`pnpm --filter @timkit/${name} build\``);
  }
  const child = spawn(process.execPath, [main, ...(options.args ?? [])], {
    ...(options.env ? { env: options.env } : {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`the ${name} printed no URL within ${timeoutMs} ms`)),
      timeoutMs,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${error.message}\n${output}`));
    }
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = urlPattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`the ${name} exited with code ${code}`)));
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
