import { describe, expect, it } from "vitest";
import {
  buildTimeConfig,
  ConsoleConfigError,
  loadConsoleConfig,
  resolveConsoleConfig,
} from "./console-config";

const fileUrl = new URL("http://127.0.0.1:8080/console/console-config.json");
const answer =
  (body: string, status = 200) =>
  async () =>
    new Response(body, { status, headers: { "content-type": "application/json" } });

describe("resolveConsoleConfig", () => {
  it("defaults to the sandbox and its dev-only UserSig endpoint", () => {
    expect(resolveConsoleConfig()).toEqual({
      baseUrl: "http://127.0.0.1:4010",
      sdkAppId: 88888888,
      identifier: "admin",
      userSigUrl: "http://127.0.0.1:4010/__sandbox/usersig?identifier=admin",
    });
  });

  it("takes the Vite env variables, and the UserSig endpoint follows the base URL", () => {
    const config = resolveConsoleConfig(
      buildTimeConfig({
        VITE_TIM_BASE_URL: "https://tim-proxy.example.com/",
        VITE_TIM_SDKAPPID: "1400000000",
        VITE_TIM_IDENTIFIER: "administrator",
      } as ImportMetaEnv),
    );
    expect(config).toEqual({
      baseUrl: "https://tim-proxy.example.com",
      sdkAppId: 1400000000,
      identifier: "administrator",
      userSigUrl: "https://tim-proxy.example.com/__sandbox/usersig?identifier=administrator",
    });
  });

  it("lets later layers win and skips empty values", () => {
    const config = resolveConsoleConfig(
      { baseUrl: "http://127.0.0.1:4010", userSigUrl: "https://staff.example.com/tim/usersig" },
      { baseUrl: "http://127.0.0.1:5555", identifier: "" },
    );
    expect(config.baseUrl).toBe("http://127.0.0.1:5555");
    expect(config.identifier).toBe("admin");
    expect(config.userSigUrl).toBe("https://staff.example.com/tim/usersig");
  });

  it("names the setting that is wrong", () => {
    expect(() => resolveConsoleConfig({ baseUrl: "127.0.0.1:4010" })).toThrow(
      /baseUrl must be an http\(s\) URL/,
    );
    expect(() => resolveConsoleConfig({ sdkAppId: "88888888x" })).toThrow(
      /sdkAppId must be a positive integer/,
    );
    expect(() => resolveConsoleConfig({ identifier: "  " })).toThrow(ConsoleConfigError);
  });
});

describe("loadConsoleConfig", () => {
  it("applies console-config.json over the build-time settings", async () => {
    const config = await loadConsoleConfig(fileUrl, {
      fetch: answer(JSON.stringify({ baseUrl: "http://127.0.0.1:40123" })),
      env: {} as ImportMetaEnv,
    });
    expect(config.baseUrl).toBe("http://127.0.0.1:40123");
    expect(config.userSigUrl).toBe("http://127.0.0.1:40123/__sandbox/usersig?identifier=admin");
  });

  it("uses the build-time settings when there is no file", async () => {
    const config = await loadConsoleConfig(fileUrl, { fetch: answer("", 404), env: {} as ImportMetaEnv });
    expect(config.baseUrl).toBe("http://127.0.0.1:4010");
  });

  it("rejects a misspelt setting instead of silently talking to the default server", async () => {
    await expect(
      loadConsoleConfig(fileUrl, { fetch: answer('{"baseURL":"http://x"}'), env: {} as ImportMetaEnv }),
    ).rejects.toThrow('/console/console-config.json has unknown setting "baseURL"');
  });

  it("rejects a file that is not a JSON object", async () => {
    await expect(loadConsoleConfig(fileUrl, { fetch: answer("[1]") })).rejects.toThrow(
      /must hold a JSON object/,
    );
    await expect(loadConsoleConfig(fileUrl, { fetch: answer("{") })).rejects.toThrow(/is not valid JSON/);
    await expect(loadConsoleConfig(fileUrl, { fetch: answer("", 500) })).rejects.toThrow(/HTTP 500/);
  });
});
