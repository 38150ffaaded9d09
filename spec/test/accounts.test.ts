// The account commands in the spec, compared with reference §5 field by field: names, types, required,
// limits, rate limits, codes and the documented examples.
import { describe, expect, it } from "vitest";
import document from "../generated/openapi.json" with { type: "json" };
import { errorCatalog, type OperationId, operationExamples, operationTable } from "../src/index";
import { type JsonSchema, type OpenApiDocument, requestMedia, resolve } from "../src/openapi-document";
import { codesIn, ratePerSecond, section, tableRows } from "./flow-reference";

const spec = document as unknown as OpenApiDocument;
const rows = new Map(
  tableRows(section("## 5. Account APIs")).map((cells) => [/`(\w+)`/.exec(cells[0] ?? "")?.[1] ?? "", cells]),
);
const operationOf: Record<string, OperationId> = {
  account_import: "accountImport",
  multiaccount_import: "multiaccountImport",
  account_check: "accountCheck",
  account_delete: "accountDelete",
};

/** The request schema of an operation, references resolved at every level asked for. */
function requestSchema(operationId: OperationId): JsonSchema {
  const { path } = operationTable[operationId];
  const operation = spec.paths[path]?.post as Parameters<typeof requestMedia>[1];
  return resolve(spec, requestMedia(spec, operation)?.schema as JsonSchema);
}
const at = (schema: JsonSchema, ...steps: string[]): JsonSchema =>
  steps.reduce((current, step) => {
    const next =
      step === "[]"
        ? current.items
        : (current.properties?.[step] ??
          current.allOf?.map((part) => resolve(spec, part)).find((part) => part.properties?.[step])
            ?.properties?.[step]);
    if (!next) throw new Error(`no ${step}`);
    return resolve(spec, next);
  }, schema);

describe("the account commands say what reference §5 says", () => {
  it("reads all four commands of the reference table (guards the parser itself)", () => {
    expect([...rows.keys()]).toEqual(Object.keys(operationOf));
  });

  it("gives each command the documented rate limit", () => {
    for (const [command, cells] of rows) {
      const rate = ratePerSecond(cells[3] ?? "");
      expect(operationTable[operationOf[command] as OperationId].rateLimitPerSecond, command).toBe(rate);
    }
  });

  it("documents every private code of each command with its meaning, and says which table was not retrieved", () => {
    for (const [command, cells] of rows) {
      const id = operationOf[command] as OperationId;
      for (const code of codesIn(cells[4] ?? "")) {
        expect(operationTable[id].errorCodes, `${command} ${code}`).toContain(code);
        expect(
          errorCatalog[id][code as keyof (typeof errorCatalog)[typeof id]],
          `${command} ${code}`,
        ).toBeDefined();
      }
      if (/not retrieved/i.test(cells[4] ?? "")) {
        // The spec says so where a reader of the failure looks: the command's failure schema.
        const failure =
          `${id[0]?.toUpperCase()}${id.slice(1)}Failure` as keyof typeof document.components.schemas;
        expect(document.components.schemas[failure]?.description, command).toMatch(
          /could\s+not\s+be\s+retrieved/,
        );
      }
    }
  });

  it("account_import: UserID required and at most 32 bytes, Nick and FaceUrl optional strings, the documented example", () => {
    const schema = requestSchema("accountImport");
    const profile = resolve(spec, schema.allOf?.[0] as JsonSchema);
    expect(profile.required).toEqual(["UserID"]);
    expect(at(profile, "UserID")).toMatchObject({ type: "string", maxLength: 32, "x-timkit-max-bytes": 32 });
    expect(at(profile, "Nick").type).toBe("string");
    expect(at(profile, "FaceUrl").type).toBe("string");
    const documented = /Example `(\{.*?\})`/.exec(rows.get("account_import")?.[1] ?? "")?.[1] ?? "";
    expect(operationExamples.accountImport.requests.documentation.value).toEqual(JSON.parse(documented));
  });

  it("multiaccount_import: both forms, each at most 100 items, FailAccounts in the answer", () => {
    const schema = requestSchema("multiaccountImport");
    expect(at(schema, "Accounts")).toMatchObject({ type: "array", maxItems: 100 });
    expect(at(schema, "Accounts", "[]")).toMatchObject({ type: "string", "x-timkit-max-bytes": 32 });
    expect(at(schema, "AccountList")).toMatchObject({ type: "array", maxItems: 100 });
    expect(at(schema, "AccountList", "[]").required).toEqual(["UserID"]);
    expect(schema.oneOf?.map((branch) => branch.required)).toEqual([["Accounts"], ["AccountList"]]);
    expect(JSON.stringify(document.components.schemas.MultiaccountImportSuccess)).toContain("FailAccounts");
  });

  it("account_check and account_delete: CheckItem and DeleteItem lists of {UserID}, at most 100, and their ResultItem", () => {
    for (const [id, list] of [
      ["accountCheck", "CheckItem"],
      ["accountDelete", "DeleteItem"],
    ] as const) {
      const schema = requestSchema(id);
      expect(schema.required, id).toEqual([list]);
      expect(at(schema, list), id).toMatchObject({ type: "array", maxItems: 100 });
      expect(at(schema, list, "[]").required, id).toEqual(["UserID"]);
    }
    const check = document.components.schemas.AccountCheckResultItem;
    expect(Object.keys(check.properties)).toEqual(["UserID", "ResultCode", "ResultInfo", "AccountStatus"]);
    expect(check.properties.AccountStatus.enum).toEqual(["Imported", "NotImported"]);
    expect(Object.keys(document.components.schemas.AccountDeleteResultItem.properties)).toEqual([
      "ResultCode",
      "ResultInfo",
      "UserID",
    ]);
    const failedItem =
      /Example failed item: `(\{.*?\})`/.exec(rows.get("account_delete")?.[2] ?? "")?.[1] ?? "";
    const example = operationExamples.accountDelete.responses.ok.value as { ResultItem: readonly unknown[] };
    expect(example.ResultItem).toContainEqual(JSON.parse(failedItem));
  });
});
