import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const srcDir = join(import.meta.dirname, "..", "src");
const libraryFiles = readdirSync(srcDir).filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"));

// Any way of reaching a Node built-in or a Node-only global: static and dynamic imports, bare side-effect
// imports, require, Buffer, process.
const nodeOnly = /\bfrom\s*["']node:|\bimport\s*\(?\s*["']node:|\brequire\s*\(|\bBuffer\b|\bprocess\./;

describe("package source", () => {
  it("catches every form of Node-only code it looks for", () => {
    for (const line of [
      'import { x } from "node:zlib";',
      'import "node:crypto";',
      'const z = await import("node:zlib");',
      'const z = require("zlib");',
      "Buffer.from(bytes)",
      "process.env.X",
    ]) {
      expect(line).toMatch(nodeOnly);
    }
    expect('import { hmac } from "@noble/hashes/hmac.js";').not.toMatch(nodeOnly);
  });

  it("imports no node: module and no Node-only global, so it runs in browsers, Deno, Bun and workers", () => {
    expect(libraryFiles.length).toBeGreaterThan(5);
    for (const name of libraryFiles) {
      const source = readFileSync(join(srcDir, name), "utf8");
      expect(source, name).not.toMatch(nodeOnly);
    }
  });

  it("ships a bundle with no Node-only code either, importing only @noble/hashes", () => {
    // CI builds before testing, so a missing bundle is a failure, not a skip.
    const bundle = readFileSync(join(import.meta.dirname, "..", "dist", "index.js"), "utf8");
    expect(bundle).not.toMatch(nodeOnly);
    const imported = [...bundle.matchAll(/\bfrom\s*["']([^"']+)["']/g)].map((match) => match[1]);
    expect(new Set(imported)).toEqual(new Set(["@noble/hashes/hmac.js", "@noble/hashes/sha2.js"]));
  });

  it("keeps index.ts to re-exports only", () => {
    const index = readFileSync(join(srcDir, "index.ts"), "utf8");
    for (const line of index.split("\n").filter((text) => text.trim() !== "")) {
      expect(line).toMatch(/^(export \{|\s+|\} from ")/);
    }
  });
});
