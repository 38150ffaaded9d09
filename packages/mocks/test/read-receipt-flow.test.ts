// The read-receipt flow on one mock: a message that asks for a receipt, the receipt, and what each side
// then sees; and sendmsg's validation with the codes the spec declares per field.
import { describe, expect, it } from "vitest";
import { createTimMock, type TimMock } from "../src/create-tim-mock.js";
import type { TimMockOptions } from "../src/mock-options.js";
import { contractViolation } from "./response-contract.js";
import { answerOf } from "./send-request.js";

const start = 1_700_000_000;

/** A mock with a clock the test moves, and user1, user2 and user3 imported. */
function world(options: TimMockOptions = {}) {
  const clock = { now: start };
  const mock = createTimMock({ accounts: ["user1", "user2", "user3"], now: () => clock.now, ...options });
  return { mock, clock };
}

const text = (Text: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text } }];

/** Sends a message and answers sendmsg's answer. */
async function send(mock: TimMock, fields: Record<string, unknown> = {}) {
  const body = {
    From_Account: "user2",
    To_Account: "user1",
    MsgRandom: 2837546,
    MsgBody: text("hi"),
    ...fields,
  };
  return answerOf(mock, "sendmsg", { body });
}

const history = async (mock: TimMock, operator: string, peer: string, fields: Record<string, unknown> = {}) =>
  answerOf(mock, "adminGetroammsg", {
    body: {
      Operator_Account: operator,
      Peer_Account: peer,
      MaxCnt: 100,
      MinTime: 0,
      MaxTime: 4_000_000_000,
      ...fields,
    },
  });

const unread = async (mock: TimMock, owner: string, peers?: string[]) =>
  answerOf(mock, "getC2cUnreadMsgNum", {
    body: { To_Account: owner, ...(peers ? { Peer_Account: peers } : {}) },
  });

describe("the read-receipt flow", () => {
  it("sends a message that asks for a receipt, and the sender sees IsPeerRead turn to 1 after the receipt", async () => {
    const { mock } = world();
    const sent = await send(mock, { MsgSeq: 93847636, IsNeedReadReceipt: 1 });
    expect(sent).toMatchObject({ ActionStatus: "OK", MsgTime: start, MsgKey: `93847636_2837546_${start}` });
    expect(contractViolation("sendmsg", sent)).toBeUndefined();

    const before = await history(mock, "user2", "user1");
    expect(before.MsgList).toEqual([
      expect.objectContaining({ MsgKey: sent.MsgKey, IsPeerRead: 0, From_Account: "user2" }),
    ]);

    const receipt = await answerOf(mock, "c2cMsgReadReceipt", {
      body: {
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: sent.MsgKey }],
      },
    });
    expect(receipt.ErrorCode).toBe(0);
    const after = await history(mock, "user2", "user1");
    expect(after.MsgList[0]).toMatchObject({ MsgKey: sent.MsgKey, IsPeerRead: 1 });
    expect(contractViolation("adminGetroammsg", after)).toBeUndefined();
    expect(mock.store.messages.list()[0]).toMatchObject({ IsNeedReadReceipt: 1, IsPeerRead: 1 });
  });

  it("counts the message unread until admin_set_msg_read, which leaves IsPeerRead alone", async () => {
    const { mock, clock } = world();
    await send(mock);
    clock.now += 1;
    await send(mock, { MsgRandom: 2, From_Account: "user3" });
    expect(await unread(mock, "user1")).toMatchObject({ AllC2CUnreadMsgNum: 2 });
    expect(await unread(mock, "user1", ["user2", "user3", "nobody"])).toMatchObject({
      C2CUnreadMsgNumList: [
        { Peer_Account: "user2", C2CUnreadMsgNum: 1 },
        { Peer_Account: "user3", C2CUnreadMsgNum: 1 },
      ],
      ErrorList: [{ Peer_Account: "nobody", ErrorCode: 70107 }],
    });
    clock.now += 1;
    expect(
      (await answerOf(mock, "adminSetMsgRead", { body: { Report_Account: "user1", Peer_Account: "user2" } }))
        .ErrorCode,
    ).toBe(0);
    expect(await unread(mock, "user1")).toMatchObject({ AllC2CUnreadMsgNum: 1 });
    expect((await history(mock, "user2", "user1")).MsgList[0].IsPeerRead).toBe(0);
  });

  it("reads up to MsgReadTime, given as a string or a number", async () => {
    const { mock, clock } = world();
    await send(mock);
    clock.now += 10;
    await send(mock, { MsgRandom: 2 });
    await answerOf(mock, "adminSetMsgRead", {
      body: { Report_Account: "user1", Peer_Account: "user2", MsgReadTime: String(start) },
    });
    expect(await unread(mock, "user1", ["user2"])).toMatchObject({
      C2CUnreadMsgNumList: [{ C2CUnreadMsgNum: 1 }],
    });
    await answerOf(mock, "adminSetMsgRead", {
      body: { Report_Account: "user1", Peer_Account: "user2", MsgReadTime: start + 10 },
    });
    expect(await unread(mock, "user1", ["user2"])).toMatchObject({
      C2CUnreadMsgNumList: [{ C2CUnreadMsgNum: 0 }],
    });
  });

  it("accepts and remembers a receipt whose MsgKey names no message, changing no message", async () => {
    const { mock } = world();
    await send(mock);
    const receipt = await answerOf(mock, "c2cMsgReadReceipt", {
      body: {
        Operator_Account: "user1",
        Peer_Account: "user2",
        C2CMsgInfo: [{ From_Account: "user2", To_Account: "user1", MsgKey: "1_2_3" }],
      },
    });
    expect(receipt.ErrorCode).toBe(0);
    expect(mock.store.receipts.list()).toHaveLength(1);
    expect(mock.store.messages.list()[0]?.IsPeerRead).toBe(0);
  });
});

