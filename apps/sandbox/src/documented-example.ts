import { type OperationId, operationExamples, operationTable } from "@timkit/spec";
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

/** The documented call's URL on the sandbox, query string included (another operation's if named). */
export function exampleUrl(call: ExampleCall, operationId: OperationId = "c2cMsgReadReceipt"): string {
  const query = new URLSearchParams({
    sdkappid: String(call.sdkAppId),
    identifier: call.identifier,
    usersig: typeof call.userSig === "string" ? call.userSig : variableMark,
    random: "99999999",
    contenttype: "json",
  });
  return `${call.baseUrl}${operationTable[operationId].path}?${query}`;
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
  return curlOf(call, "c2cMsgReadReceipt", shellQuote(JSON.stringify(documentedReadReceiptBody())));
}

/** A curl of one operation with a body already quoted for the shell. */
function curlOf(call: ExampleCall, operationId: OperationId, quotedBody: string): string {
  let url = shellQuote(exampleUrl(call, operationId));
  if (typeof call.userSig !== "string") url = url.replace(variableMark, `'"$${call.userSig.variable}"'`);
  return `curl -sS -X POST ${url} -H 'Content-Type: application/json' -d ${quotedBody}`;
}

/** One step of the read-receipt flow: what it does, and the shell command that does it. */
export interface FlowStep {
  readonly title: string;
  readonly command: string;
}

/**
 * The read-receipt flow as three shell commands that work in order: the spec's `askForReceipt` example
 * between the first two of the sandbox's accounts (the second sends the first a message that asks for a
 * receipt, its MsgKey kept in `$MSGKEY`), the first's receipt for it, and the sender's history showing
 * `IsPeerRead: 1`. None when the sandbox has fewer than two accounts.
 *
 * @example
 * readReceiptFlow(call, ["user1", "user2"]).map((step) => step.command).join("\n") // paste into a shell
 */
export function readReceiptFlow(call: ExampleCall, accounts: readonly string[]): FlowStep[] {
  const [reader, sender] = accounts;
  if (reader === undefined || sender === undefined) return [];
  const message = {
    ...operationExamples.sendmsg.requests.askForReceipt.value,
    From_Account: sender,
    To_Account: reader,
  };
  // The receipt names the MsgKey the first command kept: the shell splices it into the quoted body.
  const receipt = JSON.stringify({
    Operator_Account: reader,
    Peer_Account: sender,
    C2CMsgInfo: [{ From_Account: sender, To_Account: reader, MsgKey: variableMark }],
  });
  const history = {
    ...operationExamples.adminGetroammsg.requests.documentation.value,
    Operator_Account: sender,
    Peer_Account: reader,
    MinTime: 0,
    MaxTime: 4294967295,
  };
  return [
    {
      title: `${sender} sends ${reader} a message that asks for a read receipt (its MsgKey is kept in $MSGKEY)`,
      command: `MSGKEY=$(${curlOf(call, "sendmsg", shellQuote(JSON.stringify(message)))} | sed -E 's/.*"MsgKey":"([^"]+)".*/\\1/'); echo "$MSGKEY"`,
    },
    {
      title: `${reader} sends the read receipt for it`,
      command: `${curlOf(call, "c2cMsgReadReceipt", shellQuote(receipt).replace(variableMark, `'"$MSGKEY"'`))}; echo`,
    },
    {
      title: `${sender}'s history shows the message with IsPeerRead 1`,
      command: `${curlOf(call, "adminGetroammsg", shellQuote(JSON.stringify(history)))}; echo`,
    },
  ];
}
