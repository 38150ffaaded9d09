// @vitest-environment node
import { describe, expect, it } from "vitest";
import { readConsoleSettings } from "./console-settings.js";
import { hashStaffPassword } from "./staff-password.js";

const hash = await hashStaffPassword("a staff password", { N: 2 ** 14, r: 8, p: 1 });
const production = {
  TIMKIT_CONSOLE_SDKAPPID: "1400000000",
  TIMKIT_CONSOLE_IDENTIFIER: "administrator",
  TIMKIT_CONSOLE_REGION: "singapore",
  TIMKIT_CONSOLE_SECRET_KEY: "a-production-secret-key-0123456789",
  TIMKIT_CONSOLE_CALLBACK_TOKEN: "callback-token-42",
  TIMKIT_CONSOLE_STAFF_PASSWORD_HASH: hash,
  TIMKIT_CONSOLE_SESSION_SECRET: "s".repeat(40),
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    readConsoleSettings(env);
  } catch (error) {
    return (error as Error).message
      .split("\n")
      .slice(1)
      .map((line) => line.trim());
  }
  return [];
}

describe("the console's settings", () => {
  it("reads every production variable, listening on loopback port 4020 by default", () => {
    const settings = readConsoleSettings(production);
    expect(settings).toMatchObject({
      sdkAppId: 1400000000,
      identifier: "administrator",
      tim: { region: "singapore" },
      host: "127.0.0.1",
      port: 4020,
      publicOrigin: undefined,
    });
  });

  it("names each missing variable on its own line", () => {
    expect(problems({})).toEqual([
      "- TIMKIT_CONSOLE_SDKAPPID is missing: the application's SDKAppID, a positive integer",
      "- TIMKIT_CONSOLE_IDENTIFIER is missing: the App administrator's UserID, 1 to 32 characters",
      expect.stringMatching(/^- TIMKIT_CONSOLE_REGION is missing: the data center: china, singapore, /),
      "- TIMKIT_CONSOLE_SECRET_KEY is missing: the application's secret key from the Chat console, 16 characters or more",
      "- TIMKIT_CONSOLE_CALLBACK_TOKEN is missing: the callback token set in the Chat console, 1 to 128 printable characters",
      "- TIMKIT_CONSOLE_STAFF_PASSWORD_HASH is missing: the staff password's scrypt hash (pnpm --filter @timkit/console hash-password)",
      "- TIMKIT_CONSOLE_SESSION_SECRET is missing: a random string of 32 characters or more that signs session cookies",
    ]);
  });

  it("names each malformed variable with what is wrong, never quoting a secret", () => {
    const lines = problems({
      ...production,
      TIMKIT_CONSOLE_SDKAPPID: "14e8",
      TIMKIT_CONSOLE_REGION: "mars",
      TIMKIT_CONSOLE_SECRET_KEY: "short-secret",
      TIMKIT_CONSOLE_CALLBACK_TOKEN: "has spaces in it",
      TIMKIT_CONSOLE_STAFF_PASSWORD_HASH: "plain-password-by-mistake",
      TIMKIT_CONSOLE_SESSION_SECRET: "too-short",
      TIMKIT_CONSOLE_PORT: "99999",
      TIMKIT_CONSOLE_PUBLIC_ORIGIN: "https://support.example.com/console",
    });
    expect(lines.map((line) => /TIMKIT_CONSOLE_\w+ is malformed: [^(]+/.exec(line)?.[0])).toEqual([
      "TIMKIT_CONSOLE_SDKAPPID is malformed: not a positive integer ",
      "TIMKIT_CONSOLE_REGION is malformed: not a known region ",
      "TIMKIT_CONSOLE_SECRET_KEY is malformed: shorter than 16 characters ",
      "TIMKIT_CONSOLE_CALLBACK_TOKEN is malformed: not 1 to 128 printable ASCII characters without spaces ",
      "TIMKIT_CONSOLE_STAFF_PASSWORD_HASH is malformed: must be scrypt$<N>$<r>$<p>$<salt>$<key> as `pnpm --filter @timkit/console hash-password` prints it ",
      "TIMKIT_CONSOLE_SESSION_SECRET is malformed: shorter than 32 characters ",
      "TIMKIT_CONSOLE_PORT is malformed: not a port from 0 to 65535 ",
      "TIMKIT_CONSOLE_PUBLIC_ORIGIN is malformed: not an origin like https://support.example.com ",
    ]);
    const text = lines.join("\n");
    for (const secret of ["short-secret", "has spaces in it", "plain-password-by-mistake", "too-short"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("refuses an address other machines reach unless TIMKIT_CONSOLE_ALLOW_REMOTE=1", () => {
    expect(problems({ ...production, TIMKIT_CONSOLE_HOST: "0.0.0.0" })).toEqual([
      expect.stringContaining("TIMKIT_CONSOLE_HOST is malformed: not a loopback address"),
    ]);
    expect(
      readConsoleSettings({ ...production, TIMKIT_CONSOLE_HOST: "0.0.0.0", TIMKIT_CONSOLE_ALLOW_REMOTE: "1" })
        .host,
    ).toBe("0.0.0.0");
  });

  it("takes a base URL instead of a region, but not both", () => {
    const { TIMKIT_CONSOLE_REGION: _, ...withoutRegion } = production;
    expect(
      readConsoleSettings({ ...withoutRegion, TIMKIT_CONSOLE_BASE_URL: "https://tim-proxy.example.com" }).tim,
    ).toEqual({
      baseUrl: "https://tim-proxy.example.com",
    });
    expect(problems({ ...production, TIMKIT_CONSOLE_BASE_URL: "https://tim-proxy.example.com" })).toEqual([
      expect.stringContaining(
        "TIMKIT_CONSOLE_BASE_URL is malformed: set together with TIMKIT_CONSOLE_REGION",
      ),
    ]);
  });

  it("reads the trusted proxies' addresses, and refuses an entry that is not an IP address naming the variable", () => {
    expect(readConsoleSettings(production).trustedProxies).toEqual([]);
    expect(
      readConsoleSettings({ ...production, TIMKIT_CONSOLE_TRUSTED_PROXY: "10.0.0.5, ::1" }).trustedProxies,
    ).toEqual(["10.0.0.5", "::1"]);
    expect(problems({ ...production, TIMKIT_CONSOLE_TRUSTED_PROXY: "10.0.0.5,proxy.internal" })).toEqual([
      expect.stringContaining("TIMKIT_CONSOLE_TRUSTED_PROXY is malformed: an entry is not an IP address"),
    ]);
  });

  it("in development fills what is not set with the sandbox's values and a fresh session secret", () => {
    const development = {
      sandboxUrl: "http://127.0.0.1:4010",
      secretKey: "the-sandbox-dev-key",
      callbackToken: "dev-token",
      staffPasswordHash: hash,
    };
    const first = readConsoleSettings({}, development);
    expect(first).toMatchObject({
      sdkAppId: 88888888,
      identifier: "admin",
      tim: { baseUrl: "http://127.0.0.1:4010" },
    });
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readConsoleSettings({}, development).sessionSecret).not.toBe(first.sessionSecret);
  });

  it("in development fills in no secret key or callback token when Tencent is a real region or another host", () => {
    const development = {
      sandboxUrl: "http://127.0.0.1:4010",
      secretKey: "the-sandbox-dev-key",
      callbackToken: "dev-token",
      staffPasswordHash: hash,
    };
    const refused = (env: Record<string, string>) => {
      try {
        readConsoleSettings(env, development);
      } catch (error) {
        return (error as Error).message;
      }
      return "started";
    };
    for (const [env, variable] of [
      [{ TIMKIT_CONSOLE_REGION: "singapore" }, "TIMKIT_CONSOLE_REGION names a Tencent region"],
      [
        { TIMKIT_CONSOLE_BASE_URL: "https://tim-proxy.example.com" },
        "TIMKIT_CONSOLE_BASE_URL is not on a loopback address",
      ],
    ] as const) {
      const message = refused(env);
      for (const name of ["TIMKIT_CONSOLE_SECRET_KEY", "TIMKIT_CONSOLE_CALLBACK_TOKEN"]) {
        expect(message).toContain(
          `${name} is missing: --development fills it in only for the sandbox on a loopback address, and ${variable}`,
        );
      }
      expect(
        refused({
          ...env,
          TIMKIT_CONSOLE_SECRET_KEY: "a-production-secret-key-0123456789",
          TIMKIT_CONSOLE_CALLBACK_TOKEN: "callback-token-42",
        }),
      ).toBe("started");
    }
    // A sandbox on another loopback address or [::1] still gets them.
    expect(refused({ TIMKIT_CONSOLE_BASE_URL: "http://[::1]:4010" })).toBe("started");
  });
});
