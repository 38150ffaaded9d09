// @vitest-environment node
import { describe, expect, it } from "vitest";
import { clientAddressOf } from "./client-address.js";
import { startConsoleServer } from "./console-server.js";
import { readConsoleSettings } from "./console-settings.js";
import { hashStaffPassword } from "./staff-password.js";

describe("the address a sign-in is throttled by", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("192.0.2.1", "198.51.100.7", [])).toBe("192.0.2.1");
    expect(clientAddressOf("192.0.2.1", "198.51.100.7", ["10.0.0.5"])).toBe("192.0.2.1");
    expect(clientAddressOf(undefined, undefined, [])).toBe("unknown");
  });

  it("is the last X-Forwarded-For hop, the one the trusted proxy added, when the peer is that proxy", () => {
    expect(clientAddressOf("10.0.0.5", "203.0.113.9, 198.51.100.7", ["10.0.0.5"])).toBe("198.51.100.7");
    // Made-up earlier hops do not change the key: staff behind one proxy are told apart, forgers are not helped.
    expect(clientAddressOf("10.0.0.5", "1.1.1.1, 198.51.100.7", ["10.0.0.5"])).toBe("198.51.100.7");
    expect(clientAddressOf("::ffff:127.0.0.1", "198.51.100.7:5555", ["127.0.0.1"])).toBe("198.51.100.7");
    expect(clientAddressOf("10.0.0.5", "[2001:db8::1]:443", ["10.0.0.5"])).toBe("2001:db8:0:0::/64");
  });

  it("is the proxy's own address when the trusted proxy sent no usable X-Forwarded-For", () => {
    expect(clientAddressOf("10.0.0.5", undefined, ["10.0.0.5"])).toBe("10.0.0.5");
    expect(clientAddressOf("10.0.0.5", "not-an-address", ["10.0.0.5"])).toBe("10.0.0.5");
  });

  it("keys an IPv6 address by its /64, so one machine's many addresses share one count", () => {
    const a = clientAddressOf("2001:db8:1:2:aaaa::1", undefined, []);
    const b = clientAddressOf("2001:0db8:0001:0002:ffff:1:2:3", undefined, []);
    expect(a).toBe("2001:db8:1:2::/64");
    expect(b).toBe(a);
    expect(clientAddressOf("2001:db8:1:3::1", undefined, [])).not.toBe(a);
    expect(clientAddressOf("::1", undefined, [])).toBe("0:0:0:0::/64");
    expect(clientAddressOf("fe80::1%eth0", undefined, [])).toBe("fe80:0:0:0::/64");
  });
});

describe("the console server behind a trusted proxy", () => {
  it("throttles each client the proxy names on its own, and all of them together without the setting", async () => {
    const password = "a staff password";
    const env = {
      TIMKIT_CONSOLE_SDKAPPID: "1400000000",
      TIMKIT_CONSOLE_IDENTIFIER: "administrator",
      TIMKIT_CONSOLE_BASE_URL: "http://127.0.0.1:9",
      TIMKIT_CONSOLE_SECRET_KEY: "a-production-secret-key-0123456789",
      TIMKIT_CONSOLE_CALLBACK_TOKEN: "callback-token-42",
      TIMKIT_CONSOLE_STAFF_PASSWORD_HASH: await hashStaffPassword(password, { N: 2 ** 14, r: 8, p: 1 }),
      TIMKIT_CONSOLE_SESSION_SECRET: "s".repeat(40),
      TIMKIT_CONSOLE_PORT: "0",
    };
    const signInsAfterAWrongOne = async (trusted: Record<string, string>) => {
      const server = await startConsoleServer(readConsoleSettings({ ...env, ...trusted }), { log: () => {} });
      const signIn = (forwardedFor: string, guess: string) =>
        fetch(`${server.url}/api/session`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
          body: JSON.stringify({ password: guess }),
        }).then((response) => response.status);
      try {
        const wrong = await signIn("203.0.113.1", "guess");
        return [wrong, await signIn("203.0.113.2", password), await signIn("203.0.113.1", password)];
      } finally {
        await server.close();
      }
    };
    expect(await signInsAfterAWrongOne({ TIMKIT_CONSOLE_TRUSTED_PROXY: "127.0.0.1" })).toEqual([
      401, 200, 429,
    ]);
    expect(await signInsAfterAWrongOne({})).toEqual([401, 429, 429]);
  });
});
