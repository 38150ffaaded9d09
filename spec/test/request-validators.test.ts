// The request-validator generator on a made-up API that uses every keyword it implements, differential-
// tested against Ajv 2020: the next endpoints (integers, enums, patterns, message bodies discriminated by a
// type tag) need only their spec files, and get the same verdicts and first errors Ajv would give.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { generateRequestValidators } from "../scripts/generators/request-validators";
import type { JsonSchema, OpenApiDocument } from "../scripts/openapi-document";
import { firstError, referenceAjv } from "./ajv-reference";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const schemas: Record<string, JsonSchema> = {
  SendRequest: {
    type: "object",
    description: "descriptive keywords are dropped",
    required: ["From", "To", "MsgRandom", "MsgBody"],
    properties: {
      From: ref("UserId"),
      To: ref("UserId"),
      SyncOtherMachine: { type: "integer", enum: [1, 2] },
      MsgRandom: { type: "integer", minimum: 0, maximum: 4294967295 },
      MsgLifeTime: { type: "integer", minimum: 0, exclusiveMaximum: 604801 },
      Priority: { type: "string", maxLength: 6, enum: ["High", "Normal", "Low", "Lowest"] },
      Score: { type: "number", minimum: 0, enum: [0, 0.5, 1] },
      Ratio: { type: "number", exclusiveMinimum: 0, maximum: 1 },
      Flag: { type: "boolean" },
      Nothing: { type: "null" },
      Version: { const: "2.0" },
      Tags: { type: "array", maxItems: 3, items: { type: "string", pattern: "^[a-z]+$" } },
      MsgBody: { type: "array", minItems: 1, items: ref("MsgElem") },
      // Property names that are also keywords, extensions or JSON-pointer escapes.
      title: { type: "string", maxLength: 3 },
      "x-id": { type: "integer" },
      "a/~b": { type: "boolean" },
    },
  },
  UserId: { type: "string", minLength: 1, maxLength: 32, "x-timkit-max-bytes": 32 },
  MsgElem: {
    type: "object",
    oneOf: [ref("TextElem"), ref("CustomElem")],
    discriminator: { propertyName: "MsgType" },
  },
  TextElem: {
    type: "object",
    required: ["MsgType", "MsgContent"],
    properties: {
      MsgType: { const: "TIMTextElem" },
      MsgContent: {
        type: "object",
        required: ["Text"],
        properties: { Text: { type: "string", minLength: 1 } },
      },
    },
  },
  CustomElem: {
    type: "object",
    required: ["MsgType", "MsgContent"],
    properties: {
      MsgType: { type: "string", enum: ["TIMCustomElem", "TIMFaceElem"] },
      MsgContent: { type: "object", properties: { Data: { type: "string" }, Index: { type: "integer" } } },
    },
  },
};

function documentWith(components: Record<string, JsonSchema>): OpenApiDocument {
  return {
    servers: [],
    paths: {
      "/v4/test/send": {
        post: {
          operationId: "send",
          requestBody: { content: { "application/json": { schema: ref("SendRequest") } } },
          responses: {},
        },
      },
    },
    components: { schemas: components },
  };
}

