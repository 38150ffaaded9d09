// What holds for every command of the spec, present and future: each test walks the operation table, so a
// new command is covered the moment its spec files exist, and a missing piece fails naming the operation.
import { readdirSync } from "node:fs";
import {
  accountsIn,
  type OperationId,
  type OperationInfo,
  operationExamples,
  operationTable,
  sharedExamples,
  undocumentedBodyLimitBytes,
} from "@timkit/spec";
import { describe, expect, it } from "vitest";
import { createTimMock } from "../src/create-tim-mock.js";
import { errorEntry } from "../src/envelope.js";
import { operationBehaviours } from "../src/generated/operation-behaviours.js";
import { contractViolation } from "./response-contract.js";
import { adminUserSig } from "./scenarios.js";
import { answerOf } from "./send-request.js";

const operations = Object.values(operationTable);
const ids = operations.map((operation) => operation.operationId as OperationId);

/** Every code the mock can answer for an operation besides injected faults, with what it answers. */
function answerableCodes(operationId: OperationId): Map<number, string> {
  const operation: OperationInfo = operationTable[operationId];
  const codes = new Map<number, string>();
  const add = (code: number, what: string) => codes.set(code, codes.get(code) ?? what);
  for (const [name, code] of Object.entries(operation.codes)) add(code, name);
  for (const [field, byKeyword] of Object.entries(operation.fieldCodes)) {
    for (const [keyword, code] of Object.entries(byKeyword)) add(code, `${field} ${keyword}`);
  }
  for (const rule of operation.rules) add(rule.code, `rule on ${rule.field}`);
  for (const account of operation.accountFields) add(account.code, `unknown account in ${account.field}`);
  return codes;
}

describe("every operation of the spec", () => {
  it("has its behaviour file in src/operations, named after its command", () => {
    const files = new Set(readdirSync(new URL("../src/operations/", import.meta.url)));
    for (const { operationId, command } of operations) {
      expect(
        files.has(`${command.replaceAll("_", "-")}.ts`),
        `${operationId}: src/operations/${command.replaceAll("_", "-")}.ts`,
      ).toBe(true);
      expect(typeof operationBehaviours[operationId as OperationId], operationId).toBe("function");
    }
  });

  it("has a documentation request example that the mock accepts with an answer the spec allows", async () => {
    for (const operationId of ids) {
      const examples = operationExamples[operationId].requests as Record<
        string,
        { value: unknown } | undefined
      >;
      expect(examples.documentation, `${operationId} has no documentation request example`).toBeDefined();
      // The example may name accounts of its own (sendmsg's lumotuwe2): they are imported first.
      const named = accountsIn(operationTable[operationId].accountFields, examples.documentation?.value);
      const mock = createTimMock({ accounts: ["user1", "user2", ...named.map(({ account }) => account)] });
      const answer = await answerOf(mock, operationId);
      expect(answer.ActionStatus, `${operationId}: ${JSON.stringify(answer)}`).toBe("OK");
      expect(contractViolation(operationId, answer), operationId).toBeUndefined();
    }
  });

  it("has an example with the catalogue's text for every code the mock can answer", () => {
    // Every code an example shows, with the text beside it: the envelope's ErrorCode and ErrorInfo, or an
    // item's (ResultCode and ResultInfo in ResultItem, ErrorCode alone in ErrorList).
    const shownIn = (examples: readonly { value: unknown }[]) => {
      const shown: { code: number; text: string | undefined }[] = [];
      const walk = (value: unknown): void => {
        if (Array.isArray(value)) {
          for (const item of value) walk(item);
          return;
        }
        if (typeof value !== "object" || value === null) return;
        const fields = value as Record<string, unknown>;
        for (const [codeField, textField] of [
          ["ErrorCode", "ErrorInfo"],
          ["ResultCode", "ResultInfo"],
        ] as const) {
          const code = fields[codeField];
          const text = fields[textField];
          if (typeof code === "number")
            shown.push({ code, text: typeof text === "string" ? text : undefined });
        }
        for (const field of Object.values(fields)) walk(field);
      };
      for (const example of examples) walk(example.value);
      return shown;
    };
    for (const operationId of ids) {
      const own = shownIn(Object.values(operationExamples[operationId].responses));
      const shared = shownIn(Object.values(sharedExamples));
      for (const [code, what] of answerableCodes(operationId)) {
        // The operation's own examples when they show the code (an item's code is no failed request),
        // else the shared failures every command can answer.
        const shown = (own.some((example) => example.code === code) ? own : shared).filter(
          (example) => example.code === code,
        );
        expect(
          shown.length,
          `${operationId} answers ${code} (${what}) but no example shows it`,
        ).toBeGreaterThan(0);
        const texts = shown.flatMap(({ text }) => (text === undefined ? [] : [text]));
        if (texts.length === 0) continue;
        const entry = errorEntry(operationId, code);
        expect(
          texts,
          `${operationId}'s examples of ${code} (one with the catalogue's text, as the mock answers)`,
        ).toContain(entry?.errorInfo ?? entry?.description);
      }
    }
  });

  it("answers the mistakes every command shares with the codes its spec declares", async () => {
    const mock = createTimMock();
    const notAdmin = await adminUserSig({ identifier: "user1" });
    for (const operationId of ids) {
      const { codes, maxBodyBytes } = operationTable[operationId];
      const code = async (options: Parameters<typeof answerOf>[2]) =>
        (await answerOf(mock, operationId, options)).ErrorCode;
      expect(await code({ query: { sdkappid: null } }), `${operationId} without sdkappid`).toBe(
        codes.sdkAppIdMissing,
      );
      expect(
        await code({ query: { identifier: "user1", usersig: notAdmin } }),
        `${operationId} as user1`,
      ).toBe(codes.notAdmin);
      expect(await code({ query: { usersig: "" } }), `${operationId} without usersig`).toBe(
        codes.userSigEmpty,
      );
      expect(await code({ rawBody: "{not json" }), `${operationId} with a body that is not JSON`).toBe(
        codes.bodyNotJson,
      );
      expect(await code({ body: [] }), `${operationId} with an array for a body`).toBe(codes.bodyInvalid);
      const tooLong = "x".repeat((maxBodyBytes ?? undocumentedBodyLimitBytes) + 1);
      expect(
        await code({ rawBody: JSON.stringify({ Padding: tooLong }) }),
        `${operationId} with a body over its limit`,
      ).toBe(codes.bodyTooLong);
    }
  });
});
