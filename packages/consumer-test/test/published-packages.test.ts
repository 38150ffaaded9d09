// What a new user gets from the packed tarballs, in a fresh npm project outside the workspace: the files,
// the dependencies, the types, the mocks in their own vitest run, and the sandbox through npx.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConsumerProject, createConsumerProject, installedPackages, runIn } from "./consumer-project.js";
import { type PackedPackage, packPackage } from "./packed-package.js";
import { startSandboxCommand } from "./sandbox-command.js";
import {
  missingEntryFiles,
  missingMetadata,
  undeclaredImports,
  uninstallableDependencies,
} from "./tarball-problems.js";
import {
  type PackageManifest,
  privatePackageNames,
  publicPackages,
  workspaceRoot,
} from "./workspace-packages.js";

const fixtures = new URL("../fixtures/", import.meta.url);
let scratch: string;
let packed: PackedPackage[];

const readManifest = async (path: string) =>
  JSON.parse(await readFile(join(workspaceRoot, path, "package.json"), "utf8")) as PackageManifest;

beforeAll(async () => {
  // Outside the workspace, so nothing resolves through its node_modules.
  scratch = await mkdtemp(join(tmpdir(), "timkit-consumer-"));
  expect(`${scratch}${sep}`.startsWith(workspaceRoot)).toBe(false);
  const publics = await publicPackages();
  packed = await Promise.all(publics.map((pkg) => packPackage(pkg, join(scratch, "tarballs"))));
}, 180_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe("every public package's tarball", () => {
  it("covers the packages a user installs: usersig, client, mocks, webhooks and the sandbox", () => {
    expect(packed.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "@timkit/usersig",
        "@timkit/client",
        "@timkit/mocks",
        "@timkit/webhooks",
        "@timkit/sandbox",
      ]),
    );
  });

  it("holds every file its package.json points at (exports, bin), with a README and a LICENSE", () => {
    expect(packed.flatMap((p) => [...missingEntryFiles(p), ...missingMetadata(p)])).toEqual([]);
  });

  it("declares every package its code and declarations import, and holds every file of its own they import", () => {
    expect(packed.flatMap(undeclaredImports)).toEqual([]);
  });

  it("depends on nothing only this workspace has: no workspace: ranges, no private package, even among devDependencies", async () => {
    const privateNames = await privatePackageNames();
    expect(packed.flatMap((p) => uninstallableDependencies(p, privateNames))).toEqual([]);
  });

  it("names no private package in its declarations, whose types are bundled in instead", async () => {
    // attw does not notice a .d.ts importing a package that is never published; a user's tsc would.
    const privateNames = [...(await privatePackageNames())];
    const named = packed.flatMap((p) =>
      [...p.code]
        .filter(
          ([file, text]) => /\.d\.[cm]?ts$/.test(file) && privateNames.some((name) => text.includes(name)),
        )
        .map(([file]) => `${p.name}: ${file}`),
    );
    expect(named).toEqual([]);
  });
});

