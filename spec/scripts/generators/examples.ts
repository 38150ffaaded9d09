import {
  examplesOf,
  listOperations,
  listWebhooks,
  type NamedExample,
  type OpenApiDocument,
  requestMedia,
  resolve,
  responseMedia,
} from "../../src/openapi-document.ts";
import { generatedHeader } from "../generated-header.ts";

/**
 * Every operation's request and response examples, references resolved, and the document's shared
 * examples (the failures any command can answer): what the docs, the sandbox and the tests show and send,
 * read from the spec in one place.
 */
export function generateExamples(document: OpenApiDocument): string {
  const byName = (examples: NamedExample[]) =>
    Object.fromEntries(examples.map(({ name, ...example }) => [name, example]));
  const operations = listOperations(document).map(({ operation }) => {
    const requests = byName(examplesOf(document, requestMedia(document, operation)));
    const responses = byName(examplesOf(document, responseMedia(operation)));
    return `  ${operation.operationId}: ${JSON.stringify({ requests, responses })},`;
  });
  const webhooks = listWebhooks(document).map(({ command, operation }) => {
    const requests = byName(examplesOf(document, requestMedia(document, operation)));
    const responses = byName(examplesOf(document, responseMedia(operation)));
    return `  ${JSON.stringify(command)}: ${JSON.stringify({ requests, responses })},`;
  });
  const shared = Object.entries(document.components.examples ?? {}).map(([name, entry]) => {
    const { summary, value } = resolve(document, entry);
    return `  ${JSON.stringify(name)}: ${JSON.stringify({ ...(summary === undefined ? {} : { summary }), value })},`;
  });
  return `${generatedHeader("examples.ts")}
/** One example of the spec: a short summary and the JSON value. */
export interface SpecExample {
  readonly summary?: string;
  readonly value: unknown;
}

/** An operation's examples by name: request bodies (\`documentation\` is Tencent's own) and answers. */
export interface OperationExamples {
  readonly requests: Readonly<Record<string, SpecExample>>;
  readonly responses: Readonly<Record<string, SpecExample>>;
}

/** Every operation's examples, keyed by operationId. */
export const operationExamples = {
${operations.join("\n")}
} as const satisfies Record<string, OperationExamples>;

/** Every callback's examples, keyed by CallbackCommand: bodies (\`documentation\`) and replies. */
export const webhookExamples = {
${webhooks.join("\n")}
} as const satisfies Record<string, OperationExamples>;

/** The document's shared examples (\`components.examples\`): the failures any command can answer. */
export const sharedExamples: Readonly<Record<string, SpecExample>> = {
${shared.join("\n")}
};
`;
}
