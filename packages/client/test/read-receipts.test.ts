import { operationTable } from "@timkit/spec";
import { describe, expect, it } from "vitest";
import { TimApiError, TimValidationError } from "../src/index.js";
import { answerWith, fail, ok, seen, testClient, useTencentServer } from "./tencent-server.js";

useTencentServer();

const limit = operationTable.c2cMsgReadReceipt.maxBodyBytes;

/** `count` distinct MsgKeys shaped like Tencent's `{MsgSeq}_{MsgRandom}_{MsgTime}`. */
function msgKeys(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, index) => `${1467329515 + from + index}_5675354_1708676941`);
}

type ReceiptBody = { Operator_Account: string; Peer_Account: string; C2CMsgInfo: { MsgKey: string }[] };
const sentBodies = () => seen.map(({ body }) => body as ReceiptBody);

describe("sendReadReceipts", () => {
  it("puts the reader in Operator_Account and To_Account, the sender in Peer_Account and From_Account", async () => {
    const result = await testClient().sendReadReceipts({
      reader: "bob",
      sender: "alice",
      msgKeys: msgKeys(2),
    });

    expect(sentBodies()).toEqual([
      {
        Operator_Account: "bob",
        Peer_Account: "alice",
        C2CMsgInfo: msgKeys(2).map((MsgKey) => ({ From_Account: "alice", To_Account: "bob", MsgKey })),
      },
    ]);
    expect(result).toEqual({ acknowledged: msgKeys(2), failed: [], requests: 1 });
  });

  it("splits many keys into bodies that each fit the 12 KB limit, as few as possible", async () => {
    const keys = msgKeys(1_000);

    const result = await testClient().sendReadReceipts({ reader: "bob", sender: "alice", msgKeys: keys });

    expect(seen.length).toBeGreaterThan(1);
    for (const request of seen) expect(request.bytes).toBeLessThanOrEqual(limit);
    // Greedy: each body is full, i.e. one more item would not have fitted.
    const itemBytes =
      JSON.stringify({ From_Account: "alice", To_Account: "bob", MsgKey: keys[0] }).length + 1;
    for (const request of seen.slice(0, -1)) expect(request.bytes + itemBytes).toBeGreaterThan(limit);
    expect(sentBodies().flatMap((body) => body.C2CMsgInfo.map((item) => item.MsgKey))).toEqual(keys);
    expect(result).toMatchObject({ acknowledged: keys, failed: [], requests: seen.length });
  });

  it("reports the keys of a failed body with its error and still sends the next bodies", async () => {
    answerWith(ok, fail(20003), ok);
    const keys = msgKeys(400);

    const { acknowledged, failed, requests } = await testClient().sendReadReceipts({
      reader: "bob",
      sender: "alice",
      msgKeys: keys,
    });

    expect(requests).toBe(3);
    const second = sentBodies()[1]?.C2CMsgInfo.map((item) => item.MsgKey) ?? [];
    expect(failed.map(({ msgKey }) => msgKey)).toEqual(second);
    expect(failed.every(({ error }) => error instanceof TimApiError && error.code === 20003)).toBe(true);
    expect(acknowledged).toEqual(keys.filter((key) => !second.includes(key)));
  });

  it("drops repeated keys, keeping the first occurrence's place", async () => {
    const [a = "", b = "", c = ""] = msgKeys(3);

    const result = await testClient().sendReadReceipts({
      reader: "bob",
      sender: "alice",
      msgKeys: [b, a, b, c, a],
    });

    expect(result.acknowledged).toEqual([b, a, c]);
    expect(sentBodies()[0]?.C2CMsgInfo).toHaveLength(3);
  });

  it("fails an invalid key on its own, without sending it", async () => {
    const [a = "", b = ""] = msgKeys(2);

    const result = await testClient().sendReadReceipts({
      reader: "bob",
      sender: "alice",
      msgKeys: [a, "", b, "x".repeat(51)],
    });

    expect(result.acknowledged).toEqual([a, b]);
    expect(result.failed.map(({ msgKey }) => msgKey)).toEqual(["", "x".repeat(51)]);
    expect(result.failed[0]?.error).toBeInstanceOf(TimValidationError);
    expect(sentBodies()[0]?.C2CMsgInfo.map((item) => item.MsgKey)).toEqual([a, b]);
  });

  it("rejects an invalid reader or sender before sending anything", async () => {
    const tim = testClient();

    await expect(
      tim.sendReadReceipts({ reader: "", sender: "alice", msgKeys: msgKeys(3) }),
    ).rejects.toMatchObject({
      name: "TimValidationError",
      field: "Operator_Account",
    });
    await expect(
      tim.sendReadReceipts({ reader: "bob", sender: "a".repeat(40), msgKeys: msgKeys(3) }),
    ).rejects.toMatchObject({ field: "Peer_Account" });
    await expect(
      tim.sendReadReceipts({ reader: "bob", sender: "alice", msgKeys: "k1" as never }),
    ).rejects.toMatchObject({ field: "msgKeys" });
    expect(seen).toHaveLength(0);
  });

  it("sends nothing for no keys", async () => {
    await expect(
      testClient().sendReadReceipts({ reader: "bob", sender: "alice", msgKeys: [] }),
    ).resolves.toEqual({
      acknowledged: [],
      failed: [],
      requests: 0,
    });
    expect(seen).toHaveLength(0);
  });

  it("fails the keys not yet sent when the caller aborts, sending nothing more", async () => {
    const controller = new AbortController();
    answerWith(ok);
    const tim = testClient({
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        controller.abort();
        return response;
      },
    });

    const result = await tim.sendReadReceipts(
      { reader: "bob", sender: "alice", msgKeys: msgKeys(400) },
      { signal: controller.signal },
    );

    expect(seen).toHaveLength(1);
    expect(result.requests).toBe(1);
    expect(result.failed.length + result.acknowledged.length).toBe(400);
    expect(result.failed.every(({ error }) => "reason" in error && error.reason === "aborted")).toBe(true);
  });
});
