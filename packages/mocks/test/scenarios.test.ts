import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { errorEntry } from "../src/envelope.js";
import { setupTimServer } from "../src/node.js";
import { contractViolation } from "./response-contract.js";
import { scenarios } from "./scenarios.js";

const { server, mock } = setupTimServer();

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

describe("the mock answers like the service", () => {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))("%s", async (_name, scenario) => {
    const { method, url, body } = await scenario.request();
    const response = await fetch(url, { method, body });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const answer = await response.json();
    expect(answer.ErrorCode).toBe(scenario.expectedCode);
    expect(answer.ActionStatus).toBe(scenario.expectedCode === 0 ? "OK" : "FAIL");
    expect(answer.ErrorInfo).toBe(
      scenario.expectedCode === 0 ? "" : errorEntry(scenario.operationId, scenario.expectedCode)?.description,
    );
    expect(contractViolation(scenario.operationId, answer)).toBeUndefined();
  });
});
