import { type OperationId, operationTable } from "@timkit/spec";
import { getResponse } from "msw";
import type { TimMock } from "../src/create-tim-mock.js";
import { documentedBody, documentedReadReceiptBody } from "./documented-example.js";
import { documentedQuery, readReceiptPath } from "./scenarios.js";

export interface SendOptions {
  origin?: string;
  query?: Record<string, string | null>;
  body?: unknown;
  /** The body as sent, instead of `body` as JSON. */
  rawBody?: string;
}

/** Calls an operation through the mock's handlers, with its documented body unless told otherwise. */
export async function callOperation(
  mock: TimMock,
  operationId: OperationId,
  options: SendOptions = {},
): Promise<Response> {
  const { path } = operationTable[operationId];
  const url = `${options.origin ?? "https://console.tim.qq.com"}${path}?${await documentedQuery(options.query)}`;
  const body = options.rawBody ?? JSON.stringify(options.body ?? documentedBody(operationId));
  const response = await getResponse(mock.handlers, new Request(url, { method: "POST", body }));
  if (!response) throw new Error(`no handler answered ${url}`);
  return response;
}

/** The JSON answer of an operation's call. */
export async function answerOf(mock: TimMock, operationId: OperationId, options: SendOptions = {}) {
  return (await callOperation(mock, operationId, options)).json();
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
