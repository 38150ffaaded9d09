// The webhook generators on altered copies of the real document: what stops generation, naming the
// callback, because the mock or a receiver could not honour the declaration.
import { describe, expect, it } from "vitest";
import document from "../generated/openapi.json" with { type: "json" };
import { generateWebhookValidators } from "../scripts/generators/request-validators";
import { generateWebhookTable, webhookOperationIdOf } from "../scripts/generators/webhook-table";
import type { OpenApiDocument } from "../src/openapi-document";

// biome-ignore lint/suspicious/noExplicitAny: the copies are altered by path, deep inside
type Mutable = Record<string, any>;
const altered = (change: (copy: Mutable) => void): OpenApiDocument => {
  const copy = structuredClone(document) as Mutable;
  change(copy);
  return copy as OpenApiDocument;
};
const beforeSend = (copy: Mutable) => copy.webhooks["C2C.CallbackBeforeSendMsg"].post;
const receipt = (copy: Mutable) => copy.webhooks["C2C.CallbackAfterMsgReadReceipt"].post;

describe("the webhook-table generator", () => {
  it("names each callback's operationId after its command", () => {
    expect(webhookOperationIdOf("C2C.CallbackBeforeSendMsg")).toBe("callbackBeforeSendMsg");
    expect(generateWebhookTable(document as unknown as OpenApiDocument)).toContain(
      '"operationId": "callbackAfterMsgReadReceipt"',
    );
  });

  it("refuses an operationId that is not the command's, naming the callback", () => {
    const bad = altered((copy) => {
      receipt(copy).operationId = "readReceiptCallback";
    });
    expect(() => generateWebhookTable(bad)).toThrow(
      /C2C.CallbackAfterMsgReadReceipt: operationId must be callbackAfterMsgReadReceipt/,
    );
  });

  it("refuses a body whose CallbackCommand is not the webhook's key", () => {
    const bad = altered((copy) => {
      copy.components.schemas.CallbackAfterMsgReportBody.properties.CallbackCommand.const = "C2C.Other";
    });
    expect(() => generateWebhookTable(bad)).toThrow(/C2C.CallbackAfterMsgReport: its body's CallbackCommand/);
  });

  it("refuses a firedBy that names no operation, and a missing x-timkit-callback", () => {
    const unknown = altered((copy) => {
      receipt(copy)["x-timkit-callback"].firedBy = ["c2cMsgReadReceipts"];
    });
    expect(() => generateWebhookTable(unknown)).toThrow(
      /firedBy names c2cMsgReadReceipts, which is no operation/,
    );
    const missing = altered((copy) => {
      delete receipt(copy)["x-timkit-callback"];
    });
    expect(() => generateWebhookTable(missing)).toThrow(
      /C2C.CallbackAfterMsgReadReceipt: x-timkit-callback is missing/,
    );
  });

  it("refuses a before-event callback without a timeout policy, or a reply code without a verdict", () => {
    const noPolicy = altered((copy) => {
      delete beforeSend(copy)["x-timkit-callback"].onTimeout;
    });
    expect(() => generateWebhookTable(noPolicy)).toThrow(/needs x-timkit-callback.onTimeout/);
    const noVerdict = altered((copy) => {
      delete copy.components.schemas.CallbackBeforeSendMsgErrorCode.oneOf[2]["x-timkit-verdict"];
    });
    expect(() => generateWebhookTable(noVerdict)).toThrow(
      /reply ErrorCode branch 2: x-timkit-verdict must be one of/,
    );
  });

  it("refuses a sender or timeout code the firing command does not document", () => {
    const sender = altered((copy) => {
      copy.components.schemas.CallbackBeforeSendMsgErrorCode.oneOf[1]["x-timkit-sender-code"] = 20999;
    });
    expect(() => generateWebhookTable(sender)).toThrow(/sender code 20999 is not a code sendmsg documents/);
    const timeout = altered((copy) => {
      beforeSend(copy)["x-timkit-callback"].timeoutFailCode = 80999;
    });
    expect(() => generateWebhookTable(timeout)).toThrow(
      /timeoutFailCode 80999 is not a code sendmsg documents/,
    );
  });

  it("refuses verdicts on an after-event callback, whose reply Tencent ignores", () => {
    const bad = altered((copy) => {
      copy.components.schemas.CallbackAfterErrorCode.oneOf[0]["x-timkit-verdict"] = "allow";
    });
    expect(() => generateWebhookTable(bad)).toThrow(/an after-event callback's reply decides nothing/);
  });

  it("refuses a callback without Tencent's query parameters", () => {
    const bad = altered((copy) => {
      copy.webhooks["C2C.CallbackAfterMsgReport"].parameters.pop();
    });
    expect(() => generateWebhookTable(bad)).toThrow(
      /C2C.CallbackAfterMsgReport: its parameters must be Tencent's query parameters/,
    );
  });
});

describe("the webhook-validator generator", () => {
  it("compiles a shared reply schema once and names it for every callback", () => {
    const { js, dts } = generateWebhookValidators(document as unknown as OpenApiDocument);
    expect(js.match(/export const CallbackAfterReply =/g)).toHaveLength(1);
    for (const name of [
      "callbackAfterSendMsgReply",
      "callbackAfterMsgReadReceiptReply",
      "callbackAfterMsgReportReply",
    ]) {
      expect(js).toContain(`export const ${name} = CallbackAfterReply;`);
      expect(dts).toContain(`export declare const ${name}:`);
    }
  });

  it("refuses a body that is not a component schema, naming the callback", () => {
    const bad = altered((copy) => {
      receipt(copy).requestBody.content["application/json"].schema = { type: "object" };
    });
    expect(() => generateWebhookValidators(bad)).toThrow(
      /webhook C2C.CallbackAfterMsgReadReceipt: the body must reference a component schema/,
    );
  });
});
