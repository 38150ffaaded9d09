import { getResponse } from "msw";
import type { TimMock } from "../src/create-tim-mock.js";
import { documentedReadReceiptBody } from "./documented-example.js";
import { documentedQuery, readReceiptPath } from "./scenarios.js";

export interface SendOptions {
  origin?: string;
  query?: Record<string, string | null>;
  body?: unknown;
}

/** Sends a read receipt through the mock's handlers (the documented one unless told otherwise). */
export async function sendReadReceipt(mock: TimMock, options: SendOptions = {}): Promise<Response> {
  const url = `${options.origin ?? "https://console.tim.qq.com"}${readReceiptPath}?${await documentedQuery(options.query)}`;
  const body = JSON.stringify(options.body ?? documentedReadReceiptBody());
  const response = await getResponse(mock.handlers, new Request(url, { method: "POST", body }));
  if (!response) throw new Error(`no handler answered ${url}`);
  return response;
}

/** The `ErrorCode` of a read receipt's answer. */
export async function readReceiptCode(mock: TimMock, options: SendOptions = {}): Promise<number> {
  return (await (await sendReadReceipt(mock, options)).json()).ErrorCode;
}

/** A receipt from `reader` for messages `msgKeys` that `sender` sent. */
export function receiptBody(reader: string, sender: string, msgKeys: string[]) {
  return {
    Operator_Account: reader,
    Peer_Account: sender,
    C2CMsgInfo: msgKeys.map((MsgKey) => ({ From_Account: sender, To_Account: reader, MsgKey })),
  };
}
