import { HttpResponse } from "msw";
import { answerJson } from "./json-text.js";

/**
 * An answer of the mock as plain data: an HTTP status, headers and a body text (with the envelope's
 * `ErrorCode` when it is one), or a network error. The MSW handlers turn it into a Fetch `Response`;
 * a server such as `apps/sandbox` writes it out directly, without building one.
 */
export type MockAnswer =
  | {
      readonly networkError?: false;
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** The envelope's `ErrorCode`; undefined when the body is not an envelope (an injected `status`). */
      readonly errorCode: number | undefined;
    }
  | { readonly networkError: true };

/** A request for `mock.answer`: the method, the parsed URL and the body bytes (none for GET and HEAD). */
export interface MockRequest {
  readonly method: string;
  readonly url: URL;
  readonly body?: Uint8Array<ArrayBuffer>;
}

/**
 * The answer as the Fetch `Response` MSW expects: a plain `Response` rather than `HttpResponse.json`,
 * which costs several times more (header normalisation, a Blob for the length).
 *
 * @example
 * toResponse({ status: 200, headers: { "content-type": "application/json" }, body: "{}", errorCode: 0 })
 */
export function toResponse(answer: MockAnswer): Response {
  if (answer.networkError) return HttpResponse.error();
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * A Fetch `Response` as a `MockAnswer` (for answers that came through msw's `getResponse`).
 *
 * @example
 * await fromResponse(await getResponse(handlers, request))
 */
export async function fromResponse(response: Response): Promise<MockAnswer> {
  if (response.type === "error") return { networkError: true };
  const body = await response.text();
  const code = /"ErrorCode":(\d+)/.exec(body)?.[1];
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body,
    errorCode: code === undefined ? undefined : Number(code),
  };
}

// The headers of most answers, shared: nothing changes an answer's headers once made.
const jsonHeaders: Readonly<Record<string, string>> = Object.freeze({ "content-type": "application/json" });

/**
 * A JSON envelope answer, HTTP 200 unless told otherwise.
 *
 * @example
 * envelopeAnswer(fail(60009)) // → { status: 200, body: '{"ActionStatus":"FAIL",…}', errorCode: 60009, … }
 */
export function envelopeAnswer(
  envelope: { readonly ErrorCode: number },
  headers?: Record<string, string>,
): MockAnswer {
  return {
    status: 200,
    headers: headers ? { ...jsonHeaders, ...headers } : jsonHeaders,
    body: answerJson(envelope),
    errorCode: envelope.ErrorCode,
  };
}
