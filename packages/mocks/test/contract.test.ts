import { operationTable } from "@timkit/spec";
import fc from "fast-check";
import { getResponse } from "msw";
import { beforeAll, describe, expect, it } from "vitest";
import { createTimMock } from "../src/create-tim-mock.js";
import { fromResponse } from "../src/mock-answer.js";
import { timOrigins } from "../src/tim-origins.js";
import { documentedReadReceiptBody } from "./documented-example.js";
import { contractViolation } from "./response-contract.js";
import { adminUserSig, readReceiptPath } from "./scenarios.js";

const documentedCodes = new Set<number>([0, ...operationTable.c2cMsgReadReceipt.errorCodes]);
const encoder = new TextEncoder();

let userSigs: string[] = [];
beforeAll(async () => {
  userSigs = await Promise.all([
    adminUserSig(),
    adminUserSig({ identifier: "user1" }),
    adminUserSig({ sdkAppId: 1400000000 }),
    adminUserSig({ secretKey: "another-key" }),
    adminUserSig({ now: 1_000_000, expireSeconds: 1 }),
  ]);
});

/** A query parameter: absent, a plausible value, or anything at all. */
const parameter = (...plausible: fc.Arbitrary<string>[]) =>
  fc.option(fc.oneof(...plausible, fc.string(), fc.string({ unit: "binary" })), { nil: undefined });

const queryArbitrary = fc.record({
  sdkappid: parameter(fc.constant("88888888"), fc.nat().map(String), fc.constant("")),
  identifier: parameter(fc.constantFrom("admin", "user1", "")),
  usersig: parameter(fc.integer({ min: 0, max: 4 }).map((index) => userSigs[index] as string)),
  random: parameter(fc.constant("99999999"), fc.bigInt({ min: -1n, max: 2n ** 33n }).map(String)),
  contenttype: parameter(fc.constant("json")),
  extra: parameter(fc.string()),
});

const documented = documentedReadReceiptBody();
const jsonText = (value: unknown) => encoder.encode(JSON.stringify(value));

/** Bodies from valid to nonsense: mutated documented bodies, random JSON, random text and bytes, any size. */
const bodyArbitrary: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constant(jsonText(documented)),
  fc
    .record({
      key: fc.constantFrom("Operator_Account", "Peer_Account", "C2CMsgInfo", "Other"),
      value: fc.jsonValue(),
    })
    .map(({ key, value }) => jsonText({ ...documented, [key]: value })),
  fc
    .record({
      key: fc.constantFrom("From_Account", "To_Account", "MsgKey"),
      value: fc.oneof(fc.jsonValue(), fc.constantFrom("user1", "user2", "admin", "stranger")),
    })
    .map(({ key, value }) =>
      jsonText({ ...documented, C2CMsgInfo: [{ ...documented.C2CMsgInfo[0], [key]: value }] }),
    ),
  fc.stringMatching(/^[\w-]{1,32}$/).map((peer) =>
    jsonText({
      ...documented,
      Peer_Account: peer,
      C2CMsgInfo: [{ ...documented.C2CMsgInfo[0], From_Account: peer }],
    }),
  ),
  fc.jsonValue().map(jsonText),
  fc.string().map((text) => encoder.encode(text)),
  fc.uint8Array({ maxLength: 64 }),
  fc.integer({ min: 0, max: 40_000 }).map((size) => jsonText({ ...documented, Padding: "x".repeat(size) })),
);

const requestArbitrary = fc.record({
  origin: fc.constantFrom(...timOrigins("http://127.0.0.1:4010")),
  path: fc.oneof(
    { weight: 5, arbitrary: fc.constant(readReceiptPath) },
    fc.stringMatching(/^[a-z_]{1,20}$/).map((command) => `/v4/openim/${command}`),
  ),
  method: fc.oneof({ weight: 5, arbitrary: fc.constant("POST") }, fc.constantFrom("GET", "PUT", "DELETE")),
  // Valid, valid but for one parameter, or anything: random bodies get past the query checks often,
  // and each query check is reached.
  query: fc.oneof(
    fc.constant(undefined).map(() => validQuery()),
    fc
      .record({
        name: fc.constantFrom(...Object.keys(validQuery())),
        value: fc.option(fc.string(), { nil: undefined }),
      })
      .map(({ name, value }) => ({ ...validQuery(), [name]: value })),
    queryArbitrary,
  ),
  body: bodyArbitrary,
});

function validQuery(): Record<string, string | undefined> {
  return {
    sdkappid: "88888888",
    identifier: "admin",
    usersig: userSigs[0],
    random: "99999999",
    contenttype: "json",
  };
}

