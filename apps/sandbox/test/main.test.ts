import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const run = promisify(execFile);

/** Starts the built sandbox on a free port and resolves once its banner (ending with the curl) is out. */
function startMain(args: string[] = []): Promise<{ child: ChildProcess; banner: string }> {
  if (!existsSync(main)) throw new Error(`${main} is missing: build the sandbox first`);
  const child = spawn(process.execPath, [main, "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let banner = "";
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => {
      banner += text;
      if (/^curl .*$/m.test(banner)) resolve({ child, banner });
    });
    child.once("exit", (code) =>
      reject(new Error(`the sandbox exited with ${code} before printing its banner`)),
    );
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  let output = "";
  child.stdout?.on("data", (text: string) => {
    output += text;
  });
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

describe("the sandbox command", () => {
  it("prints the base URL, the credentials and a curl that succeeds", async () => {
    const { child, banner } = await startMain();
    try {
      expect(banner).toMatch(/Base URL +http:\/\/127\.0\.0\.1:\d+/);
      expect(banner).toMatch(/SDKAppID +88888888/);
      expect(banner).toMatch(/Admins +admin/);
      expect(banner).toMatch(/Secret key +\S+ \(the well-known development key/);
      const curl = banner.match(/^curl .*$/m)?.[0] as string;
      const { stdout } = await run("sh", ["-c", curl]);
      expect(JSON.parse(stdout)).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    } finally {
      child.kill("SIGTERM");
    }
  });

  it.each(["SIGTERM", "SIGINT"] as const)("shuts down cleanly with exit code 0 on %s", async (signal) => {
    const { child } = await startMain(["--quiet"]);
    const exited = exitOf(child);
    child.kill(signal);
    const { code, output } = await exited;
    expect(code).toBe(0);
    expect(output).toContain(`${signal}, closing`);
  });

  it("explains a bad flag and exits with 2", async () => {
    const failed = await run(process.execPath, [main, "--port", "nope"]).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/--port must be an integer/);
    expect(failed.stderr).toMatch(/Usage:/);
  });

  it("refuses a callback URL on another machine, naming the flag, and exits with 2", async () => {
    const failed = await run(
      process.execPath,
      [main, "--port", "0", "--callback-url", "http://192.0.2.7/tim"],
      {
        env: { ...process.env, TIMKIT_SANDBOX_CALLBACK_TOKEN: "s3cret-callback-token" },
      },
    ).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/--callback-url: the sandbox sends callbacks only to this machine/);
    expect(failed.stderr).not.toContain("s3cret-callback-token");
    expect(failed.stdout).toBe("");
  });

  it("refuses to listen on every interface without --allow-remote, and exits with 2", async () => {
    const failed = await run(process.execPath, [main, "--host", "0.0.0.0", "--port", "0"]).catch(
      (error) => error,
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/--host 0\.0\.0\.0 is not a loopback address/);
    expect(failed.stdout).toBe("");
  });
});
