import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import {
  generatedHeader,
  listOperations,
  type OpenApiDocument,
  requestSchemaName,
} from "../openapi-document.ts";

// Keywords that describe rather than constrain: dropped so the compiled validators stay small.
const descriptive = new Set(["description", "title", "example", "examples", "discriminator"]);

function validationOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(validationOnly);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !descriptive.has(key) && !key.startsWith("x-"))
      .map(([key, entry]) => [key, validationOnly(entry)]),
  );
}

/**
 * One standalone validator per operation's request body, compiled by Ajv at build time so that no
 * validator compiler ships to browsers.
 */
export function generateRequestValidators(document: OpenApiDocument): { js: string; dts: string } {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: false,
    // maxLength counts UTF-16 code units, which keeps the runtime free of Ajv's ucs2length helper.
    unicode: false,
    // Ajv marks `unicode` as deprecated yet still honours it; pass its other warnings through.
    logger: {
      log: console.log,
      warn: (...args: unknown[]) => String(args[0]).includes("option unicode") || console.warn(...args),
      error: console.error,
    },
    code: { source: true, esm: true, lines: true },
  } as ConstructorParameters<typeof Ajv2020>[0]);
  ajv.addSchema({ components: validationOnly(document.components) }, "openapi.json");
  const exports: Record<string, string> = {};
  for (const { operation } of listOperations(document)) {
    const name = requestSchemaName(operation);
    if (name) exports[operation.operationId] = `openapi.json#/components/schemas/${name}`;
  }
  const code = standaloneCode(ajv, exports);
  if (code.includes("require(")) throw new Error("request validators must not need Ajv's runtime");
  const declarations = Object.entries(exports).map(
    ([operationId, ref]) =>
      `export declare const ${operationId}: RequestValidator<components["schemas"][${JSON.stringify(ref.split("/").pop())}]>;`,
  );
  return {
    js: `${generatedHeader("request-validators.ts")}${code.replace('"use strict";', "")}\n`,
    dts: `${generatedHeader("request-validators.ts")}import type { components } from "./schema.js";

/** One problem Ajv found, in its standard shape. */
export interface RequestValidationError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** A compiled request-body validator: a type guard that keeps its first problem in \`errors\`. */
export interface RequestValidator<Body> {
  (body: unknown): body is Body;
  errors?: RequestValidationError[] | null;
}

${declarations.join("\n")}
`,
  };
}
