// The webhook table: for every callback of the spec's `webhooks` section, what `x-timkit-callback` and the
// reply's ErrorCode branches declare (who fires it, its timing, what each reply code does to the command),
// checked here so that a declaration the mock or a receiver could not honour stops generation, named.
import {
  type CallbackDeclaration,
  errorCodeSchemaNames,
  type JsonSchema,
  type LocatedWebhook,
  listOperations,
  listWebhooks,
  type OpenApiDocument,
  type Parameter,
  requestMedia,
  resolve,
  responseMedia,
} from "../../src/openapi-document.ts";
import { generatedHeader } from "../generated-header.ts";

const verdicts = ["allow", "block", "drop", "pass-through"] as const;

/** The query parameters Tencent appends to every callback URL, in its order. */
export const callbackQueryParameters = [
  "SdkAppid",
  "CallbackCommand",
  "contenttype",
  "ClientIP",
  "OptPlatform",
  "Sign",
  "RequestTime",
] as const;

/** `C2C.CallbackBeforeSendMsg` → `callbackBeforeSendMsg`: the command without its prefix, camelCase. */
export function webhookOperationIdOf(command: string): string {
  const name = command.slice(command.lastIndexOf(".") + 1);
  return name.charAt(0).toLowerCase() + name.slice(1);
}

interface Verdict {
  code?: number;
  minimum?: number;
  maximum?: number;
  verdict: (typeof verdicts)[number];
  senderCode?: number;
  description: string;
}

/** Every code an operation's answer documents, as single codes and ranges. */
function documentedCodes(document: OpenApiDocument, operationId: string): (code: number) => boolean {
  const located = listOperations(document).find(({ operation }) => operation.operationId === operationId);
  if (!located) return () => false;
  const branches = errorCodeSchemaNames(document, located.operation).flatMap(
    (name) => document.components.schemas[name]?.oneOf ?? [],
  );
  return (code) =>
    branches.some(
      (entry) =>
        entry.const === code ||
        (typeof entry.minimum === "number" &&
          typeof entry.maximum === "number" &&
          code >= entry.minimum &&
          code <= entry.maximum),
    );
}

function bodySchema(document: OpenApiDocument, webhook: LocatedWebhook): JsonSchema {
  const schema = requestMedia(document, webhook.operation)?.schema;
  if (!schema) throw new Error(`webhook ${webhook.command}: no application/json request body`);
  return resolve(document, schema as JsonSchema & { $ref: string });
}

function replyErrorCode(document: OpenApiDocument, webhook: LocatedWebhook): JsonSchema {
  const schema = responseMedia(webhook.operation)?.schema;
  if (!schema) throw new Error(`webhook ${webhook.command}: no application/json 200 reply`);
  const reply = resolve(document, schema as JsonSchema & { $ref: string });
  const errorCode = reply.properties?.ErrorCode;
  if (!errorCode) throw new Error(`webhook ${webhook.command}: the reply has no ErrorCode`);
  return resolve(document, errorCode as JsonSchema & { $ref: string });
}

function verdictsOf(document: OpenApiDocument, webhook: LocatedWebhook, firedBy: string[]): Verdict[] {
  const where = `webhook ${webhook.command}: reply ErrorCode`;
  return (replyErrorCode(document, webhook).oneOf ?? []).map((branch, index) => {
    const verdict = branch["x-timkit-verdict"] as Verdict["verdict"] | undefined;
    if (!verdict || !verdicts.includes(verdict))
      throw new Error(`${where} branch ${index}: x-timkit-verdict must be one of ${verdicts.join(", ")}`);
    const senderCode = branch["x-timkit-sender-code"] as number | undefined;
    if (senderCode !== undefined) {
      for (const operationId of firedBy) {
        if (!documentedCodes(document, operationId)(senderCode))
          throw new Error(
            `${where} branch ${index}: sender code ${senderCode} is not a code ${operationId} documents`,
          );
      }
    }
    const range =
      typeof branch.minimum === "number" && typeof branch.maximum === "number"
        ? { minimum: branch.minimum, maximum: branch.maximum }
        : undefined;
    if (range === undefined && !Number.isInteger(branch.const))
      throw new Error(`${where} branch ${index}: a verdict needs a const code or a minimum and maximum`);
    if (range && verdict === "pass-through") {
      for (const operationId of firedBy) {
        const documents = documentedCodes(document, operationId);
        if (!documents(range.minimum) || !documents(range.maximum))
          throw new Error(
            `${where} branch ${index}: ${operationId} does not document the codes it passes through`,
          );
      }
    }
    return {
      ...(range ?? { code: branch.const as number }),
      verdict,
      ...(senderCode === undefined ? {} : { senderCode }),
      description: String(branch.description ?? ""),
    };
  });
}

