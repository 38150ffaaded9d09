import { operationExamples, operationTable } from "@timkit/spec";
import document from "@timkit/spec/openapi.json" with { type: "json" };

/**
 * The request body of the spec's `documentation` example for the read-receipt command: Tencent's own
 * example (user1 acknowledges a message from user2), from the spec's examples table.
 */
export function documentedReadReceiptBody(): unknown {
  return operationExamples.c2cMsgReadReceipt.requests.documentation.value;
}

/** The bundled OpenAPI document, served at `/openapi.json` for Postman and other importers. */
export const openApiDocument: unknown = document;

export interface ExampleCall {
  readonly baseUrl: string;
  readonly sdkAppId: number;
  readonly identifier: string;
  /** The UserSig itself, or the shell variable the curl should read it from. */
  readonly userSig: string | { readonly variable: string };
}

// Stands in for a shell variable while the URL is encoded; the curl then splices the variable in.
const variableMark = "TIMKIT-SHELL-VARIABLE";

/** The documented call's URL on the sandbox, query string included. */
export function exampleUrl(call: ExampleCall): string {
  const query = new URLSearchParams({
    sdkappid: String(call.sdkAppId),
    identifier: call.identifier,
    usersig: typeof call.userSig === "string" ? call.userSig : variableMark,
    random: "99999999",
    contenttype: "json",
  });
  return `${call.baseUrl}${operationTable.c2cMsgReadReceipt.path}?${query}`;
}

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * A one-line `curl` of the documented example that succeeds against the sandbox.
 *
 * @example
 * exampleCurl({ baseUrl: "http://127.0.0.1:4010", sdkAppId: 88888888, identifier: "admin", userSig })
 * // → "curl -sS -X POST 'http://127.0.0.1:4010/v4/openim/c2c_msg_read_receipt?…' -H 'Content-Type: application/json' -d '{…}'"
 */
export function exampleCurl(call: ExampleCall): string {
  const body = JSON.stringify(documentedReadReceiptBody());
  let url = shellQuote(exampleUrl(call));
  if (typeof call.userSig !== "string") url = url.replace(variableMark, `'"$${call.userSig.variable}"'`);
  return `curl -sS -X POST ${url} -H 'Content-Type: application/json' -d ${shellQuote(body)}`;
}
