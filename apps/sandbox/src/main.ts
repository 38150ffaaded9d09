#!/usr/bin/env node
// The sandbox's command: start, print where and how to call it, stop cleanly on SIGINT and SIGTERM.
import { readCommandLine, usage } from "./cli-options.js";
import { bannerText } from "./sandbox-facts.js";
import { startSandbox } from "./start-sandbox.js";

async function main(): Promise<void> {
  let commandLine: ReturnType<typeof readCommandLine>;
  try {
    commandLine = readCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`timkit sandbox: ${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (commandLine.help) {
    process.stdout.write(usage);
    return;
  }
  // Signal handlers first: a SIGTERM that arrives while the banner is being printed must still close.
  let stopping = false;
  let sandbox: Awaited<ReturnType<typeof startSandbox>> | undefined;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`timkit sandbox: ${signal}, closing\n`);
    await sandbox?.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));

  sandbox = await startSandbox(commandLine.options);
  process.stdout.write(bannerText(sandbox.facts, sandbox.madeControlToken));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message =
    code === "EADDRINUSE" ? `${(error as Error).message}: choose another --port` : String(error);
  process.stderr.write(`timkit sandbox: ${message}\n`);
  process.exit(1);
});
