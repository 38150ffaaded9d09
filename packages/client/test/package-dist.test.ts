// The published package is dist/: these tests read what `pnpm build` produced.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dist = new URL("../dist/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  dependencies: Record<string, string>;
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

  it("imports nothing but its declared dependencies", () => {
    const dependencies = Object.keys(manifest.dependencies);
    for (const file of ["index.js", "index.d.ts"]) {
      for (const specifier of importedModules(built(file))) expect(dependencies).toContain(specifier);
    }
    expect(importedModules(built("index.js"))).toEqual(["@timkit/usersig", "openapi-fetch"]);
  });

  it("imports only openapi-fetch up front and loads @timkit/usersig with import(), in one file", () => {
    const code = built("index.js");
    const staticImports = [...code.matchAll(/^\s*(?:import|export)\b[^(]*?\bfrom\s*["']([^"']+)["']/gm)];
    expect(staticImports.map((match) => match[1])).toEqual(["openapi-fetch"]);
    expect(code.match(/\bimport\(\s*["']@timkit\/usersig["']\s*\)/g)).toHaveLength(1);
    expect(code).not.toMatch(/^\s*import\s*["']/m);
    expect(readdirSync(dist).filter((file) => file.endsWith(".js"))).toEqual(["index.js"]);
  });
});
