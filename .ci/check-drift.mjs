#!/usr/bin/env node
// Fails when the committed generated files differ from what `pnpm generate` just wrote, new untracked
// generated files included, so that the spec and everything derived from it never drift apart.
import { execFileSync } from "node:child_process";

const status = execFileSync(
  "git",
  ["status", "--porcelain", "--untracked-files=all", "--", ":(glob)**/generated/**"],
  { encoding: "utf8" },
).trim();

if (status) {
  console.error("Generated files are out of date with the spec. Run `pnpm generate` and commit the result:");
  console.error(status);
  process.exit(1);
}
console.log("generated files: in sync with the spec");
