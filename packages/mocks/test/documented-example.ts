import document from "@timkit/spec/openapi.json" with { type: "json" };

type Example = { $ref?: string; value?: unknown };

/** The request body of the spec's `documentation` example for the read-receipt command (the seed's). */
export function documentedReadReceiptBody(): {
  Operator_Account: string;
  Peer_Account: string;
  C2CMsgInfo: Array<{ From_Account: string; To_Account: string; MsgKey: string }>;
} {
  const examples = document.paths["/v4/openim/c2c_msg_read_receipt"].post.requestBody.content[
    "application/json"
  ].examples as Record<string, Example>;
  const reference = examples.documentation?.$ref?.replace("#/components/examples/", "") ?? "";
  const value = (document.components.examples as Record<string, Example>)[reference]?.value;
  return structuredClone(value) as ReturnType<typeof documentedReadReceiptBody>;
}