describe("sendmsg stores messages as Tencent describes", () => {
  it("fills in a random uint32 MsgSeq when none is given, and answers a MsgId", async () => {
    const { mock } = world();
    const sent = await send(mock);
    const [seq, random, time] = (sent.MsgKey as string).split("_").map(Number);
    expect(seq).toBeGreaterThanOrEqual(0);
    expect(seq).toBeLessThanOrEqual(4294967295);
    expect([random, time]).toEqual([2837546, start]);
    expect(sent.MsgId).toMatch(new RegExp(`^\\d+-${start}-2837546$`));
  });

  it("does not store a duplicate sent within 120 seconds, and does after", async () => {
    const { mock, clock } = world();
    const first = await send(mock, { MsgSeq: 7 });
    clock.now += 119;
    expect((await send(mock, { MsgSeq: 7 })).MsgKey).toBe(first.MsgKey);
    expect(mock.store.messages.list()).toHaveLength(1);
    expect((await send(mock, { MsgSeq: 7, MsgBody: text("other") })).MsgKey).not.toBe(first.MsgKey);
    clock.now += 1;
    await send(mock, { MsgSeq: 7 });
    expect(mock.store.messages.list()).toHaveLength(3);
  });

  it("stores a send of the same MsgRandom and content from another sender, or under another MsgSeq, within 120 seconds", async () => {
    const { mock } = world();
    const first = await send(mock, { MsgSeq: 7 });
    const otherSender = await send(mock, { MsgSeq: 7, From_Account: "user3" });
    const otherSeq = await send(mock, { MsgSeq: 8 });
    expect(new Set([first.MsgId, otherSender.MsgId, otherSeq.MsgId]).size).toBe(3);
    expect(mock.store.messages.list()).toHaveLength(3);
    // And each of them is still known as itself.
    expect((await send(mock, { MsgSeq: 7, From_Account: "user3" })).MsgId).toBe(otherSender.MsgId);
    expect(mock.store.messages.list()).toHaveLength(3);
  });

  it("sends as the administrator when From_Account is absent", async () => {
    const { mock } = world();
    await send(mock, { From_Account: undefined });
    expect((await history(mock, "user1", "admin")).MsgList[0]).toMatchObject({
      From_Account: "admin",
      To_Account: "user1",
    });
  });

  it("keeps a SyncOtherMachine 2 message out of the sender's history only", async () => {
    const { mock } = world();
    await send(mock, { SyncOtherMachine: 2 });
    expect((await history(mock, "user2", "user1")).MsgList).toEqual([]);
    expect((await history(mock, "user1", "user2")).MsgList).toHaveLength(1);
  });

  it("stores nothing for the recipient of a MsgLifeTime 0 message, and counts nothing unread", async () => {
    const { mock } = world();
    await send(mock, { MsgLifeTime: 0 });
    expect((await history(mock, "user1", "user2")).MsgList).toEqual([]);
    expect(await unread(mock, "user1")).toMatchObject({ AllC2CUnreadMsgNum: 0 });
  });

  it("does not count a NoUnread message as unread, but keeps it in the history", async () => {
    const { mock } = world();
    await send(mock, { SendMsgControl: ["NoUnread"] });
    expect(await unread(mock, "user1")).toMatchObject({ AllC2CUnreadMsgNum: 0 });
    expect((await history(mock, "user1", "user2")).MsgList).toHaveLength(1);
  });

  it("orders messages of the same second by MsgSeq, as Tencent sorts history", async () => {
    const { mock } = world();
    for (const seq of [5, 3, 9]) await send(mock, { MsgSeq: seq, MsgRandom: seq });
    const seqs = (await history(mock, "user1", "user2")).MsgList.map(
      (message: { MsgSeq: number }) => message.MsgSeq,
    );
    expect(seqs).toEqual([3, 5, 9]);
  });

  it("keeps messages of the same second and MsgSeq in the order they were sent", async () => {
    const { mock } = world();
    for (const random of [30, 10, 20]) await send(mock, { MsgSeq: 4, MsgRandom: random });
    await send(mock, { MsgSeq: 2, MsgRandom: 40 });
    const randoms = (await history(mock, "user1", "user2")).MsgList.map(
      (message: { MsgRandom: number }) => message.MsgRandom,
    );
    expect(randoms).toEqual([40, 30, 10, 20]);
  });

  it("stores an OnlineOnlyFlag 1 message for neither side and counts it nowhere", async () => {
    const { mock } = world();
    expect((await send(mock, { OnlineOnlyFlag: 1 })).ErrorCode).toBe(0);
    expect((await history(mock, "user1", "user2")).MsgList).toEqual([]);
    expect((await history(mock, "user2", "user1")).MsgList).toEqual([]);
    expect(await unread(mock, "user1")).toMatchObject({ AllC2CUnreadMsgNum: 0 });
  });

  it("forgets a deleted account's messages: importing it again brings no history back", async () => {
    const { mock } = world();
    await send(mock);
    await answerOf(mock, "accountDelete", { body: { DeleteItem: [{ UserID: "user2" }] } });
    await answerOf(mock, "accountImport", { body: { UserID: "user2" } });
    expect((await history(mock, "user1", "user2")).MsgList).toEqual([]);
    expect(mock.store.messages.list()).toEqual([]);
  });

  it("refuses a seeded message sendmsg would refuse, naming the field", () => {
    expect(() =>
      createTimMock({
        messages: [
          { From_Account: "user1", To_Account: "user2", MsgBody: [{ MsgType: "TIMTextElem" }] as never },
        ],
      }),
    ).toThrow(/messages\[0\]\.MsgBody\[0\]\.MsgContent must be present/);
  });

  it("keeps at most maxMessages messages, dropping the oldest and counting them", async () => {
    const { mock, clock } = world({ maxMessages: 3 });
    for (let i = 0; i < 5; i++) {
      clock.now += 1;
      await send(mock, { MsgRandom: i });
    }
    expect(mock.store.messages.list().map((message) => message.MsgRandom)).toEqual([2, 3, 4]);
    expect(mock.store.snapshot().droppedMessages).toBe(2);
  });

  it("keeps at most maxMessagesPerConversation in one conversation, so a busy one leaves the others alone", async () => {
    const { mock, clock } = world({ maxMessages: 10, maxMessagesPerConversation: 3 });
    await send(mock, { From_Account: "user3", MsgRandom: 100 });
    for (let i = 0; i < 6; i++) {
      clock.now += 1;
      await send(mock, { MsgRandom: i });
    }
    const randoms = (answer: { MsgList: { MsgRandom: number }[] }) =>
      answer.MsgList.map((message) => message.MsgRandom);
    expect(randoms(await history(mock, "user1", "user2"))).toEqual([3, 4, 5]);
    expect(randoms(await history(mock, "user1", "user3"))).toEqual([100]);
    expect(mock.store.snapshot()).toMatchObject({ droppedMessages: 3 });
    expect(mock.store.messages.list()).toHaveLength(4);
  });

  it("keeps at most maxConversations, dropping the one quiet the longest with its read state", async () => {
    const { mock, clock } = world({ maxConversations: 2 });
    await send(mock, { From_Account: "user2", MsgRandom: 1 });
    clock.now += 1;
    await send(mock, { From_Account: "user3", MsgRandom: 2 });
    clock.now += 1;
    // user2's conversation is active again: user3's is now the quiet one.
    await send(mock, { From_Account: "user2", MsgRandom: 3 });
    clock.now += 1;
    await send(mock, { From_Account: "user3", To_Account: "user2", MsgRandom: 4 });
    expect((await history(mock, "user1", "user3")).MsgList).toEqual([]);
    expect((await history(mock, "user1", "user2")).MsgCnt).toBe(2);
    expect((await history(mock, "user2", "user3")).MsgCnt).toBe(1);
    expect(await unread(mock, "user1")).toMatchObject({ AllC2CUnreadMsgNum: 2 });
    expect(mock.store.messages.conversationCount).toBe(2);
    expect(mock.store.snapshot().limits).toMatchObject({
      maxConversations: 2,
      maxMessagesPerConversation: 5_000,
    });
  });

  it("refuses a cap that is not a positive integer, naming it", () => {
    expect(() => createTimMock({ maxMessagesPerConversation: 0 })).toThrow(
      "maxMessagesPerConversation must be a positive integer, got 0",
    );
    expect(() => createTimMock({ maxConversations: 1.5 })).toThrow(
      "maxConversations must be a positive integer, got 1.5",
    );
  });

  it("drops the oldest message from its own conversation when conversations interleave", async () => {
    const { mock, clock } = world({ maxMessages: 3 });
    // Sent out of time order within one second, so the oldest sent is not the first of its conversation.
    await send(mock, { MsgSeq: 9, MsgRandom: 1 });
    await send(mock, { MsgSeq: 2, MsgRandom: 2 });
    clock.now += 1;
    await send(mock, { From_Account: "user3", MsgSeq: 1, MsgRandom: 3 });
    await send(mock, { From_Account: "user3", MsgSeq: 2, MsgRandom: 4 });
    const randoms = (answer: { MsgList: { MsgRandom: number }[] }) =>
      answer.MsgList.map((message) => message.MsgRandom);
    expect(randoms(await history(mock, "user1", "user2"))).toEqual([2]);
    expect(randoms(await history(mock, "user1", "user3"))).toEqual([3, 4]);
  });

  it("sends a deleted and imported-again account's message again within the dedup window: it is stored, not a duplicate", async () => {
    const { mock } = world();
    await send(mock, { MsgSeq: 7 });
    await answerOf(mock, "accountDelete", { body: { DeleteItem: [{ UserID: "user2" }] } });
    await answerOf(mock, "accountImport", { body: { UserID: "user2" } });
    await send(mock, { MsgSeq: 7 });
    expect(mock.store.messages.list()).toHaveLength(1);
    expect((await history(mock, "user1", "user2")).MsgList).toHaveLength(1);
  });
});

