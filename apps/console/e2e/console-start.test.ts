// @vitest-environment node
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseStaffPasswordHash, verifyStaffPassword } from "../server/staff-password";
import { consoleMain } from "./console-process";

const hashPasswordMain = fileURLToPath(new URL("../dist/server/hash-password.js", import.meta.url));

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

  it("hash-password prints a hash of the password read from stdin that the server accepts", async () => {
    const result = spawnSync(process.execPath, [hashPasswordMain], {
      input: "a long enough staff password\n",
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(0);
    const hash = parseStaffPasswordHash(result.stdout.trim());
    expect(await verifyStaffPassword(hash, "a long enough staff password")).toBe(true);
    expect(result.stdout).not.toContain("a long enough staff password");
  });

  it("hash-password refuses a password under 12 characters", () => {
    const result = spawnSync(process.execPath, [hashPasswordMain], {
      input: "short\n",
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("The staff password must be at least 12 characters.\n");
    expect(result.stdout).toBe("");
  });
});