describe("a fresh npm project outside the workspace, installing only the tarballs and registry packages", () => {
  let app: ConsumerProject;
  let sandboxOnly: ConsumerProject;

  beforeAll(async () => {
    const [mocks, root] = await Promise.all([readManifest("packages/mocks"), readManifest(".")]);
    const tested = { ...root.devDependencies, ...mocks.devDependencies };
    const registry = Object.fromEntries(
      ["msw", "vitest", "typescript", "@types/node"].map((name) => [name, tested[name] as string]),
    );
    [app, sandboxOnly] = await Promise.all([
      // A backend with its tests: every public package, and msw, vitest and TypeScript from the registry.
      createConsumerProject(join(scratch, "app"), {
        packed,
        wanted: packed.map((p) => p.name),
        registry,
        files: new URL("app/", fixtures).pathname,
      }),
      // A team that only wants the sandbox: it alone, with nothing but what it declares.
      createConsumerProject(join(scratch, "sandbox-only"), { packed, wanted: ["@timkit/sandbox"] }),
    ]);
  }, 600_000);

  it("installs every @timkit package from its tarball, one copy of each", async () => {
    for (const project of [app, sandboxOnly]) {
      const timkit = [...(await installedPackages(project.directory))].filter(([path]) =>
        /(?:^|\/)node_modules\/@timkit\//.test(path),
      );
      expect(timkit.length).toBeGreaterThan(0);
      for (const [path, entry] of timkit) {
        expect(path, `${path} in ${project.directory}`).toMatch(/^node_modules\/@timkit\/[^/]+$/);
        expect(entry.resolved, path).toMatch(/^file:/);
      }
    }
  });

  it("imports every entry point of every package in Node", async () => {
    const specifiers = packed.flatMap((p) =>
      Object.keys(p.manifest.exports as object).map((subpath) => `${p.name}${subpath.slice(1)}`),
    );
    const script = `const failed = [];
for (const specifier of ${JSON.stringify(specifiers)}) {
  try { await import(specifier); } catch (error) { failed.push(specifier + ": " + error.message); }
}
console.log(JSON.stringify(failed));`;
    const result = await runIn(app.directory, process.execPath, ["--input-type=module", "-e", script]);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("type-checks a backend against createTimClient's published types, and every entry point's declarations", async () => {
    const entries = packed.flatMap((p) =>
      Object.keys(p.manifest.exports as object).map((subpath) => `${p.name}${subpath.slice(1)}`),
    );
    await writeFile(
      join(app.directory, "src", "entry-points.ts"),
      entries.map((specifier, index) => `export type * as entry${index} from "${specifier}";\n`).join(""),
    );
    const tsc = await runIn(app.directory, process.execPath, [
      join(app.directory, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "tsconfig.json",
    ]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);
  }, 120_000);

  it("runs the project's vitest tests of that backend: on setupTimServer a receipt recorded, 20003 for an unknown account, a retried 20004; a signed callback handled", async () => {
    const vitest = await runIn(
      app.directory,
      process.execPath,
      [
        join(app.directory, "node_modules", "vitest", "vitest.mjs"),
        "run",
        "--reporter=json",
        "--outputFile=vitest.json",
      ],
      180_000,
    );
    const report = JSON.parse(await readFile(join(app.directory, "vitest.json"), "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
    };
    const results = report.testResults.flatMap((file) => file.assertionResults);
    expect(
      results.filter((test) => test.status !== "passed"),
      vitest.stderr,
    ).toEqual([]);
    expect(results.map((test) => test.title).sort()).toEqual(
      [
        "records the receipt of a message user1 read",
        "reports an account that was never imported, which Tencent answers with 20003",
        "retries a receipt Tencent answered with 20004 and records it once",
        "passes on a code that is not retryable after one request, as a typed error",
        "handles a signed read-receipt callback and answers OK",
        "refuses a callback signed with another token",
      ].sort(),
    );
    expect(vitest.code).toBe(0);
  }, 200_000);

  it("starts npx @timkit/sandbox with only its own dependencies, answers the documented request with OK and serves the docs page", async () => {
    expect(Object.keys(sandboxOnly.dependencies)).toEqual(["@timkit/sandbox"]);
    const sandbox = await startSandboxCommand(sandboxOnly.directory, ["--port", "0"]);
    try {
      expect(sandbox.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // The UserSig from the installed packages, signed with the sandbox's well-known development key.
      const installed = createRequire(join(sandboxOnly.directory, "package.json"));
      const { genUserSig } = await import(pathToFileURL(installed.resolve("@timkit/usersig")).href);
      const { devSecretKey } = await import(pathToFileURL(installed.resolve("@timkit/mocks")).href);
      const usersig = await genUserSig({ sdkAppId: 88888888, identifier: "admin", secretKey: devSecretKey });
      const query = new URLSearchParams({
        sdkappid: "88888888",
        identifier: "admin",
        usersig,
        random: "99999999",
        contenttype: "json",
      });
      const answer = await fetch(`${sandbox.baseUrl}/v4/openim/c2c_msg_read_receipt?${query}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          Operator_Account: "user1",
          Peer_Account: "user2",
          C2CMsgInfo: [
            { From_Account: "user2", To_Account: "user1", MsgKey: "1467329515_5675354_1708676941" },
          ],
        }),
      });
      expect(await answer.json()).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
      const docs = await fetch(`${sandbox.baseUrl}/docs`);
      expect(docs.status).toBe(200);
      const html = await docs.text();
      expect(html).toContain("c2c_msg_read_receipt");
      expect(html.length).toBeGreaterThan(1_000_000);
    } finally {
      expect((await sandbox.stop()).output).toContain("SIGTERM, closing");
    }
  }, 120_000);

  it("closes the installed timkit-sandbox bin cleanly, with exit code 0, on SIGTERM", async () => {
    const bin = join(sandboxOnly.directory, "node_modules", ".bin", "timkit-sandbox");
    const sandbox = await startSandboxCommand(sandboxOnly.directory, ["--port", "0", "--quiet"], [bin]);
    const health = await fetch(`${sandbox.baseUrl}/__sandbox/health`);
    expect(health.status).toBe(200);
    const { output, code } = await sandbox.stop();
    expect(output).toContain("SIGTERM, closing");
    expect(code).toBe(0);
  }, 60_000);

  it("lists every flag the sandbox's README documents in npx @timkit/sandbox --help", async () => {
    const readme = await readFile(join(workspaceRoot, "apps", "sandbox", "README.md"), "utf8");
    const options = readme.slice(readme.indexOf("## Options"), readme.indexOf("## Routes"));
    const flags = [...new Set(options.match(/^\| `(--[a-z-]+)/gm)?.map((row) => row.slice(3)))];
    expect(flags.length).toBeGreaterThan(10);
    const help = await runIn(sandboxOnly.directory, "npx", ["@timkit/sandbox", "--help"]);
    expect(help.code).toBe(0);
    expect(flags.filter((flag) => !help.stdout.includes(flag))).toEqual([]);
  }, 60_000);

  it.each([
    [["--no-such-flag"], "--no-such-flag"],
    [["--port", "70000"], "--port"],
    [["--accounts"], "--accounts"],
  ])(
    "exits with 2 from npx @timkit/sandbox %j, naming %s",
    async (args, named) => {
      const result = await runIn(sandboxOnly.directory, "npx", ["@timkit/sandbox", ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(named);
    },
    60_000,
  );
});
