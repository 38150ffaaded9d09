import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCommandLine, usage } from "../src/cli-options.js";

let directory: string;
let fixture: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "timkit-sandbox-cli-"));
  fixture = join(directory, "fixture.json");
  await writeFile(
    fixture,
    JSON.stringify({ sdkAppId: 1400000001, secretKey: "s", admins: ["ops"], accounts: ["a", "b"] }),
  );
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe("the command line", () => {
  it("defaults to 127.0.0.1:4010 and the mock's defaults", () => {
    expect(readCommandLine([], {})).toEqual({
      help: false,
      options: {
        host: "127.0.0.1",
        port: 4010,
        sdkAppId: undefined,
        secretKey: undefined,
        admins: undefined,
        accounts: undefined,
      },
    });
  });

  it("reads every option from flags", () => {
    const { options } = readCommandLine(
      [
        "--host",
        "0.0.0.0",
        "--allow-remote",
        "--control-token",
        "a-token-of-the-operators-own-0123",
        "--allowed-hosts",
        "MyLaptop.local, 192.0.2.7, ::1",
        "--allowed-origins",
        "http://192.0.2.7:5173,https://app.test",
        "--port",
        "0",
        "--sdkappid",
        "1400000000",
        "--secret-key",
        "k",
        "--admins",
        "ops, root",
        "--accounts",
        "alice,bob",
        "--accept-any-usersig",
        "--no-rate-limits",
        "--quiet",
      ],
      {},
    ) as unknown as { options: Record<string, unknown> };
    expect(options).toEqual({
      host: "0.0.0.0",
      allowRemote: true,
      controlToken: "a-token-of-the-operators-own-0123",
      allowedHosts: ["mylaptop.local", "192.0.2.7", "[::1]"],
      allowedOrigins: ["http://192.0.2.7:5173", "https://app.test"],
      port: 0,
      sdkAppId: 1400000000,
      secretKey: "k",
      admins: ["ops", "root"],
      accounts: ["alice", "bob"],
      verifyUserSig: false,
      rateLimits: false,
      log: false,
    });
  });

  it("lets flags win over environment variables, and those over the fixture file", () => {
    const env = {
      TIMKIT_SANDBOX_PORT: "4020",
      TIMKIT_SANDBOX_ACCOUNTS: "carol",
      TIMKIT_SANDBOX_FIXTURE: fixture,
    };
    const { options } = readCommandLine(["--port", "4030"], env) as unknown as {
      options: Record<string, unknown>;
    };
    expect(options).toMatchObject({
      port: 4030,
      accounts: ["carol"],
      sdkAppId: 1400000001,
      secretKey: "s",
      admins: ["ops"],
    });
  });

  it("refuses a bad port, an unknown flag and a broken fixture, saying why", async () => {
    expect(() => readCommandLine(["--port", "http"], {})).toThrow(/--port must be an integer/);
    expect(() => readCommandLine(["--verbose"], {})).toThrow(/Unknown option/);
    const broken = join(directory, "broken.json");
    await writeFile(broken, JSON.stringify({ sdkappid: 1 }));
    expect(() => readCommandLine(["--fixture", broken], {})).toThrow(/unknown key "sdkappid"/);
    expect(() => readCommandLine(["--fixture", join(directory, "none.json")], {})).toThrow(
      /cannot read the fixture .*none\.json: ENOENT/,
    );
  });

  it("says a fixture is not valid JSON without quoting it, so a secret key next to the mistake never shows", async () => {
    const invalid = join(directory, "invalid.json");
    await writeFile(invalid, `{ "secretKey": 's3cr3t-key-in-single-quotes' }`);
    const error = (() => {
      try {
        readCommandLine(["--fixture", invalid], {});
      } catch (caught) {
        return caught as Error;
      }
      throw new Error("the broken fixture was accepted");
    })();
    expect(error.message).toMatch(/invalid\.json: it is not valid JSON$/);
    expect(error.message).not.toContain("s3cr3t");
  });

  it.each([
    [["--host", "0.0.0.0"], {}],
    [[], { TIMKIT_SANDBOX_HOST: "::" }],
    [["--host", "192.0.2.2"], {}],
  ])("refuses to listen beyond loopback without --allow-remote (%j %j)", (args, env) => {
    expect(() => readCommandLine(args, env)).toThrow(
      /is not a loopback address: .*Add --allow-remote to mean it/,
    );
  });

  it("listens on a loopback address without --allow-remote", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "::1", "localhost"]) {
      expect(readCommandLine(["--host", host], {})).toMatchObject({ options: { host } });
    }
  });

  it("reads the control token and the allowed hosts and origins from TIMKIT_SANDBOX_* variables", () => {
    const { options } = readCommandLine([], {
      TIMKIT_SANDBOX_CONTROL_TOKEN: "a-token-from-the-environment-0123",
      TIMKIT_SANDBOX_ALLOWED_HOSTS: "sandbox.test",
      TIMKIT_SANDBOX_ALLOWED_ORIGINS: "http://192.0.2.7:5173",
    }) as unknown as { options: Record<string, unknown> };
    expect(options).toMatchObject({
      controlToken: "a-token-from-the-environment-0123",
      allowedHosts: ["sandbox.test"],
      allowedOrigins: ["http://192.0.2.7:5173"],
    });
  });

  it.each([
    ["--allowed-origins", "null", /"null" is the origin of every sandboxed frame and file:\/\/ page/],
    ["--allowed-origins", "*", /takes origins, not "\*"/],
    ["--allowed-origins", "192.0.2.7:5173", /is not an http\(s\) origin/],
    ["--allowed-origins", "ftp://192.0.2.7", /is not an http\(s\) origin/],
    [
      "--allowed-origins",
      "http://App.test/",
      /write "http:\/\/App\.test\/" as the origin "http:\/\/app\.test"/,
    ],
    ["--allowed-origins", "http://app.test/page", /as the origin "http:\/\/app\.test"/],
    ["--allowed-hosts", "*", /takes host names, not "\*"/],
    [
      "--allowed-hosts",
      "http://sandbox.test",
      /is not a host name or address; give it without scheme, port or path/,
    ],
    ["--allowed-hosts", "sandbox.test:4010", /is not a host name or address/],
    ["--allowed-hosts", "sandbox.test/x", /is not a host name or address/],
  ])("explains a bad value: %s %s", (flag, value, message) => {
    expect(() => readCommandLine([flag, value], {})).toThrow(message);
  });

  it("refuses a weak or malformed control token without repeating it", () => {
    for (const token of ["hunter2", "a token with spaces in it", "ünïcödé-token-0123456789"]) {
      let message = "";
      try {
        readCommandLine(["--control-token", token], {});
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/--control-token must be 16 to 512 printable ASCII characters .*not shown/);
      expect(message).not.toContain(token);
    }
  });

  it("reads the callback flags, and the same from TIMKIT_SANDBOX_CALLBACK_* variables", () => {
    const fromFlags = readCommandLine(
      [
        "--callback-url",
        "http://localhost:3000/tim",
        "--callback-token",
        "xxxxyyyy",
        "--callback-before-send-timeout",
        "fail",
        "--callback-allow-hosts",
        "Backend.test",
      ],
      {},
    ) as unknown as { options: Record<string, unknown> };
    expect(fromFlags.options).toMatchObject({
      callbacks: { url: "http://localhost:3000/tim", token: "xxxxyyyy", beforeSendTimeout: "fail" },
      callbackAllowHosts: ["backend.test"],
    });
    const fromEnv = readCommandLine([], {
      TIMKIT_SANDBOX_CALLBACK_URL: "http://backend.test/tim",
      TIMKIT_SANDBOX_CALLBACK_TOKEN: "xxxxyyyy",
      TIMKIT_SANDBOX_CALLBACK_BEFORE_SEND_TIMEOUT: "deliver",
      TIMKIT_SANDBOX_CALLBACK_ALLOW_HOSTS: "backend.test",
    }) as unknown as { options: Record<string, unknown> };
    expect(fromEnv.options).toMatchObject({
      callbacks: { url: "http://backend.test/tim", token: "xxxxyyyy", beforeSendTimeout: "deliver" },
    });
  });

  it.each([
    [
      ["--callback-url", "http://192.0.2.7/tim"],
      /--callback-url: the sandbox sends callbacks only to this machine/,
    ],
    [["--callback-url", "backend:3000"], /--callback-url must be an absolute http\(s\) URL/],
    [
      ["--callback-url", "http://127.0.0.1/", "--callback-before-send-timeout", "wait"],
      /--callback-before-send-timeout must be "deliver" or "fail"/,
    ],
    [["--callback-token", "xxxxyyyy"], /--callback-token needs --callback-url/],
    [
      ["--callback-url", "http://127.0.0.1/", "--callback-allow-hosts", "*"],
      /--callback-allow-hosts takes host names/,
    ],
  ])("explains a bad callback flag: %j", (args, message) => {
    expect(() => readCommandLine(args, {})).toThrow(message);
  });

  it("refuses a malformed callback token without repeating it", () => {
    let message = "";
    try {
      readCommandLine(["--callback-url", "http://127.0.0.1/", "--callback-token", "my secret token"], {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/--callback-token must be 1 to 512 printable ASCII characters/);
    expect(message).not.toContain("secret");
  });

  it("lists the callback flags and their variables in --help", () => {
    for (const text of [
      "--callback-url",
      "--callback-token",
      "--callback-before-send-timeout",
      "--callback-allow-hosts",
      "TIMKIT_SANDBOX_CALLBACK_URL",
      "TIMKIT_SANDBOX_CALLBACK_TOKEN",
    ]) {
      expect(usage).toContain(text);
    }
  });
});
