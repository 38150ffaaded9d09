import openapiTS, { astToString } from "openapi-typescript";
import type { OpenApiDocument } from "../../src/openapi-document.ts";
import { generatedHeader } from "../generated-header.ts";

/** The openapi-typescript types (`paths`, `components`, `operations`) of the whole API. */
export async function generateTypes(document: OpenApiDocument): Promise<string> {
  // openapi-typescript annotates documents in place; give it a copy.
  const ast = await openapiTS(structuredClone(document) as never, { alphabetize: false });
  return `${generatedHeader("types.ts")}${astToString(ast)}`;
}