describe("admin_getroammsg", () => {
  it("pages from the newest back with LastMsgTime and LastMsgKey, every message once, each page in time order", async () => {
    const { mock, clock } = world();
    for (let i = 0; i < 150; i++) {
      if (i % 3 === 0) clock.now += 1;
      await send(mock, { MsgRandom: i, MsgSeq: i });
    }
    const randoms = (answer: { MsgList: { MsgRandom: number }[] }) =>
      answer.MsgList.map((message) => message.MsgRandom);
    const first = await history(mock, "user1", "user2", { MaxCnt: 40 });
    expect(first).toMatchObject({ Complete: 0, MsgCnt: 40 });
    expect(randoms(first)).toEqual(Array.from({ length: 40 }, (_, i) => i + 110));
    const pages = [randoms(first)];
    let answer = first;
    while (answer.Complete === 0) {
      answer = await history(mock, "user1", "user2", {
        MaxCnt: 40,
        MaxTime: answer.LastMsgTime,
        LastMsgKey: answer.LastMsgKey,
      });
      expect(answer.ErrorCode).toBe(0);
      pages.unshift(randoms(answer));
    }
    expect(pages.flat()).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(pages).toHaveLength(4);
  });

  it("pages every message once, in Tencent's order, when MsgSeqs of one second go down, keys repeat and the oldest were dropped", async () => {
    const { mock, clock } = world({ maxMessages: 100 });
    for (let i = 0; i < 130; i++) {
      if (i % 40 === 0) clock.now += 1;
      // MsgSeqs out of order within each second; every tenth message repeats the key of the one before
      // with other content (a resend that is not a duplicate).
      const repeat = i % 10 === 9;
      const MsgSeq = repeat ? ((i - 1) * 7919) % 97 : (i * 7919) % 97;
      await send(mock, { MsgSeq, MsgRandom: repeat ? i - 1 : i, MsgBody: text(`message ${i}`) });
    }
    const texts = (answer: { MsgList: { MsgBody: { MsgContent: { Text: string } }[] }[] }) =>
      answer.MsgList.map((message) => message.MsgBody[0]?.MsgContent.Text);
    const stored = mock.store.messages.history("user1", "user2");
    const everything = texts({ MsgList: stored as never });
    const pages: (string | undefined)[][] = [];
    let answer = await history(mock, "user1", "user2", { MaxCnt: 9 });
    pages.unshift(texts(answer));
    while (answer.Complete === 0) {
      answer = await history(mock, "user1", "user2", {
        MaxCnt: 9,
        MaxTime: answer.LastMsgTime,
        LastMsgKey: answer.LastMsgKey,
      });
      pages.unshift(texts(answer));
    }
    expect(everything).toHaveLength(100);
    // A message under a repeated key may end one page and start the next; none is ever skipped.
    const paged = pages.flat();
    const repeated = paged.filter((message, i) => message === paged[i - 1]);
    expect(paged.filter((message, i) => message !== paged[i - 1])).toEqual(everything);
    for (const message of repeated) expect(Number(String(message).split(" ")[1]) % 10).toBe(8);
    const seqs = mock.store.messages
      .history("user1", "user2")
      .map((message) => [message.MsgTime, message.MsgSeq]);
    expect(seqs).toEqual(
      [...seqs].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
    );
  });

  it("keeps each answer within 13 KB, however many messages were asked for", async () => {
    const { mock } = world();
    for (let i = 0; i < 20; i++) await send(mock, { MsgRandom: i, MsgBody: text("x".repeat(1000)) });
    const response = await (await import("./send-request.js")).callOperation(mock, "adminGetroammsg", {
      body: {
        Operator_Account: "user1",
        Peer_Account: "user2",
        MaxCnt: 100,
        MinTime: 0,
        MaxTime: 4_000_000_000,
      },
    });
    const raw = await response.text();
    expect(new TextEncoder().encode(raw).length).toBeLessThanOrEqual(13 * 1024);
    const answer = JSON.parse(raw);
    expect(answer.Complete).toBe(0);
    expect(answer.MsgCnt).toBeGreaterThan(5);
    expect(answer.MsgCnt).toBeLessThan(20);
  });

  it("answers only the range asked for, and nothing older than the 7-day roaming window", async () => {
    const { mock, clock } = world();
    await send(mock, { MsgRandom: 1 });
    clock.now += 100;
    await send(mock, { MsgRandom: 2 });
    expect((await history(mock, "user1", "user2", { MinTime: start + 50 })).MsgList).toHaveLength(1);
    clock.now = start + 7 * 86_400 + 50;
    expect(
      (await history(mock, "user1", "user2")).MsgList.map(
        (message: { MsgRandom: number }) => message.MsgRandom,
      ),
    ).toEqual([2]);
  });

  it("answers 90008 for an operator that was never imported and an empty history for an unknown peer", async () => {
    const { mock } = world();
    expect((await history(mock, "ghost", "user1")).ErrorCode).toBe(90008);
    expect(await history(mock, "user1", "ghost")).toMatchObject({
      ErrorCode: 0,
      Complete: 1,
      MsgCnt: 0,
      MsgList: [],
    });
  });
});

