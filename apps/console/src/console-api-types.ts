/**
 * What the console server's JSON API sends and receives: the page's whole view of the world. Nothing
 * here carries a secret: the server holds the secret key and makes the UserSig itself.
 */

/** Every 4xx/5xx answer of the API: what is wrong and, for bad input, which field. */
export interface ApiErrorBody {
  error: { message: string; field?: string };
}

/** `GET /api/session`: who the console talks to Tencent as (no secrets). */
export interface SessionInfo {
  sdkAppId: number;
  identifier: string;
  /** The host of Tencent's API (or the sandbox), for telling environments apart. */
  apiHost: string;
}

/** One message of a conversation, newest first. */
export interface ConversationMessage {
  msgKey: string;
  from: string;
  to: string;
  /** Unix seconds. */
  time: number;
  /** The text of its text elements, or the element types for other messages ("TIMImageElem"). */
  text: string;
  /** 1 once the recipient sent a read receipt for it. */
  isPeerRead: 0 | 1;
}

/** `GET /api/conversation?user=&peer=`: the conversation and both sides' unread counts. */
export interface Conversation {
  user: string;
  peer: string;
  messages: ConversationMessage[];
  /** Unread one-to-one messages of each side in this conversation, by UserID. */
  unread: Record<string, number>;
}

/** Why a receipt failed, in the words the results table shows. */
export interface ReceiptFailure {
  /** The API's error code ("20003"), or what happened instead of an answer ("Network", "HTTP 502"). */
  code: string;
  /** The error catalogue's description of the code, or what the failure means. */
  meaning: string;
  /** True when sending the same receipt again may succeed (a transient failure). */
  retryWorthwhile: boolean;
}

/** One MsgKey's line in the results. */
export interface ReceiptRow {
  msgKey: string;
  status: "acknowledged" | "failed";
  failure?: ReceiptFailure;
}

/** `POST /api/read-receipts` with {@link ReadReceiptRequest}: one row per MsgKey, and the requests made. */
export interface ReceiptOutcome {
  reader: string;
  sender: string;
  rows: ReceiptRow[];
  requests: number;
}

/** `reader` (user B) has read the messages `sender` (user A) sent them. */
export interface ReadReceiptRequest {
  reader: string;
  sender: string;
  msgKeys: string[];
}

/** `POST /api/test-messages`: a text message from `sender` to `recipient` that asks for a read receipt. */
export interface TestMessageRequest {
  sender: string;
  recipient: string;
  text: string;
}

/** The answer to a test message: its MsgKey, for a receipt. */
export interface TestMessageResult {
  msgKey: string;
  time: number;
}

/** A callback the console server received from Tencent and verified, as the event stream sends it. */
export interface CallbackEvent {
  /** Increasing from 1 since the server started. */
  id: number;
  /** `C2C.CallbackAfterMsgReadReceipt`, … */
  command: string;
  /** When the console received it, Unix milliseconds. */
  receivedAt: number;
  /** For a read receipt: who read whose messages, and which. */
  reader?: string;
  sender?: string;
  msgKeys?: string[];
  /** For a sent message: who sent it to whom. */
  from?: string;
  to?: string;
  msgKey?: string;
}
