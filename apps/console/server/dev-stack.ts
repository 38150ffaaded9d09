#!/usr/bin/env node
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { devSecretKey } from "@timkit/mocks";
import { startConsoleServer } from "./console-server.js";
import { readConsoleSettings } from "./console-settings.js";
import { developmentCallbackToken, developmentPassword } from "./development-password.js";

// `pnpm start` at the repository root: the sandbox on 127.0.0.1:4010 sending its callbacks to the console
// on 127.0.0.1:4020, both on loopback, with the development settings (the sandbox's key and accounts).
const sandboxPort = 4010;
const consolePort = Number(process.env.TIMKIT_CONSOLE_PORT ?? 4020);
// The package's entry is dist/index.js; its command sits next to it.
const sandboxMain = join(dirname(createRequire(import.meta.url).resolve("@timkit/sandbox")), "main.js");

const sandbox = spawn(
  process.execPath,
  [
    sandboxMain,
    "--host",
    "127.0.0.1",
    "--port",
    String(sandboxPort),
    "--callback-url",
    `http://127.0.0.1:${consolePort}/callbacks/tim`,
    "--callback-token",
    developmentCallbackToken,
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const sandboxUrl = await new Promise<string>((resolve, reject) => {
  let output = "";
  sandbox.stdout?.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output += chunk.toString();
    const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
    if (match) resolve(match[0]);
  });
  sandbox.once("exit", (code) =>
    reject(new Error(`the sandbox exited with code ${code} before it listened`)),
  );
}).catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});

try {
  const password = await developmentPassword(process.env);
  const settings = readConsoleSettings(
    { ...process.env, TIMKIT_CONSOLE_PORT: String(consolePort), TIMKIT_CONSOLE_BASE_URL: sandboxUrl },
    {
      sandboxUrl,
      secretKey: devSecretKey,
      callbackToken: developmentCallbackToken,
      staffPasswordHash: password.hash,
    },
  );
  const server = await startConsoleServer(settings, {
    staticDir: fileURLToPath(new URL("../public", import.meta.url)),
  });
  process.stdout.write(
    [
      "",
      `timkit console on ${server.url}  (the sandbox's callbacks go to ${server.url}/callbacks/tim)`,
      password.plain
        ? `  staff password (development, new at each start): ${password.plain}`
        : "  staff password: the one TIMKIT_CONSOLE_STAFF_PASSWORD_HASH was made from",
      `  sandbox: ${sandboxUrl}`,
      "",
    ].join("\n"),
  );
  const stop = () => {
    void server.close().then(() => stopChild(sandbox).then(() => process.exit(0)));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  sandbox.once("exit", () => void server.close().then(() => process.exit(1)));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  await stopChild(sandbox);
  process.exit(1);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
