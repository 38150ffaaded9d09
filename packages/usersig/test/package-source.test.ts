import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const srcDir = join(import.meta.dirname, "..", "src");
const libraryFiles = readdirSync(srcDir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));

describe("package source", () => {
  it("imports no node: module and no Node-only global, so it runs in browsers, Deno, Bun and workers", () => {
    expect(libraryFiles.length).toBeGreaterThan(5);
    for (const name of libraryFiles) {
      const source = readFileSync(join(srcDir, name), "utf8");
      expect(source, name).not.toMatch(/from\s+["']node:|require\(|\bBuffer\b|\bprocess\./);
    }
  });

  it("keeps index.ts to re-exports only", () => {
    const index = readFileSync(join(srcDir, "index.ts"), "utf8");
    for (const line of index.split("\n").filter((text) => text.trim() !== "")) {
      expect(line).toMatch(/^(export \{|\s+|\} from ")/);
    }
  });
});
