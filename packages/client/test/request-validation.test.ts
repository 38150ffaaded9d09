import { describe, expect, it } from "vitest";
import { TimValidationError } from "../src/index.js";
import { ok, receiptBody, seen, settle, testClient, useTencentServer } from "./tencent-server.js";

useTencentServer();

/** Sends `body` unchecked by the type system, as a JavaScript caller could. */
async function rejection(body: unknown): Promise<TimValidationError> {
  const tim = testClient();
  const error = await settle(tim.c2cMsgReadReceipt(body as Parameters<typeof tim.c2cMsgReadReceipt>[0]));
  expect(error).toBeInstanceOf(TimValidationError);
  expect(seen).toHaveLength(0);
  return error as TimValidationError;
}

describe("before sending, the client rejects", () => {
  it("a missing field", async () => {
    const { Peer_Account: _, ...body } = receiptBody();

    const error = await rejection(body);

    expect(error).toMatchObject({
      field: "Peer_Account",
      expected: "present (a required field)",
      rule: "required",
    });
    expect(error.message).toBe(
      "c2cMsgReadReceipt: Peer_Account must be present (a required field). Nothing was sent.",
    );
  });

  it("a missing field inside C2CMsgInfo, located by index", async () => {
    const body = receiptBody(["k1", "k2"]) as { C2CMsgInfo: Record<string, unknown>[] };
    delete body.C2CMsgInfo[1]?.MsgKey;

    expect(await rejection(body)).toMatchObject({ field: "C2CMsgInfo[1].MsgKey", rule: "required" });
  });

  it("a mistyped field, saying what it got", async () => {
    expect(await rejection({ ...receiptBody(), Operator_Account: 42 })).toMatchObject({
      field: "Operator_Account",
      expected: "a string",
      received: "42",
      rule: "type",
    });
  });

  it("an empty C2CMsgInfo", async () => {
    expect(await rejection(receiptBody([]))).toMatchObject({
      field: "C2CMsgInfo",
      expected: "a list of at least 1 item",
      received: "an array of 0 items",
    });
  });

  it("a UserID longer than 32 characters", async () => {
    expect(await rejection({ ...receiptBody(), Peer_Account: "a".repeat(33) })).toMatchObject({
      field: "Peer_Account",
      expected: "at most 32 characters long",
    });
  });

  it("a UserID of 32 characters but more than 32 bytes, counting UTF-8 as the server does", async () => {
    expect(await rejection({ ...receiptBody(), Peer_Account: "é".repeat(17) })).toMatchObject({
      field: "Peer_Account",
      expected: "at most 32 bytes of UTF-8",
      rule: "x-timkit-max-bytes",
    });
  });

  it("a MsgKey longer than 50 characters", async () => {
    expect(await rejection(receiptBody(["k".repeat(51)]))).toMatchObject({
      field: "C2CMsgInfo[0].MsgKey",
      rule: "maxLength",
    });
  });

  it("a From_Account that is not the Peer_Account (the receipt would go the wrong way)", async () => {
    const body = receiptBody(["k1", "k2"]);
    body.C2CMsgInfo[1] = { From_Account: "mallory", To_Account: "bob", MsgKey: "k2" };

    expect(await rejection(body)).toMatchObject({
      field: "C2CMsgInfo[1].From_Account",
      expected: 'equal to Peer_Account ("alice")',
      received: '"mallory"',
      rule: "equals",
    });
  });

  it("a To_Account that is not the Operator_Account", async () => {
    const body = receiptBody();
    body.C2CMsgInfo[0] = { From_Account: "alice", To_Account: "carol", MsgKey: "k" };

    expect(await rejection(body)).toMatchObject({
      field: "C2CMsgInfo[0].To_Account",
      expected: 'equal to Operator_Account ("bob")',
    });
  });

  it("the accounts swapped, the usual mistake", async () => {
    const body = receiptBody();
    body.C2CMsgInfo[0] = { From_Account: "bob", To_Account: "alice", MsgKey: "k" };

    expect(await rejection(body)).toMatchObject({ field: "C2CMsgInfo[0].From_Account", rule: "equals" });
  });

  it("a body over 12 KB, counting UTF-8 bytes rather than characters", async () => {
    const keys = Array.from({ length: 150 }, (_, index) => `${index}_${"é".repeat(20)}`);
    const json = JSON.stringify(receiptBody(keys));
    expect(json.length).toBeLessThan(12_288);
    expect(new TextEncoder().encode(json).length).toBeGreaterThan(12_288);

    const error = await rejection(receiptBody(keys));

    expect(error).toMatchObject({ field: "body", rule: "maxBodyBytes" });
    expect(error.expected).toContain("at most 12288 bytes");
  });
});

it("sends a body just under 12 KB", async () => {
  const keys = Array.from({ length: 120 }, (_, index) => `${index}_${"x".repeat(42)}`);
  const bytes = new TextEncoder().encode(JSON.stringify(receiptBody(keys))).length;
  expect(bytes).toBeGreaterThan(12_000);
  expect(bytes).toBeLessThanOrEqual(12_288);

  await expect(testClient().c2cMsgReadReceipt(receiptBody(keys))).resolves.toEqual(ok);
});

describe("validate: false", () => {
  it("sends the body as given, leaving the verdict to the server", async () => {
    const body = { ...receiptBody(), Peer_Account: 7 };

    await testClient({ validate: false }).c2cMsgReadReceipt(body as never);

    expect(seen[0]?.body).toEqual(body);
  });

  it("can be chosen per call", async () => {
    await testClient().c2cMsgReadReceipt(receiptBody([]), { validate: false });

    expect(seen).toHaveLength(1);
  });
});
