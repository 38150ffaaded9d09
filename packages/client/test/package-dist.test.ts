// The published package is dist/: these tests read what `pnpm build` produced.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dist = new URL("../dist/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};

function built(file: string): string {
  const url = new URL(file, dist);
  if (!existsSync(url))
    throw new Error(`dist/${file} is missing: run \`pnpm --filter @timkit/client build\` first`);
  return readFileSync(url, "utf8");
}

/** Every module specifier a file imports, statically or dynamically. */
function importedModules(code: string): string[] {
  const specifiers = [...code.matchAll(/\b(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
    (match) => match[1],
  );
  return [...new Set(specifiers)].sort() as string[];
}

describe("the built package", () => {
  it("bundles the private @timkit/spec into its code instead of importing it", () => {
    const code = built("index.js");
    expect(code).not.toContain("@timkit/spec");
    expect(code).toContain("c2c_msg_read_receipt");
  });

  it("bundles @timkit/spec's types into its declarations instead of importing them", () => {
    const types = built("index.d.ts");
    expect(types).not.toContain("@timkit/spec");
    expect(types).toContain("C2cMsgReadReceiptRequest");
  });

  it("imports nothing but its declared dependencies and its own Redis budget file", () => {
    const dependencies = Object.keys(manifest.dependencies);
    for (const file of ["index.js", "index.d.ts", "shared-budget.js"]) {
      for (const specifier of importedModules(built(file))) {
        if (specifier !== "./shared-budget.js") expect(dependencies).toContain(specifier);
      }
    }
    expect(importedModules(built("index.js"))).toEqual([
      "./shared-budget.js",
      "@timkit/usersig",
      "openapi-fetch",
    ]);
    expect(importedModules(built("shared-budget.js"))).toEqual([]);
  });

  it("imports only openapi-fetch up front, and loads @timkit/usersig and the Redis budget with import()", () => {
    const code = built("index.js");
    const staticImports = [...code.matchAll(/^\s*(?:import|export)\b[^(]*?\bfrom\s*["']([^"']+)["']/gm)];
    expect(staticImports.map((match) => match[1])).toEqual(["openapi-fetch"]);
    expect(code.match(/\bimport\(\s*["']@timkit\/usersig["']\s*\)/g)).toHaveLength(1);
    expect(code.match(/\bimport\(\s*["']\.\/shared-budget\.js["']\s*\)/g)).toHaveLength(1);
    expect(code).not.toMatch(/^\s*import\s*["']/m);
    expect(readdirSync(dist).filter((file) => file.endsWith(".js"))).toEqual([
      "index.js",
      "shared-budget.js",
    ]);
  });

  it("names rate-limiter-flexible and ioredis only in the Redis budget, through an import() bundlers leave alone", () => {
    expect(built("index.js")).not.toMatch(/rate-limiter-flexible|ioredis/);
    const redis = built("shared-budget.js");
    expect(redis).toMatch(/import\(\s*\/\* @vite-ignore \*\/\s*\/\* webpackIgnore: true \*\/\s*name\s*\)/);
    expect(redis).toContain('"rate-limiter-flexible"');
    expect(redis).toContain('"ioredis"');
    expect(redis).not.toMatch(/\bfrom\s*["']|\bimport\s*["']|\brequire\(/);
    expect(Object.keys(manifest.dependencies)).toContain("rate-limiter-flexible");
    expect(manifest.peerDependencies.ioredis).toBeDefined();
    expect(manifest.peerDependenciesMeta.ioredis?.optional).toBe(true);
  });

  it("imports no node: module in either file", () => {
    for (const file of ["index.js", "shared-budget.js"]) expect(built(file)).not.toMatch(/["']node:/);
  });
});
