import type {
  ApiErrorBody,
  CallbackEvent,
  Conversation,
  ReadReceiptRequest,
  ReceiptOutcome,
  SessionInfo,
  TestMessageRequest,
  TestMessageResult,
} from "./console-api-types";

/** A refusal of the console server: its status, its message and, for bad input, the field. */
export class ConsoleApiError extends Error {
  override name = "ConsoleApiError";
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** What the page asks the console server; the only thing it talks to. */
export interface ConsoleApi {
  /** Who the console talks to Tencent as, or a 401 ConsoleApiError when not signed in. */
  session(): Promise<SessionInfo>;
  signIn(password: string): Promise<SessionInfo>;
  signOut(): Promise<void>;
  conversation(user: string, peer: string): Promise<Conversation>;
  sendReadReceipts(request: ReadReceiptRequest): Promise<ReceiptOutcome>;
  sendTestMessage(request: TestMessageRequest): Promise<TestMessageResult>;
  /** Calls `listener` for each callback the server receives; the returned function stops. */
  watchCallbacks(listener: (event: CallbackEvent) => void, onStatus?: (live: boolean) => void): () => void;
}

/**
 * The console server's API at `base` (the page's own folder by default), with the session cookie the
 * browser keeps. Every failure is a {@link ConsoleApiError}; a network failure has status 0.
 *
 * @example
 * const api = consoleApi();
 * await api.signIn(password);
 * const { messages } = await api.conversation("user1", "user2");
 */
export function consoleApi(base: string | URL = document.baseURI): ConsoleApi {
  const url = (path: string) => new URL(path, base);
  const call = async <T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(url(path), {
        ...init,
        credentials: "same-origin",
        headers: init.json === undefined ? init.headers : { "content-type": "application/json" },
        body: init.json === undefined ? init.body : JSON.stringify(init.json),
      });
    } catch {
      throw new ConsoleApiError(0, "The console server could not be reached.");
    }
    if (response.status === 204) return undefined as T;
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) {
      const error = (body as ApiErrorBody | undefined)?.error;
      throw new ConsoleApiError(response.status, error?.message ?? `HTTP ${response.status}`, error?.field);
    }
    return body as T;
  };
  return {
    session: () => call("api/session"),
    signIn: (password) => call("api/session", { method: "POST", json: { password } }),
    signOut: () => call("api/session", { method: "DELETE" }),
    conversation: (user, peer) => call(`api/conversation?${new URLSearchParams({ user, peer })}`),
    sendReadReceipts: (request) => call("api/read-receipts", { method: "POST", json: request }),
    sendTestMessage: (request) => call("api/test-messages", { method: "POST", json: request }),
    watchCallbacks(listener, onStatus) {
      const source = new EventSource(url("api/events"));
      source.addEventListener("callback", (message) => {
        listener(JSON.parse((message as MessageEvent<string>).data) as CallbackEvent);
      });
      source.addEventListener("ready", () => onStatus?.(true));
      source.addEventListener("error", () => onStatus?.(false));
      return () => source.close();
    },
  };
}