type GeneratedRequest = typeof requestArbitrary extends fc.Arbitrary<infer Value> ? Value : never;

function toRequest({ origin, path, method, query, body }: GeneratedRequest): Request {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query as Record<string, string | undefined>)) {
    if (value !== undefined) search.set(name, value);
  }
  const hasBody = method !== "GET";
  return new Request(`${origin}${path}?${search}`, {
    method,
    body: hasBody ? new Uint8Array(body) : undefined,
  });
}

describe("every answer the mock can give is in the spec", () => {
  it("random requests never crash it and always get the envelope with a documented code", async () => {
    const mock = createTimMock({ baseUrl: "http://127.0.0.1:4010" });
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (generated) => {
        const response = await getResponse(mock.handlers, toRequest(generated));
        expect(response).toBeDefined();
        expect(response?.status).toBe(200);
        const answer = await response?.json();
        const operationId =
          generated.path === readReceiptPath && generated.method === "POST" ? "c2cMsgReadReceipt" : undefined;
        expect(contractViolation(operationId, answer)).toBeUndefined();
        expect(documentedCodes.has(answer.ErrorCode)).toBe(true);
        seen.add(answer.ErrorCode);
      }),
      { numRuns: 500 },
    );
    // The generators reach every stage of the pipeline, not just the first check.
    for (const code of [
      0, 60012, 70020, 60004, 90009, 70002, 70003, 70402, 60002, 93000, 90001, 20001, 20003, 60009,
    ]) {
      expect(seen, `code ${code} was never produced`).toContain(code);
    }
  });

  it("valid receipts with random message keys succeed and are all recorded", async () => {
    const mock = createTimMock();
    const query = new URLSearchParams({
      sdkappid: "88888888",
      identifier: "admin",
      usersig: userSigs[0] as string,
      random: "1",
      contenttype: "json",
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 50 }), { minLength: 1, maxLength: 20 }),
        async (msgKeys) => {
          mock.reset();
          const body = {
            Operator_Account: "user1",
            Peer_Account: "user2",
            C2CMsgInfo: msgKeys.map((MsgKey) => ({ From_Account: "user2", To_Account: "user1", MsgKey })),
          };
          const request = new Request(`https://console.tim.qq.com${readReceiptPath}?${query}`, {
            method: "POST",
            body: JSON.stringify(body),
          });
          const fits = encoder.encode(JSON.stringify(body)).length <= 12_288;
          const answer = await (await getResponse(mock.handlers, request))?.json();
          expect(answer.ErrorCode).toBe(fits ? 0 : 93000);
          expect(mock.store.receipts.list().map((receipt) => receipt.msgKey)).toEqual(fits ? msgKeys : []);
        },
      ),
      { numRuns: 100 },
    );
  });

  it("mock.answer and mock.handle give every random request the handlers' answer and the same state", async () => {
    const options = { baseUrl: "http://127.0.0.1:4010", now: () => 1_700_000_000 };
    const throughMsw = createTimMock(options);
    const throughAnswer = createTimMock(options);
    const throughHandle = createTimMock(options);
    await fc.assert(
      fc.asyncProperty(requestArbitrary, async (generated) => {
        const expected = await fromResponse(
          (await getResponse(throughMsw.handlers, toRequest(generated))) as Response,
        );
        const request = toRequest(generated);
        const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
        const answered = await throughAnswer.answer({
          method: request.method,
          url: new URL(request.url),
          body,
        });
        const handled = await fromResponse((await throughHandle.handle(toRequest(generated))) as Response);
        expect(answered).toEqual(expected);
        expect(handled).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    expect(throughAnswer.store.snapshot()).toEqual(throughMsw.store.snapshot());
    expect(throughHandle.store.snapshot()).toEqual(throughMsw.store.snapshot());
    expect(throughMsw.store.receipts.list().length).toBeGreaterThan(0);
  });

  it("the contract check itself rejects an answer outside the spec", () => {
    expect(
      contractViolation("c2cMsgReadReceipt", { ActionStatus: "FAIL", ErrorCode: 12345, ErrorInfo: "?" }),
    ).toBeDefined();
    expect(contractViolation("c2cMsgReadReceipt", { ActionStatus: "OK", ErrorCode: 20001 })).toBeDefined();
    expect(
      contractViolation(undefined, { ActionStatus: "FAIL", ErrorCode: 20001, ErrorInfo: "?" }),
    ).toBeDefined();
  });
});
