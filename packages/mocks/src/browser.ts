import { type SetupWorker, setupWorker } from "msw/browser";
import { createTimMock, type TimMock } from "./create-tim-mock.js";
import type { TimMockOptions } from "./mock-options.js";

export * from "./index.js";

/** A ready MSW service worker for the browser and the mock behind it. */
export interface TimWorker {
  readonly worker: SetupWorker;
  readonly mock: TimMock;
}

/**
 * `createTimMock` plus `setupWorker` from `msw/browser`. The page must serve `mockServiceWorker.js`:
 * copy it once with msw's own CLI, `npx msw init public/ --save`.
 *
 * @example
 * const { worker, mock } = setupTimWorker({ baseUrl: location.origin });
 * await worker.start({ onUnhandledRequest: "bypass" });
 */
export function setupTimWorker(options?: TimMockOptions): TimWorker {
  const mock = createTimMock(options);
  return { worker: setupWorker(...mock.handlers), mock };
}
