import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { callbackRequest, now, sdkAppId, token } from "./callback-requests";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const read = (file: string) => readFile(join(dist, file), "utf8");

describe("the published package", () => {
  it("bundles the private @timkit/spec instead of importing it, in code and in declarations", async () => {
    for (const file of await readdir(dist)) expect(await read(file), file).not.toContain("@timkit/spec");
  });

  it("imports no node: module in its main entry, so it runs in Bun, Deno, workers and route handlers", async () => {
    for (const file of await readdir(dist)) {
      if (file.endsWith(".js") && file !== "node.js")
        expect(await read(file), file).not.toMatch(/from "node:/);
    }
  });

  it("verifies and answers a signed callback through the built entry", async () => {
    const { createTimWebhookHandler } = await import(join(dist, "index.js"));
    const handle = createTimWebhookHandler({ sdkAppId, token, now });
    const response: Response = await handle(callbackRequest("C2C.CallbackAfterMsgReadReceipt"));
    expect([response.status, (await response.json()).ErrorCode]).toEqual([200, 0]);
  });
});
