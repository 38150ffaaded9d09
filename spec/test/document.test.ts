import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import document from "../generated/openapi.json" with { type: "json" };

describe("the bundled document", () => {
  it("is a valid OpenAPI 3.1 document", { timeout: 60_000 }, async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("gives every operation an operationId, a summary, a tag and a 200 response", () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const operation = item.post;
      expect(operation.operationId, path).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect(operation.summary, path).not.toBe("");
      expect(operation.tags.length, path).toBeGreaterThan(0);
      expect(operation.responses["200"], path).toBeDefined();
    }
  });

  it("sends the five auth query parameters on every path", () => {
    for (const [path, item] of Object.entries(document.paths)) {
      expect(item.parameters.map((parameter) => parameter.$ref).sort(), path).toEqual(
        ["contenttype", "identifier", "random", "sdkappid", "usersig"].map(
          (name) => `#/components/parameters/${name}`,
        ),
      );
    }
  });
});