const directory = mkdtempSync(join(tmpdir(), "timkit-validators-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

type Validator = ((body: unknown) => boolean) & { errors?: Record<string, unknown>[] | null };

/** Generates the validators for `components` and loads them as the client would: an ES module. */
async function load(components: Record<string, JsonSchema>): Promise<{ send: Validator; source: string }> {
  const { js } = generateRequestValidators(documentWith(components));
  const file = join(directory, `validators-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, js);
  const module = (await import(pathToFileURL(file).href)) as { send: Validator };
  return { send: module.send, source: js };
}

const valid = {
  From: "alice",
  To: "bob",
  SyncOtherMachine: 1,
  MsgRandom: 1287657,
  MsgLifeTime: 604800,
  Priority: "Normal",
  Score: 0.5,
  Ratio: 1,
  Flag: true,
  Nothing: null,
  Version: "2.0",
  Tags: ["a", "bc"],
  MsgBody: [
    { MsgType: "TIMTextElem", MsgContent: { Text: "hi" } },
    { MsgType: "TIMCustomElem", MsgContent: { Data: "x", Index: 3 } },
  ],
};

const paths: (string | number)[][] = [
  [],
  ...Object.keys(valid).map((key) => [key]),
  ["Tags", 0],
  ["Tags", 3],
  ["MsgBody", 0],
  ["MsgBody", 2],
  ["MsgBody", 0, "MsgType"],
  ["MsgBody", 0, "MsgContent"],
  ["MsgBody", 0, "MsgContent", "Text"],
  ["MsgBody", 1, "MsgType"],
  ["MsgBody", 1, "MsgContent"],
  ["MsgBody", 1, "MsgContent", "Data"],
  ["MsgBody", 1, "MsgContent", "Index"],
  ["title"],
  ["x-id"],
  ["a/~b"],
  ["Extra/~field"],
];

const replacements: unknown[] = [
  undefined,
  null,
  0,
  -0,
  -1,
  1,
  2,
  3,
  0.5,
  1.5,
  604800,
  604801,
  4294967295,
  4294967296,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  "",
  "a",
  "abc",
  "ABC",
  "2.0",
  "High",
  "Urgent",
  "Lowest",
  "x".repeat(32),
  "x".repeat(33),
  "é".repeat(16),
  "é".repeat(17),
  "TIMTextElem",
  "TIMCustomElem",
  "TIMFaceElem",
  "TIMBogusElem",
  "toString",
  [],
  ["a"],
  [{}],
  [undefined, 1],
  {},
  { MsgContent: { Text: "no tag" } },
  Number.NEGATIVE_INFINITY,
  "1",
  "😀",
  "\ud800",
  { MsgType: "TIMTextElem" },
  { MsgType: "TIMFaceElem", MsgContent: {} },
  { MsgType: 7, MsgContent: {} },
  { Text: "" },
];

/** A copy of `body` with each (path, value) applied; a path through something that is not a container is skipped. */
function mutate(body: unknown, changes: [(string | number)[], unknown][]): unknown {
  let result: unknown = structuredClone(body);
  for (const [path, value] of changes) {
    if (path.length === 0) {
      result = structuredClone(value);
      continue;
    }
    let parent = result as Record<string | number, unknown> | null;
    for (const step of path.slice(0, -1)) {
      parent =
        parent && typeof parent === "object" ? (parent[step] as Record<string | number, unknown>) : null;
    }
    if (!parent || typeof parent !== "object") continue;
    const last = path[path.length - 1] as string | number;
    if (value === undefined) delete parent[last];
    else parent[last] = structuredClone(value);
  }
  return result;
}

describe("generated request validators, every implemented keyword, against Ajv 2020", async () => {
  const { send, source } = await load(schemas);
  const ajv = referenceAjv();
  // Ajv gets the schemas as written (it ignores descriptive keywords itself), so whatever the generator
  // strips is checked too.
  ajv.addSchema({ components: { schemas } }, "api.json");
  const reference = ajv.getSchema("api.json#/components/schemas/SendRequest");
  if (!reference) throw new Error("Ajv did not compile the reference schema");

  function agree(body: unknown): void {
    const expected = reference?.(body);
    expect(send(body), JSON.stringify(body)).toBe(expected);
    expect(send.errors?.[0], JSON.stringify(body)).toEqual(firstError(reference?.errors));
  }

  it("accept a body that uses every field", () => {
    expect(send(valid)).toBe(true);
    agree(valid);
  });

  it("agree with Ajv on every single change to every field", () => {
    for (const path of paths) for (const value of replacements) agree(mutate(valid, [[path, value]]));
  });

  it("agree with Ajv on random combinations of changes", () => {
    const change = fc.tuple(fc.constantFrom(...paths), fc.constantFrom(...replacements));
    fc.assert(
      fc.property(fc.array(change, { minLength: 2, maxLength: 4 }), (changes) => {
        agree(mutate(valid, changes));
      }),
      { numRuns: 3000 },
    );
  });

  it("check a message element against the branch its MsgType names, and say so when none does", () => {
    expect(send(mutate(valid, [[["MsgBody", 0, "MsgContent", "Text"], ""]]))).toBe(false);
    expect(send.errors?.[0]).toMatchObject({
      instancePath: "/MsgBody/0/MsgContent/Text",
      keyword: "minLength",
    });
    expect(send(mutate(valid, [[["MsgBody", 1, "MsgType"], "TIMBogusElem"]]))).toBe(false);
    expect(send.errors?.[0]).toEqual({
      instancePath: "/MsgBody/1",
      keyword: "discriminator",
      params: { error: "mapping", tag: "MsgType", tagValue: "TIMBogusElem" },
      message: 'value of tag "MsgType" must be in oneOf',
    });
  });

  it("carry only the runtime parts the schemas use", async () => {
    for (const part of [
      "comparisons",
      "patterns",
      "utf8Length",
      "allowedValues",
      "allowedValue",
      "discriminator",
    ]) {
      expect(source, part).toContain(part);
    }
    const { source: small } = await load({
      SendRequest: {
        type: "object",
        required: ["From"],
        properties: { From: { type: "string", maxLength: 3 } },
      },
    });
    for (const part of [
      "comparisons",
      "patterns",
      "utf8Length",
      "allowedValues",
      "discriminator",
      "isFinite",
    ]) {
      expect(small, part).not.toContain(part);
    }
  });
});

describe("the request-validator generator refuses what it would not check", () => {
  const refusals: [string, Record<string, JsonSchema>, RegExp][] = [
    ["an unknown keyword", { SendRequest: { type: "string", format: "email" } }, /keyword "format"/],
    [
      "an unknown type",
      { SendRequest: { type: ["string", "null"] } as JsonSchema },
      /type \["string","null"\]/,
    ],
    [
      "a keyword of another type",
      { SendRequest: { type: "string", minimum: 1 } },
      /"minimum" does not apply to type string/,
    ],
    [
      "an enum of objects",
      { SendRequest: { enum: [{ a: 1 }] } },
      /enum must list strings, numbers, booleans or null/,
    ],
    ["an invalid pattern", { SendRequest: { type: "string", pattern: "(" } }, /Invalid regular expression/],
    [
      "a oneOf without a discriminator",
      { SendRequest: { oneOf: [ref("A")] }, A: { type: "string" } },
      /needs a discriminator/,
    ],
    [
      "a discriminator mapping",
      { SendRequest: { oneOf: [ref("A")], discriminator: { propertyName: "T", mapping: {} } }, A: {} },
      /mapping is not supported/,
    ],
    [
      "a branch without a const tag",
      {
        SendRequest: { oneOf: [ref("A")], discriminator: { propertyName: "T" } },
        A: { type: "object", required: ["T"], properties: { T: { type: "string" } } },
      },
      /A must give "T" a const or enum of strings/,
    ],
    [
      "a branch that does not require its tag",
      {
        SendRequest: { oneOf: [ref("A")], discriminator: { propertyName: "T" } },
        A: { type: "object", properties: { T: { const: "a" } } },
      },
      /A must require "T"/,
    ],
    [
      "two branches with the same tag value",
      {
        SendRequest: { required: ["T"], oneOf: [ref("A"), ref("B")], discriminator: { propertyName: "T" } },
        A: { type: "object", properties: { T: { const: "a" } } },
        B: { type: "object", properties: { T: { enum: ["b", "a"] } } },
      },
      /"T" value "a" names two branches/,
    ],
    [
      "a tag value that an object literal would read as its prototype",
      {
        SendRequest: { required: ["T"], oneOf: [ref("A")], discriminator: { propertyName: "T" } },
        A: { type: "object", properties: { T: { const: "__proto__" } } },
      },
      /cannot take the value "__proto__"/,
    ],
    [
      "a boolean subschema",
      { SendRequest: { type: "object", properties: { A: false as unknown as JsonSchema } } },
      /must be an object/,
    ],
    [
      "a property named __proto__",
      { SendRequest: { type: "object", properties: JSON.parse('{"__proto__":{"type":"string"}}') } },
      /no property "__proto__"/,
    ],
    [
      "a component named __proto__",
      { SendRequest: { type: "object", properties: { A: ref("__proto__") } } },
      /"__proto__" is not a component name/,
    ],
    [
      "an empty component name",
      { SendRequest: { type: "object", properties: { A: ref("") } } },
      /"" is not a component name/,
    ],
    [
      "OpenAPI 3.0's boolean exclusiveMaximum",
      { SendRequest: { type: "number", exclusiveMaximum: true } },
      /exclusiveMaximum must be a finite number/,
    ],
    [
      "a null maxLength",
      { SendRequest: { type: "string", maxLength: null } as JsonSchema },
      /maxLength must be a non-negative integer/,
    ],
    [
      "required as a string",
      { SendRequest: { type: "object", required: "ab" } as JsonSchema },
      /required must be a list of property names/,
    ],
    [
      "a pattern that is not a string",
      { SendRequest: { type: "string", pattern: 5 } as JsonSchema },
      /pattern must be a string/,
    ],
    [
      "an inherited name as a tag value",
      {
        SendRequest: { required: ["T"], oneOf: [ref("A")], discriminator: { propertyName: "T" } },
        A: { type: "object", properties: { T: { const: "toString" } } },
      },
      /cannot take the value "toString"/,
    ],
    [
      "a discriminator without oneOf",
      { SendRequest: { type: "object", discriminator: { propertyName: "T" } } },
      /discriminator needs a oneOf/,
    ],
    [
      "a $ref with siblings",
      { SendRequest: { $ref: "#/components/schemas/A", type: "object" }, A: {} },
      /bare local \$ref/,
    ],
  ];

  it.each(refusals)("refuses %s, naming the place", (_, components, message) => {
    expect(() => generateRequestValidators(documentWith(components))).toThrow(message);
  });
});

describe("generated request validators on random schemas, against Ajv 2020", () => {
  // Random schemas from the supported keywords (with and without `type`, const and enum mixed with each
  // type's keywords) and random bodies: the fixed API above cannot reach every combination.
  const names = ["a", "b", "1", "0", "~/x", "constructor", "length", "title"];
  const primitives = [null, 0, -0, 1, 2, 3, "1", "a", "ab", "", "é", "😀", true, false, 1.5, -1];
  const keywordValues: Record<string, unknown[]> = {
    maximum: [0, 1, 1.5, -1, 3],
    minimum: [0, 1, 1.5, -1, 3],
    exclusiveMaximum: [0, 1, 1.5, -1, 3],
    exclusiveMinimum: [0, 1, 1.5, -1, 3],
    maxLength: [0, 1, 2, 3],
    minLength: [0, 1, 2, 3],
    maxItems: [0, 1, 2, 3],
    minItems: [0, 1, 2, 3],
    "x-timkit-max-bytes": [0, 1, 2, 3],
    pattern: ["^a", "b$", "^\\p{L}*$", "."],
  };
  const groupKeywords: Record<string, string[]> = {
    number: ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"],
    string: ["maxLength", "minLength", "pattern", "x-timkit-max-bytes"],
    array: ["maxItems", "minItems", "items"],
    object: ["required", "properties"],
  };

  function randomSchema(next: () => number, depth: number): JsonSchema {
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    const type = pick([
      undefined,
      undefined,
      "string",
      "object",
      "array",
      "integer",
      "number",
      "boolean",
      "null",
    ]);
    const schema: JsonSchema = type ? { type } : {};
    const groups =
      type === undefined
        ? Object.keys(groupKeywords)
        : type === "integer"
          ? ["number"]
          : groupKeywords[type]
            ? [type]
            : [];
    for (let i = Math.floor(next() * 4); i > 0 && groups.length > 0; i--) {
      const keyword = pick(groupKeywords[pick(groups)] ?? []);
      if (keyword === "items") schema.items = depth > 0 ? randomSchema(next, depth - 1) : { type: "string" };
      else if (keyword === "required") schema.required = [...new Set([pick(names), pick(names)])];
      else if (keyword === "properties") {
        schema.properties = Object.fromEntries(
          [pick(names), pick(names)].map((name) => [
            name,
            depth > 0 ? randomSchema(next, depth - 1) : { type: "integer" },
          ]),
        );
      } else schema[keyword] = pick(keywordValues[keyword] ?? []);
    }
    if (next() < 0.3) schema.const = pick(primitives);
    if (next() < 0.3) schema.enum = [...new Set([pick(primitives), pick(primitives), pick(primitives)])];
    return schema;
  }

  function randomBody(next: () => number, depth: number): unknown {
    const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
    const roll = next();
    if (roll < 0.45 || depth === 0) {
      return pick([...primitives, Number.NaN, Number.POSITIVE_INFINITY, "abc", "aab", "\ud800", undefined]);
    }
    if (roll < 0.7) {
      const list = Array.from({ length: Math.floor(next() * 4) }, () => randomBody(next, depth - 1));
      if (next() < 0.2) list.length += 1; // a hole
      return list;
    }
    return Object.fromEntries(
      Array.from({ length: Math.floor(next() * 4) }, () => [pick(names), randomBody(next, depth - 1)]),
    );
  }

  it("agree with Ajv on verdict and first error", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 2 }), async (seed) => {
        let state = seed;
        const next = () => {
          state = (state * 48271) % 2147483647; // Park–Miller: reproducible from fast-check's seed
          return state / 2147483647;
        };
        const components = { SendRequest: randomSchema(next, 2) };
        const { send } = await load(components);
        const ajv = referenceAjv();
        ajv.addSchema({ components: { schemas: components } }, "random.json");
        const reference = ajv.getSchema("random.json#/components/schemas/SendRequest");
        for (let i = 0; i < 60; i++) {
          const body = randomBody(next, 3);
          const context = `${JSON.stringify(components.SendRequest)} on ${JSON.stringify(body)}`;
          expect(send(body), context).toBe(reference?.(body));
          expect(send.errors?.[0], context).toEqual(firstError(reference?.errors));
        }
      }),
      { numRuns: 120 },
    );
  }, 60_000);
});
