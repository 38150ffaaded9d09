import { errorCatalog, errorCodeRanges, operationTable, regionTable } from "@timkit/spec";
import document from "@timkit/spec/openapi.json" with { type: "json" };
import {
  examplesOf,
  listOperations,
  listWebhooks,
  type OpenApiDocument,
  type Operation,
  responseMedia,
} from "@timkit/spec/openapi-document";
import { describe, expect, it } from "vitest";
import { clientSample, typeScriptLiteral } from "../src/code-samples.ts";
import { createDocsVariant, type DocsSources, sharedExampleNames } from "../src/docs-variant.ts";
import { errorCodeTable } from "../src/error-code-table.ts";
import { sampleLanguages } from "../src/redoc-options.ts";

const spec = document as unknown as OpenApiDocument;
const sources: DocsSources = {
  errorCatalog,
  errorCodeRanges,
  operationTable,
  regionTable,
  sampleRegion: "singapore",
};
const variant = createDocsVariant(spec, sources);
const readReceipt = variant.paths["/v4/openim/c2c_msg_read_receipt"]?.post as Operation;
const sample = (label: string) =>
  readReceipt["x-codeSamples"]?.find((entry) => entry.label === label)?.source;

describe("docs variant of the spec", () => {
  it("adds a curl sample that posts the spec's request example to the Singapore primary domain", () => {
    const curl = sample("curl");
    expect(curl).toContain(
      `curl -X POST "https://adminapisgp.im.qcloud.com/v4/openim/c2c_msg_read_receipt?sdkappid=88888888&identifier=admin&usersig=$USERSIG&random=$RANDOM&contenttype=json"`,
    );
    const body = curl?.match(/-d '([^']*)'/)?.[1];
    expect(JSON.parse(body ?? "")).toEqual(
      document.components.examples["c2c_msg_read_receipt-request"].value,
    );
  });

  it("adds a @timkit/client sample that calls the operationId with the same example", () => {
    const client = sample("@timkit/client");
    expect(client).toContain(`import { createTimClient } from "@timkit/client";`);
    expect(client).toContain(`region: "singapore",\n  secretKey: process.env.TIM_SECRET_KEY,`);
    expect(client).toContain(`sdkAppId: 88888888,`);
    expect(client).toContain(`await tim.c2cMsgReadReceipt({\n  Operator_Account: "user1",`);
    expect(client).toContain(`MsgKey: "1467329515_5675354_1708676941",`);
  });

  it("writes sample bodies as TypeScript literals that evaluate back to the example", () => {
    const example = { Operator_Account: "a", "needs-quotes": [1, { nested: null }], empty: [] };
    expect(new Function(`return ${typeScriptLiteral(example)};`)()).toEqual(example);
  });

  it("appends a table with every error code of the operation, its meaning and whether to retry", () => {
    const codes = operationTable.c2cMsgReadReceipt.errorCodes;
    expect(readReceipt.description).toContain("### Error codes");
    expect(readReceipt.description).toContain(errorCodeTable(codes, errorCatalog.c2cMsgReadReceipt));
    expect(readReceipt.description).toContain("| 20004 | Network exception, please retry. | Yes |");
    expect(readReceipt.description).toContain(
      "| 70050 | UserSig failures hit the rate limit: retry after 1 minute | No (wait 60 s) |",
    );
    const rows = readReceipt.description?.split("\n").filter((line) => /^\| \d+ \|/.test(line));
    expect(rows?.map((row) => Number(row.split("|")[1]))).toEqual(codes);
  });

  it("escapes pipes and line breaks inside a table cell", () => {
    const entry = { code: 1, description: "a | b\nc", retryable: false } as const;
    expect(errorCodeTable([1], { 1: entry })).toContain("| 1 | a \\| b c | No |");
  });

  it("expands the templated server into the seven regions' primary domains, backups described", () => {
    expect(variant.servers).toHaveLength(7);
    expect(variant.servers?.map((server) => server.url)).toEqual(
      Object.values(regionTable).map(({ primary }) => `https://${primary}`),
    );
    expect(variant.servers?.[1]).toEqual({
      url: "https://adminapisgp.im.qcloud.com",
      description: "Singapore (backup: adminapisgp.my-imcloud.com)",
    });
  });

  it("lists the samples' languages for Redoc's menu, the payload last", () => {
    expect(sampleLanguages(variant)).toEqual([
      { lang: "bash", label: "curl" },
      { lang: "TypeScript", label: "@timkit/client" },
      { lang: "Payload" },
    ]);
  });

  it("leaves the bundled spec itself untouched", () => {
    const before = JSON.stringify(document);
    createDocsVariant(spec, sources);
    expect(JSON.stringify(document)).toBe(before);
    expect(spec.servers).toHaveLength(1);
    expect(spec.servers?.[0]?.url).toBe("https://{domain}");
  });

  it("fails rather than invent a sample when an operation has no request example", () => {
    const withoutExample = structuredClone(spec);
    const [located] = listOperations(withoutExample);
    if (located) located.operation.requestBody = { content: { "application/json": {} } };
    expect(() => createDocsVariant(withoutExample, sources)).toThrow(/no request example/);
  });

  it("shows the failures every command shares among each operation's own response examples", () => {
    for (const { operation } of listOperations(variant)) {
      const examples = Object.keys(responseMedia(operation)?.examples ?? {});
      expect(examples, operation.operationId).toContain("ok");
      for (const shared of sharedExampleNames(spec))
        expect(examples, operation.operationId).toContain(shared);
      // Only its own and the shared ones: no other command's or callback's example.
      for (const name of examples)
        expect(name, operation.operationId).not.toMatch(/-(request|ok|body)|^(before|after)-/);
    }
    expect(sharedExampleNames(spec).length).toBeGreaterThan(10);
    expect(sharedExampleNames(spec).every((name) => name.startsWith("common-"))).toBe(true);
    expect(Object.keys(responseMedia(readReceipt)?.examples ?? {})[0]).toBe("ok");
  });

  it("gives every operation its code samples and its own error table, the shared codes with its own texts", () => {
    for (const { operation } of listOperations(variant)) {
      expect(operation["x-codeSamples"]?.length, operation.operationId).toBeGreaterThan(0);
      expect(operation.description, operation.operationId).toContain("### Error codes");
    }
    const accountImport = variant.paths["/v4/im_open_login_svc/account_import"]?.post as Operation;
    expect(accountImport.description).toContain(
      `| 40006 | ${errorCatalog.accountImport[40006].description} | Yes |`,
    );
  });

  it("lists a documented range of codes in the error table, such as sendmsg's callback codes", () => {
    const sendmsg = variant.paths["/v4/openim/sendmsg"]?.post as Operation;
    expect(sendmsg.description).toMatch(
      /\| 120001–130000 \| Custom code of the App backend's before-send callback.* \| No \|/,
    );
  });

  it("keeps every webhook with its body example and reply examples, and adds no command's failures to them", () => {
    const webhooks = listWebhooks(variant);
    expect(webhooks.map(({ command }) => command)).toEqual(listWebhooks(spec).map(({ command }) => command));
    expect(webhooks.length).toBeGreaterThan(0);
    for (const { command, operation } of webhooks) {
      const body =
        operation.requestBody && "content" in operation.requestBody ? operation.requestBody : undefined;
      expect(body?.content["application/json"]?.examples?.documentation, command).toBeDefined();
      const replies = examplesOf(variant, responseMedia(operation));
      expect(replies.length, command).toBeGreaterThan(0);
      expect(
        replies.map(({ name }) => name).filter((name) => name.startsWith("common-")),
        command,
      ).toEqual([]);
    }
  });

  it("fails when an operation is missing from the operation table", () => {
    expect(() => createDocsVariant(spec, { ...sources, operationTable: {} })).toThrow(/operation table/);
  });
});

describe("client sample", () => {
  it("passes the secret key from the environment rather than a literal", () => {
    const source = clientSample({
      operationId: "op",
      body: {},
      sdkAppId: 1,
      identifier: "a",
      region: "tokyo",
    });
    expect(source).toContain("secretKey: process.env.TIM_SECRET_KEY,");
    expect(source).toContain("await tim.op({});");
  });
});
