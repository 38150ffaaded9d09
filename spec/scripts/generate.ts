// Writes every artefact derived from the bundled spec (generated/openapi.json, made by `redocly bundle`).
// Each generator is one small module that turns the document into the text of one file.
import { readFile, writeFile } from "node:fs/promises";
import type { OpenApiDocument } from "../src/openapi-document.ts";
import { generateErrorCatalog } from "./generators/error-catalog.ts";
import { generateExamples } from "./generators/examples.ts";
import { generateOperationTable } from "./generators/operation-table.ts";
import { generateRegionTable } from "./generators/region-table.ts";
import { generateRequestValidators, generateWebhookValidators } from "./generators/request-validators.ts";
import { generateTypes } from "./generators/types.ts";
import { generateWebhookTable } from "./generators/webhook-table.ts";

const generatedDir = new URL("../generated/", import.meta.url);

const documentText = await readFile(new URL("openapi.json", generatedDir), "utf8");
const document = JSON.parse(documentText) as OpenApiDocument;

const validators = generateRequestValidators(document);
const webhookValidators = generateWebhookValidators(document);
const artefacts: Record<string, string> = {
  "schema.d.ts": await generateTypes(document),
  "error-catalog.ts": generateErrorCatalog(document),
  "region-table.ts": generateRegionTable(document),
  "operation-table.ts": generateOperationTable(document),
  "examples.ts": generateExamples(document),
  "request-validators.js": validators.js,
  "request-validators.d.ts": validators.dts,
  "webhook-table.ts": generateWebhookTable(document),
  "webhook-validators.js": webhookValidators.js,
  "webhook-validators.d.ts": webhookValidators.dts,
};

// Keep the bundle byte-stable with a trailing newline so diffs stay clean.
await writeFile(new URL("openapi.json", generatedDir), `${JSON.stringify(document, null, 2)}\n`);
for (const [file, text] of Object.entries(artefacts)) {
  await writeFile(new URL(file, generatedDir), text);
}
console.log(`generated: openapi.json, ${Object.keys(artefacts).join(", ")}`);
