import { commonCodes, type OperationId, operationTable, type paths } from "@timkit/spec";
import { type HttpHandler, http } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import { fail } from "./envelope.js";
import { envelopeAnswer, toResponse } from "./mock-answer.js";
import { answerWebRequest, type PipelineContext } from "./request-pipeline.js";
import { timOrigins } from "./tim-origins.js";

const operationIds = Object.keys(operationTable) as OperationId[];

/**
 * MSW handlers for every operation of the spec on every origin, typed by openapi-msw from the generated
 * `paths`, then one catch-all per origin that answers 60009 for any other `/v4/…` request (an unknown
 * command, or a method other than POST), as the service does rather than letting it through.
 *
 * @example
 * setupServer(...createTimHandlers(context));
 */
export function createTimHandlers(context: PipelineContext): HttpHandler[] {
  const origins = timOrigins(context.options.baseUrl);
  const handlers: HttpHandler[] = [];
  for (const origin of origins) {
    const openApiHttp = createOpenApiHttp<paths>({ baseUrl: origin });
    for (const operationId of operationIds) {
      handlers.push(
        openApiHttp.post(operationTable[operationId].path, ({ request }) =>
          answerWebRequest(operationId, request, context),
        ),
      );
    }
  }
  for (const origin of origins) {
    handlers.push(
      http.all(`${origin}/v4/*`, () => toResponse(envelopeAnswer(fail(commonCodes.unknownCommand)))),
    );
  }
  return handlers;
}

/**
 * The exact URL (origin and path, no query) of every operation on every origin, as the handlers above
 * declare them: what lets `mock.answer` find an operation with one lookup instead of trying each handler.
 *
 * @example
 * timOperationRoutes(context).get("https://console.tim.qq.com/v4/openim/c2c_msg_read_receipt") // → "c2cMsgReadReceipt"
 */
export function timOperationRoutes(context: PipelineContext): ReadonlyMap<string, OperationId> {
  const routes = new Map<string, OperationId>();
  for (const origin of timOrigins(context.options.baseUrl)) {
    for (const operationId of operationIds) {
      const key = `${origin}${operationTable[operationId].path}`;
      if (!routes.has(key)) routes.set(key, operationId);
    }
  }
  return routes;
}
