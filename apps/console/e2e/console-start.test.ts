// @vitest-environment node
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { consoleMain } from "./console-process";

describe("starting the built console server", () => {
  it("refuses to start without its settings, naming each missing variable", () => {
    const result = spawnSync(process.execPath, [consoleMain], {
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("The console cannot start:");
    for (const name of [
      "SDKAPPID",
      "IDENTIFIER",
      "REGION",
      "SECRET_KEY",
      "CALLBACK_TOKEN",
      "STAFF_PASSWORD_HASH",
      "SESSION_SECRET",
    ]) {
      expect(result.stderr).toContain(`TIMKIT_CONSOLE_${name} is missing`);
    }
    expect(result.stdout).toBe("");
  });
});
