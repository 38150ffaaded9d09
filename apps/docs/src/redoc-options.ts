// The options the page is rendered with (`redocly build-docs --openapi <json>`), derived from the docs
// variant so that the language menu lists exactly the code samples it holds.
import { listOperations, type OpenApiDocument } from "@timkit/spec/openapi-document";

/** A language of Redoc's code-sample menu; Redoc keys it by label, so a sample shows only when listed. */
export interface SampleLanguage {
  lang: string;
  label?: string;
}

/**
 * Every `x-codeSamples` language of the document in first-seen order, then the request payload.
 *
 * @example
 * sampleLanguages(variant); // [{ lang: "Shell", label: "curl" }, { lang: "TypeScript", label: "@timkit/client" }, { lang: "Payload" }]
 */
export function sampleLanguages(document: OpenApiDocument): SampleLanguage[] {
  const languages = new Map<string, SampleLanguage>();
  for (const { operation } of listOperations(document)) {
    for (const { lang, label } of operation["x-codeSamples"] ?? []) {
      if (!languages.has(label)) languages.set(label, { lang, label });
    }
  }
  return [...languages.values(), { lang: "Payload" }];
}

/** Redoc options of the page. */
export function redocOptions(document: OpenApiDocument): Record<string, unknown> {
  return {
    codeSamples: { languages: sampleLanguages(document) },
    // Request and response examples fully expanded: every field readable without a click.
    jsonSamplesExpandLevel: "all",
    sortRequiredPropsFirst: true,
  };
}
