import { type SetupServer, setupServer } from "msw/node";
import { createTimMock, type TimMock } from "./create-tim-mock.js";
import type { TimMockOptions } from "./mock-options.js";

export * from "./index.js";

/** A ready MSW server for Node tests and the mock behind it. */
export interface TimServer {
  readonly server: SetupServer;
  readonly mock: TimMock;
}

/**
 * `createTimMock` plus `setupServer` from `msw/node`. Call `server.listen()` yourself, so that you choose
 * `onUnhandledRequest`.
 *
 * @example
 * const { server, mock } = setupTimServer();
 * beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
 * afterEach(() => { server.resetHandlers(); mock.reset(); });
 * afterAll(() => server.close());
 */
export function setupTimServer(options?: TimMockOptions): TimServer {
  const mock = createTimMock(options);
  return { server: setupServer(...mock.handlers), mock };
}