describe("sendmsg refuses what the server refuses, with the spec's code for each field", () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ["MsgRandom missing", { MsgRandom: undefined }, 90005],
    ["MsgRandom not an integer", { MsgRandom: "1" }, 90005],
    ["MsgRandom over 32 bits", { MsgRandom: 4294967296 }, 90005],
    ["MsgBody not an array", { MsgBody: "hi" }, 90007],
    ["an element without MsgContent", { MsgBody: [{ MsgType: "TIMTextElem" }] }, 90002],
    ["an element of no known MsgType", { MsgBody: [{ MsgType: "TIMRelayElem", MsgContent: {} }] }, 90002],
    [
      "two TIMCustomElem",
      { MsgBody: [1, 2].map(() => ({ MsgType: "TIMCustomElem", MsgContent: { Data: "d" } })) },
      90002,
    ],
    ["an empty MsgBody", { MsgBody: [] }, 90002],
    ["SyncOtherMachine not an integer", { SyncOtherMachine: "1" }, 90031],
    ["SyncOtherMachine 3", { SyncOtherMachine: 3 }, 20001],
    ["MsgLifeTime not an integer", { MsgLifeTime: "60" }, 90044],
    ["MsgLifeTime over 7 days", { MsgLifeTime: 604801 }, 90026],
    ["To_Account missing", { To_Account: undefined }, 90003],
    ["To_Account not a string", { To_Account: 42 }, 90003],
    ["To_Account never imported", { To_Account: "ghost" }, 90012],
    ["From_Account never imported", { From_Account: "ghost" }, 90048],
    ["OfflinePushInfo malformed", { OfflinePushInfo: { PushFlag: 2 } }, 90043],
    ["a body over 12 KB", { CloudCustomData: "x".repeat(12 * 1024) }, 93000],
  ];
  it.each(cases)("%s answers the spec's code", async (_name, fields, code) => {
    const { mock } = world();
    const answer = await send(mock, fields);
    expect(answer.ErrorCode).toBe(code);
    expect(contractViolation("sendmsg", answer)).toBeUndefined();
    expect(mock.store.messages.list()).toEqual([]);
  });

  it("says what is wrong with two TIMCustomElem in the detail header", async () => {
    const { mock } = world();
    const response = await (await import("./send-request.js")).callOperation(mock, "sendmsg", {
      body: {
        To_Account: "user1",
        MsgRandom: 1,
        MsgBody: [1, 2].map(() => ({ MsgType: "TIMCustomElem", MsgContent: { Data: "d" } })),
      },
    });
    expect(response.headers.get("x-timkit-mock-detail")).toBe(
      "MsgBody must be a list with at most 1 of the items its description limits",
    );
  });

  it("lets a field's code override win over the operation's, whatever the order given", async () => {
    const { mock } = world({
      codes: { sendmsg: { "From_Account unknownAccount": 90008, accountNotImported: 20003 } },
    });
    expect((await send(mock, { From_Account: "ghost" })).ErrorCode).toBe(90008);
  });

  it("lets a test answer another code where Tencent documents none", async () => {
    const { mock } = world({ codes: { sendmsg: { "From_Account unknownAccount": 90008 } } });
    expect((await send(mock, { From_Account: "ghost" })).ErrorCode).toBe(90008);
    expect(() => createTimMock({ codes: { sendmsg: { "From_Account unknownAccount": 12345 } } })).toThrow(
      /12345 is not a code sendmsg documents/,
    );
    expect(() => createTimMock({ codes: { sendmsg: { "Nothing unknownAccount": 90008 } } })).toThrow(
      /names no field code/,
    );
  });
});
