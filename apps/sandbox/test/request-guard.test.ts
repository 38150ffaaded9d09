import type { IncomingMessage } from "node:http";
import { describe, expect, it, vi } from "vitest";
import { requestGuard } from "../src/request-guard.js";

// This machine, as the guard sees it: loopback plus one LAN address of each family.
vi.mock("node:os", async (importOriginal) => ({
  ...(await importOriginal<typeof import("node:os")>()),
  networkInterfaces: () => ({
    lo: [{ address: "127.0.0.1", family: "IPv4", internal: true }],
    eth0: [
      { address: "192.0.2.2", family: "IPv4", internal: false },
      { address: "fd00::2", family: "IPv6", internal: false },
    ],
  }),
}));

const request = (headers: Record<string, string>, method = "POST", url = "/__sandbox/reset") =>
  ({ headers, method, url }) as unknown as IncomingMessage;

const guardFor = (boundAddress: string, controlToken?: string) =>
  requestGuard({ boundAddress, allowedHosts: [], allowedOrigins: [], controlToken });

describe("a sandbox listening on every interface (--allow-remote)", () => {
  const guard = guardFor("0.0.0.0");

  it("answers to this machine's own addresses, and to no other name", () => {
    for (const host of ["192.0.2.2:4010", "[fd00::2]:4010", "127.0.0.1:4010", "localhost"]) {
      expect(guard.refusal(request({ host })), host).toBeUndefined();
    }
    for (const host of ["192.0.2.99:4010", "evil.example:4010", "mylaptop.local:4010"]) {
      expect(guard.refusal(request({ host }))?.status, host).toBe(421);
    }
  });

  it("counts as its own origin the address a page reached it by, port included", () => {
    const host = "192.0.2.2:4010";
    expect(guard.refusal(request({ host, origin: "http://192.0.2.2:4010" }))).toBeUndefined();
    expect(guard.refusal(request({ host, origin: "http://192.0.2.2:5173" }))?.status).toBe(403);
    expect(guard.refusal(request({ host, origin: "https://192.0.2.2:4010" }))?.status).toBe(403);
    expect(guard.corsOrigin(request({ host, origin: "http://192.0.2.2:5173" }))).toBeUndefined();
  });
});

describe("a sandbox listening on one LAN address", () => {
  it("answers to that address and loopback, not to the machine's other addresses", () => {
    const guard = guardFor("192.0.2.2");
    expect(guard.refusal(request({ host: "192.0.2.2:4010" }))).toBeUndefined();
    expect(guard.refusal(request({ host: "[::1]:4010" }))).toBeUndefined();
    expect(guard.refusal(request({ host: "[fd00::2]:4010" }))?.status).toBe(421);
  });
});

describe("a sandbox on loopback", () => {
  it("does not answer to the machine's LAN addresses", () => {
    expect(guardFor("127.0.0.1").refusal(request({ host: "192.0.2.2:4010" }))?.status).toBe(421);
  });

  it("lets a request without Host or Origin through, as HTTP/1.0 clients and curl send them", () => {
    expect(guardFor("127.0.0.1").refusal(request({}))).toBeUndefined();
  });
});

describe("the control token", () => {
  it("is needed, as a Bearer token, when the sandbox has one, and never otherwise", () => {
    const token = "a-control-token-0123456789";
    const guard = guardFor("0.0.0.0", token);
    const json = { "content-type": "application/json" };
    expect(guard.controlRefusal(request(json))?.status).toBe(401);
    expect(guard.controlRefusal(request({ ...json, authorization: `Bearer ${token}x` }))?.status).toBe(401);
    expect(guard.controlRefusal(request({ ...json, authorization: `bearer ${token}` }))).toBeUndefined();
    expect(guardFor("127.0.0.1").controlRefusal(request(json))).toBeUndefined();
    expect(guard.controlRefusal(request({ ...json, authorization: "Bearer" }))?.message).not.toContain(token);
  });
});
