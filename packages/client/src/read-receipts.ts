import { type components, operationTable, utf8ByteLength } from "@timkit/spec";
import type { TimCallOptions } from "./client-options.js";
import { serializeRequestBody } from "./request-validation.js";
import { TimError, TimValidationError } from "./tim-errors.js";

type ReadReceiptBody = components["schemas"]["C2cMsgReadReceiptRequest"];

/** Who read which messages of whom. */
export interface ReadReceiptsInput {
  /** UserID of the user who read the messages and sends the receipt (user B). */
  reader: string;
  /** UserID of the user who sent the messages and gets the receipt (user A). */
  sender: string;
  /** The `MsgKey`s of the messages read, from `sendmsg`, `admin_getroammsg` or a message webhook. */
  msgKeys: readonly string[];
}

/** One message whose receipt was not acknowledged, and why. */
export interface ReadReceiptFailure {
  msgKey: string;
  error: TimError;
}

/** What `sendReadReceipts` did: every distinct key ends up in exactly one of the two lists. */
export interface ReadReceiptsResult {
  /** Keys whose receipt Tencent accepted, in input order. */
  acknowledged: string[];
  /** Keys that were rejected before sending or whose request failed, each with its error. */
  failed: ReadReceiptFailure[];
  /** How many request bodies were sent (retries of one body are not counted). */
  requests: number;
}

const operation = "c2cMsgReadReceipt";

/**
 * Sends read receipts for any number of messages: builds `C2CMsgInfo` with the accounts the right way
 * round (From = sender, To = reader), drops duplicate keys (first occurrence kept), and packs the keys
 * greedily into as few bodies as fit the operation's size limit, sent one after another. A failed body
 * does not stop the next ones; a key that is invalid on its own (empty, too long) fails alone without
 * being sent.
 *
 * @throws {TimValidationError} when `reader` or `sender` is not a valid UserID, or `msgKeys` is not an array;
 * nothing is sent then.
 *
 * @example
 * const { acknowledged, failed } = await sendReadReceipts(send, { reader: "bob", sender: "alice", msgKeys });
 */
export async function sendReadReceipts(
  send: (body: ReadReceiptBody, options?: TimCallOptions) => Promise<unknown>,
  input: ReadReceiptsInput,
  options?: TimCallOptions,
): Promise<ReadReceiptsResult> {
  if (!Array.isArray(input?.msgKeys)) {
    throw new TimValidationError({
      operation: "sendReadReceipts",
      field: "msgKeys",
      expected: "an array of MsgKey strings",
      received: input === null || typeof input !== "object" ? String(input) : typeof input.msgKeys,
      rule: "type",
    });
  }
  const { reader, sender } = input;
  const itemOf = (msgKey: string) => ({ From_Account: sender, To_Account: reader, MsgKey: msgKey });
  const bodyOf = (msgKeys: string[]): ReadReceiptBody => ({
    Operator_Account: reader,
    Peer_Account: sender,
    C2CMsgInfo: msgKeys.map(itemOf),
  });
  const result: ReadReceiptsResult = { acknowledged: [], failed: [], requests: 0 };

  const keys: string[] = [];
  for (const msgKey of new Set(input.msgKeys)) {
    if (options?.validate === false) {
      keys.push(msgKey);
      continue;
    }
    // Each key is checked alone: a bad key fails by itself, a bad reader or sender fails the whole call.
    try {
      serializeRequestBody(operation, bodyOf([msgKey]), true);
      keys.push(msgKey);
    } catch (error) {
      if (!(error instanceof TimValidationError)) throw error;
      const aboutKey = error.field.startsWith("C2CMsgInfo") || error.rule === "maxBodyBytes";
      if (!aboutKey) throw error;
      result.failed.push({ msgKey, error });
    }
  }

  for (const chunk of packByBytes(keys, reader, sender)) {
    try {
      await send(bodyOf(chunk), options);
      result.acknowledged.push(...chunk);
      result.requests++;
    } catch (error) {
      if (!(error instanceof TimError)) throw error;
      if (error.attempts > 0) result.requests++;
      for (const msgKey of chunk) result.failed.push({ msgKey, error });
    }
  }
  return result;
}

/**
 * Splits keys into runs whose body stays within the operation's `maxBodyBytes`. The size is counted the
 * way JSON.stringify writes the body: the envelope once, then each item plus a comma between items.
 */
function packByBytes(keys: string[], reader: string, sender: string): string[][] {
  const limit = operationTable[operation].maxBodyBytes ?? Number.POSITIVE_INFINITY;
  const envelopeBytes = utf8ByteLength(
    JSON.stringify({ Operator_Account: reader, Peer_Account: sender, C2CMsgInfo: [] }),
  );
  const chunks: string[][] = [];
  let chunk: string[] = [];
  let bytes = envelopeBytes;
  for (const msgKey of keys) {
    const itemBytes = utf8ByteLength(
      JSON.stringify({ From_Account: sender, To_Account: reader, MsgKey: msgKey }),
    );
    if (chunk.length > 0 && bytes + 1 + itemBytes > limit) {
      chunks.push(chunk);
      chunk = [];
      bytes = envelopeBytes;
    }
    bytes += (chunk.length > 0 ? 1 : 0) + itemBytes;
    chunk.push(msgKey);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
