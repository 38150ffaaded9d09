import { type OperationId, operationTable, type paths } from "@timkit/spec";
import { type HttpHandler, http } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import { fail } from "./envelope.js";
import { unknownCommandCode } from "./mistake-codes.js";
import { answerOperation, jsonResponse, type PipelineContext } from "./request-pipeline.js";
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
          answerOperation(operationId, request, context),
        ),
      );
    }
  }
  for (const origin of origins) {
    handlers.push(http.all(`${origin}/v4/*`, () => jsonResponse(fail(unknownCommandCode))));
  }
  return handlers;
}
