import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCommandLine } from "../src/cli-options.js";

let directory: string;
let fixture: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "timkit-sandbox-cli-"));
  fixture = join(directory, "fixture.json");
  await writeFile(
    fixture,
    JSON.stringify({ sdkAppId: 1400000001, secretKey: "s", admins: ["ops"], accounts: ["a", "b"] }),
  );
});
afterAll(() => rm(directory, { recursive: true, force: true }));

describe("the command line", () => {
  it("defaults to 127.0.0.1:4010 and the mock's defaults", () => {
    expect(readCommandLine([], {})).toEqual({
      help: false,
      options: {
        host: "127.0.0.1",
        port: 4010,
        sdkAppId: undefined,
        secretKey: undefined,
        admins: undefined,
        accounts: undefined,
      },
    });
  });

  it("reads every option from flags", () => {
    const { options } = readCommandLine(
      [
        "--host",
        "0.0.0.0",
        "--port",
        "0",
        "--sdkappid",
        "1400000000",
        "--secret-key",
        "k",
        "--admins",
        "ops, root",
        "--accounts",
        "alice,bob",
        "--accept-any-usersig",
        "--quiet",
      ],
      {},
    ) as unknown as { options: Record<string, unknown> };
    expect(options).toEqual({
      host: "0.0.0.0",
      port: 0,
      sdkAppId: 1400000000,
      secretKey: "k",
      admins: ["ops", "root"],
      accounts: ["alice", "bob"],
      verifyUserSig: false,
      log: false,
    });
  });

  it("lets flags win over environment variables, and those over the fixture file", () => {
    const env = {
      TIMKIT_SANDBOX_PORT: "4020",
      TIMKIT_SANDBOX_ACCOUNTS: "carol",
      TIMKIT_SANDBOX_FIXTURE: fixture,
    };
    const { options } = readCommandLine(["--port", "4030"], env) as unknown as {
      options: Record<string, unknown>;
    };
    expect(options).toMatchObject({
      port: 4030,
      accounts: ["carol"],
      sdkAppId: 1400000001,
      secretKey: "s",
      admins: ["ops"],
    });
  });

  it("refuses a bad port, an unknown flag and a broken fixture, saying why", async () => {
    expect(() => readCommandLine(["--port", "http"], {})).toThrow(/--port must be an integer/);
    expect(() => readCommandLine(["--verbose"], {})).toThrow(/Unknown option/);
    const broken = join(directory, "broken.json");
    await writeFile(broken, JSON.stringify({ sdkappid: 1 }));
    expect(() => readCommandLine(["--fixture", broken], {})).toThrow(/unknown key "sdkappid"/);
    expect(() => readCommandLine(["--fixture", join(directory, "none.json")], {})).toThrow(
      /cannot read the fixture .*none\.json: ENOENT/,
    );
  });

  it("says a fixture is not valid JSON without quoting it, so a secret key next to the mistake never shows", async () => {
    const invalid = join(directory, "invalid.json");
    await writeFile(invalid, `{ "secretKey": 's3cr3t-key-in-single-quotes' }`);
    const error = (() => {
      try {
        readCommandLine(["--fixture", invalid], {});
      } catch (caught) {
        return caught as Error;
      }
      throw new Error("the broken fixture was accepted");
    })();
    expect(error.message).toMatch(/invalid\.json: it is not valid JSON$/);
    expect(error.message).not.toContain("s3cr3t");
  });
});
