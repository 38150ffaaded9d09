// The browser test's page: the built @timkit/mocks/browser, registered as a real service worker, runs the
// same scenarios as the Node tests and publishes what it saw on `window.timkitResults`.
import { scenarios } from "../scenarios.js";

export interface ScenarioOutcome {
  name: string;
  status?: number;
  body?: unknown;
  error?: string;
}

export interface PageResults {
  outcomes: ScenarioOutcome[];
  receiptsAfterExample: number;
  injectedCodes: number[];
  networkErrorRejected: boolean;
}

// A variable URL keeps TypeScript and esbuild from resolving it: the test serves the built package there.
const builtPackage = "/mocks-browser.js";
const { setupTimWorker }: typeof import("../../src/browser.js") = await import(builtPackage);

async function run(): Promise<PageResults> {
  const { worker, mock } = setupTimWorker();
  await worker.start({
    quiet: true,
    onUnhandledRequest: "error",
    serviceWorker: { url: "/mockServiceWorker.js" },
  });

  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    mock.reset();
    const { method, url, body } = await scenario.request();
    try {
      const response = await fetch(url, { method, body });
      outcomes.push({ name: scenario.name, status: response.status, body: await response.json() });
    } catch (error) {
      outcomes.push({ name: scenario.name, error: String(error) });
    }
  }

  mock.reset();
  const example = await (scenarios[0] as (typeof scenarios)[number]).request();
  const send = () => fetch(example.url, { method: example.method, body: example.body });
  await send();
  const receiptsAfterExample = mock.store.receipts.list().length;

  mock.inject({ operation: "c2cMsgReadReceipt", code: 20004 });
  const injectedCodes: number[] = [];
  for (let attempt = 0; attempt < 2; attempt++) injectedCodes.push((await (await send()).json()).ErrorCode);

  mock.inject({ networkError: true });
  const networkErrorRejected = await send().then(
    () => false,
    () => true,
  );
  return { outcomes, receiptsAfterExample, injectedCodes, networkErrorRejected };
}

declare global {
  interface Window {
    timkitResults?: PageResults | { failure: string };
  }
}

run().then(
  (results) => {
    window.timkitResults = results;
  },
  (error) => {
    window.timkitResults = { failure: String(error?.stack ?? error) };
  },
);
