// Redoc `x-codeSamples` written from an operation's own request examples, so the page never shows a
// call that the spec does not describe.
import type { RegionDomains } from "@timkit/spec";
import {
  type CodeSample,
  examplesOf,
  type LocatedOperation,
  type OpenApiDocument,
  type Parameter,
  requestMedia,
  resolve,
} from "@timkit/spec/openapi-document";

/**
 * Query parameters whose example must not be pasted: the UserSig (a query API key of the security
 * schemes) comes from the environment, and `random` must be fresh on every request, which bash's
 * `$RANDOM` is.
 */
export function shellVariables(document: OpenApiDocument): Map<string, string> {
  const variables = new Map([["random", "$RANDOM"]]);
  for (const scheme of Object.values(document.components?.securitySchemes ?? {})) {
    const { type, in: location, name } = resolve(document, scheme);
    if (type === "apiKey" && location === "query" && name) variables.set(name, `$${name.toUpperCase()}`);
  }
  return variables;
}

/** The value the spec gives as a parameter's example (or its only allowed value). */
export function parameterExample(parameter: Parameter): unknown {
  const value =
    parameter.example ??
    parameter.schema?.example ??
    parameter.schema?.enum?.[0] ??
    parameter.schema?.default;
  if (value === undefined) throw new Error(`parameter ${parameter.name} has no example in the spec`);
  return value;
}

const shellQuote = (text: string): string => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * A curl call of the operation on the region's primary domain.
 *
 * @example
 * curlSample({ located, body, region: { id: "singapore", ...regionTable.singapore }, variables: shellVariables(document) });
 */
export function curlSample(options: {
  located: LocatedOperation;
  body: unknown;
  region: SampleRegion;
  variables: ReadonlyMap<string, string>;
}): string {
  const { located, body, region, variables } = options;
  const query = located.parameters
    .filter((parameter) => parameter.in === "query")
    .map(
      (parameter) =>
        `${parameter.name}=${variables.get(parameter.name) ?? encodeURIComponent(String(parameterExample(parameter)))}`,
    )
    .join("&");
  const url = `https://${region.primary}${located.path}${query ? `?${query}` : ""}`;
  return [
    `# ${region.name} data center (backup domain: ${region.backup})`,
    `curl -X ${located.method.toUpperCase()} "${url}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join("\n");
}

const identifierPattern = /^[A-Za-z_$][\w$]*$/;

/** A value as a TypeScript literal: bare keys where allowed, two-space indent, trailing commas. */
export function typeScriptLiteral(value: unknown, indent = ""): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${typeScriptLiteral(item, inner)},\n`).join("")}${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([key, item]) => {
      const name = identifierPattern.test(key) ? key : JSON.stringify(key);
      return `${inner}${name}: ${typeScriptLiteral(item, inner)},\n`;
    });
    return `{\n${lines.join("")}${indent}}`;
  }
  return JSON.stringify(value);
}

/**
 * The same call made with `@timkit/client`, which signs the UserSig itself from the secret key.
 *
 * @example
 * clientSample({ operationId: "c2cMsgReadReceipt", body, sdkAppId: 88888888, identifier: "admin", region: "singapore" });
 */
export function clientSample(options: {
  operationId: string;
  body: unknown;
  sdkAppId: unknown;
  identifier: unknown;
  region: string;
}): string {
  const { operationId, body, sdkAppId, identifier, region } = options;
  const settings = typeScriptLiteral({ sdkAppId, identifier, region }).replace(
    /\n}$/,
    "\n  secretKey: process.env.TIM_SECRET_KEY,\n}",
  );
  return [
    `import { createTimClient } from "@timkit/client";`,
    "",
    `const tim = createTimClient(${settings});`,
    "",
    `await tim.${operationId}(${typeScriptLiteral(body)});`,
  ].join("\n");
}

/** The region a sample calls, with its id as `@timkit/client` takes it. */
export interface SampleRegion extends RegionDomains {
  id: string;
}

/** The curl and `@timkit/client` samples of an operation's `documentation` request example. */
export function codeSamples(
  document: OpenApiDocument,
  located: LocatedOperation,
  region: SampleRegion,
): CodeSample[] {
  // One pair of samples per operation, from Tencent's own example: every page lists the same languages,
  // and the other examples stay in the request examples beside them.
  const example = examplesOf(document, requestMedia(document, located.operation)).find(
    ({ name }) => name === "documentation",
  );
  if (!example) {
    throw new Error(
      `${located.operation.operationId} has no request example named "documentation" to write code samples from`,
    );
  }
  const queryExample = (name: string): unknown => {
    const parameter = located.parameters.find((candidate) => candidate.name === name);
    if (!parameter) throw new Error(`${located.operation.operationId} has no ${name} parameter`);
    return parameterExample(parameter);
  };
  return [
    {
      lang: "bash",
      label: "curl",
      source: curlSample({ located, body: example.value, region, variables: shellVariables(document) }),
    },
    {
      lang: "TypeScript",
      label: "@timkit/client",
      source: clientSample({
        operationId: located.operation.operationId,
        body: example.value,
        sdkAppId: queryExample("sdkappid"),
        identifier: queryExample("identifier"),
        region: region.id,
      }),
    },
  ];
}
