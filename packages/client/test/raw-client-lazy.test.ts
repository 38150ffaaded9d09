// openapi-fetch is only for tim.raw: a client that never touches tim.raw never imports it.
import { describe, expect, it, vi } from "vitest";
import { ok, receiptBody, testClient, useTencentServer } from "./tencent-server.js";

const imports = vi.hoisted(() => ({ openapiFetch: 0 }));

vi.mock("openapi-fetch", async (importOriginal) => {
  imports.openapiFetch += 1;
  return importOriginal();
});

useTencentServer();

describe("openapi-fetch", () => {
  it("is imported on the first tim.raw call, not by the client or its methods", async () => {
    const tim = testClient();
    tim.raw.use({ onRequest: () => undefined });
    await tim.c2cMsgReadReceipt(receiptBody());
    await tim.sendReadReceipts({ reader: "bob", sender: "alice", msgKeys: ["k1"] });
    expect(imports.openapiFetch).toBe(0);

    const { data } = await tim.raw.POST("/v4/openim/c2c_msg_read_receipt", { body: receiptBody() });
    expect(data).toEqual(ok);
    expect(imports.openapiFetch).toBe(1);
  });
});
