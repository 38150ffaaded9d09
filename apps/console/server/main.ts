#!/usr/bin/env node
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startConsoleServer } from "./console-server.js";
import { readConsoleSettings, settingVariables } from "./console-settings.js";
import { developmentCallbackToken, developmentPassword } from "./development-password.js";

const usage = `Usage: node dist/server/main.js [--development]

The console server: the staff page and its API on http://127.0.0.1:4020, and Tencent's callbacks at
POST /callbacks/tim. Configured by environment variables:

${Object.entries(settingVariables)
  .map(([name, what]) => `  ${name}\n      ${what}`)
  .join("\n")}

  --development   any of the first seven not set takes the sandbox's value (http://127.0.0.1:4010),
                  and the staff password is made at start and printed; the sandbox's secret key and
                  callback token only while Tencent is a loopback base URL (never with a region)
`;

const { values } = parseArgs({ options: { development: { type: "boolean" }, help: { type: "boolean" } } });
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}

try {
  const password = values.development ? await developmentPassword(process.env) : undefined;
  const settings = readConsoleSettings(
    process.env,
    values.development && password
      ? {
          sandboxUrl: "http://127.0.0.1:4010",
          // The sandbox's well-known key, loaded only in development.
          secretKey: (await import("@timkit/mocks")).devSecretKey,
          callbackToken: developmentCallbackToken,
          staffPasswordHash: password.hash,
        }
      : undefined,
  );
  const server = await startConsoleServer(settings, {
    staticDir: fileURLToPath(new URL("../public", import.meta.url)),
  });
  process.stdout.write(`timkit console on ${server.url}\n`);
  if (password?.plain)
    process.stdout.write(`  staff password (development, new at each start): ${password.plain}\n`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  process.exit(1);
}