function checkedDeclaration(document: OpenApiDocument, webhook: LocatedWebhook): CallbackDeclaration {
  const where = `webhook ${webhook.command}`;
  const declaration = webhook.operation["x-timkit-callback"];
  if (!declaration) throw new Error(`${where}: x-timkit-callback is missing`);
  const operationIds = new Set(listOperations(document).map(({ operation }) => operation.operationId));
  if (!Array.isArray(declaration.firedBy) || declaration.firedBy.length === 0)
    throw new Error(`${where}: x-timkit-callback.firedBy must name the commands that fire it`);
  for (const id of declaration.firedBy)
    if (!operationIds.has(id))
      throw new Error(`${where}: x-timkit-callback.firedBy names ${id}, which is no operation`);
  if (declaration.timing !== "before" && declaration.timing !== "after")
    throw new Error(`${where}: x-timkit-callback.timing must be "before" or "after"`);
  if (!Number.isInteger(declaration.timeoutMilliseconds) || declaration.timeoutMilliseconds <= 0)
    throw new Error(`${where}: x-timkit-callback.timeoutMilliseconds must be a positive integer`);
  if (!Number.isInteger(declaration.retries) || declaration.retries < 0)
    throw new Error(`${where}: x-timkit-callback.retries must be a whole number`);
  if (declaration.timing === "before") {
    if (declaration.onTimeout !== "deliver" && declaration.onTimeout !== "fail")
      throw new Error(
        `${where}: a before-event callback needs x-timkit-callback.onTimeout ("deliver" or "fail")`,
      );
    const code = declaration.timeoutFailCode;
    if (code === undefined)
      throw new Error(`${where}: a before-event callback needs x-timkit-callback.timeoutFailCode`);
    for (const id of declaration.firedBy)
      if (!documentedCodes(document, id)(code))
        throw new Error(`${where}: timeoutFailCode ${code} is not a code ${id} documents`);
  } else if (declaration.onTimeout !== undefined || declaration.timeoutFailCode !== undefined) {
    throw new Error(`${where}: only a before-event callback has onTimeout and timeoutFailCode`);
  }
  return declaration;
}

function checkedParameters(webhook: LocatedWebhook): Parameter[] {
  const names = webhook.parameters.map((parameter) => parameter.name);
  if (JSON.stringify(names) !== JSON.stringify(callbackQueryParameters))
    throw new Error(
      `webhook ${webhook.command}: its parameters must be Tencent's query parameters ${callbackQueryParameters.join(", ")} (got ${names.join(", ")})`,
    );
  for (const parameter of webhook.parameters)
    if (parameter.in !== "query")
      throw new Error(`webhook ${webhook.command}: parameter ${parameter.name} must be in the query`);
  return webhook.parameters;
}

