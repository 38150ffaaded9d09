import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

describe("the published package", () => {
  it("bundles the private @timkit/spec instead of importing it, in code and in declarations", async () => {
    for (const file of await readdir(dist)) {
      expect(await readFile(join(dist, file), "utf8"), file).not.toContain("@timkit/spec");
    }
  });

  it("imports no node: module, so the main entry runs in browsers and edge runtimes", async () => {
    for (const file of await readdir(dist)) {
      if (file.endsWith(".js"))
        expect(await readFile(join(dist, file), "utf8"), file).not.toMatch(/from "node:/);
    }
  });

  it("answers the documented example through the built node entry", async () => {
    const { setupTimServer, timMockDefaults } = await import(join(dist, "node.js"));
    const { genUserSig } = await import("@timkit/usersig");
    const { server, mock } = setupTimServer();
    server.listen({ onUnhandledRequest: "error" });
    try {
      const usersig = await genUserSig({
        sdkAppId: 88888888,
        identifier: "admin",
        secretKey: timMockDefaults.secretKey,
      });
      const query = new URLSearchParams({
        sdkappid: "88888888",
        identifier: "admin",
        usersig,
        random: "1",
        contenttype: "json",
      });
      const body = {
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1467329515_5675354_1708676941" }],
      };
      const response = await fetch(`https://console.tim.qq.com/v4/openim/c2c_msg_read_receipt?${query}`, {
        method: "POST",
        body: JSON.stringify(body),
      });
      expect(await response.json()).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
      expect(mock.store.receipts.list()).toHaveLength(1);
    } finally {
      server.close();
    }
  });
});