/** The text of generated/webhook-table.ts. */
export function generateWebhookTable(document: OpenApiDocument): string {
  const webhooks = listWebhooks(document);
  if (webhooks.length === 0) throw new Error("the spec has no webhooks");
  let parameters: Parameter[] = [];
  const rows = webhooks.map((webhook) => {
    const { command, operation } = webhook;
    const expectedId = webhookOperationIdOf(command);
    if (operation.operationId !== expectedId)
      throw new Error(`webhook ${command}: operationId must be ${expectedId}, got ${operation.operationId}`);
    const tag = bodySchema(document, webhook).properties?.CallbackCommand;
    if (tag?.const !== command)
      throw new Error(`webhook ${command}: its body's CallbackCommand must be const "${command}"`);
    parameters = checkedParameters(webhook);
    const declaration = checkedDeclaration(document, webhook);
    const branches = replyErrorCode(document, webhook).oneOf ?? [];
    const hasVerdicts = branches.some((branch) => branch["x-timkit-verdict"] !== undefined);
    if (declaration.timing === "before" && !hasVerdicts)
      throw new Error(
        `webhook ${command}: a before-event callback's reply ErrorCode branches need x-timkit-verdict`,
      );
    if (declaration.timing === "after" && hasVerdicts)
      throw new Error(
        `webhook ${command}: an after-event callback's reply decides nothing (no x-timkit-verdict)`,
      );
    const row = {
      command,
      operationId: operation.operationId,
      summary: operation.summary ?? "",
      firedBy: declaration.firedBy,
      timing: declaration.timing,
      timeoutMilliseconds: declaration.timeoutMilliseconds,
      retries: declaration.retries,
      ...(declaration.timing === "before"
        ? {
            onTimeout: declaration.onTimeout,
            timeoutFailCode: declaration.timeoutFailCode,
            verdicts: verdictsOf(document, webhook, declaration.firedBy),
          }
        : {}),
    };
    return `  ${JSON.stringify(command)}: ${JSON.stringify(row, null, 2).replaceAll("\n", "\n  ")},`;
  });
  const requestTime = parameters.find((parameter) => parameter.name === "RequestTime");
  const sign = parameters.find((parameter) => parameter.name === "Sign");
  const maxAgeSeconds = requestTime?.["x-timkit-max-age-seconds"];
  if (!Number.isInteger(maxAgeSeconds))
    throw new Error("the callbacks' RequestTime parameter needs x-timkit-max-age-seconds");
  const example = sign?.["x-timkit-signature-example"];
  if (!example) throw new Error("the callbacks' Sign parameter needs x-timkit-signature-example");
  const query = parameters.map(
    (parameter) =>
      `  { name: ${JSON.stringify(parameter.name)}, required: ${parameter.required === true}, type: ${JSON.stringify(parameter.schema?.type ?? "string")} },`,
  );
  return `${generatedHeader("webhook-table.ts")}import type { OperationId } from "./operation-table";
import type { webhooks } from "./schema";

/** What a reply code of a before-event callback does to the command (\`x-timkit-verdict\`). */
export interface WebhookVerdict {
  /** The reply's ErrorCode, or the range \`minimum\`–\`maximum\` of codes. */
  readonly code?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  /** allow: go on; block: refuse with \`senderCode\`; drop: discard, tell the sender it succeeded; pass-through: refuse with the reply's own code and text. */
  readonly verdict: "allow" | "block" | "drop" | "pass-through";
  /** The code the sender gets (\`x-timkit-sender-code\`). */
  readonly senderCode?: number;
  readonly description: string;
}

/** What the spec says about one callback beyond its types (\`x-timkit-callback\`). */
export interface WebhookInfo {
  readonly command: string;
  readonly operationId: string;
  readonly summary: string;
  /** The commands that fire it. */
  readonly firedBy: readonly OperationId[];
  /** before: awaited, and its reply acts on the command; after: fire-and-forget, its reply ignored. */
  readonly timing: "before" | "after";
  /** How long Tencent waits for the reply. */
  readonly timeoutMilliseconds: number;
  /** How often Tencent tries again after a failure or a timeout. */
  readonly retries: number;
  /** Before-event: what Tencent does by default when the reply fails or times out. */
  readonly onTimeout?: "deliver" | "fail";
  /** Before-event: the code the sender gets on a failure or timeout when the policy is not to send. */
  readonly timeoutFailCode?: number;
  /** Before-event: what each reply code does. */
  readonly verdicts?: readonly WebhookVerdict[];
}

/** Every callback of the spec, keyed by its CallbackCommand. */
export const webhookTable = {
${rows.join("\n")}
} as const satisfies Record<string, WebhookInfo>;

/** The CallbackCommand of every callback the spec describes. */
export type CallbackCommand = keyof typeof webhookTable;

/** Every CallbackCommand, in the spec's order. */
export const callbackCommands = Object.keys(webhookTable) as CallbackCommand[];

/** The JSON body Tencent posts for a callback. */
export type WebhookBody<C extends CallbackCommand> =
  webhooks[C]["post"]["requestBody"]["content"]["application/json"];

/** The JSON reply the App backend answers a callback with (HTTP 200). */
export type WebhookReply<C extends CallbackCommand> =
  webhooks[C]["post"]["responses"][200]["content"]["application/json"];

/** The query parameters Tencent appends to the callback URL, in its order (Sign and RequestTime only with a token). */
export const webhookQueryParameters = [
${query.join("\n")}
] as const;

/**
 * The callbacks' authentication: Sign = lowercase hex SHA-256 of token + RequestTime, RequestTime at most
 * \`maxAgeSeconds\` from now, and Tencent's worked example.
 */
export const webhookSignature = {
  maxAgeSeconds: ${maxAgeSeconds},
  example: ${JSON.stringify(example)},
} as const;
`;
}
