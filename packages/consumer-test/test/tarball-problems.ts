import { isBuiltin } from "node:module";
import { posix } from "node:path";
import ts from "typescript";
import type { PackedPackage } from "./packed-package.js";

/** One file a package.json points at, and the field that points at it: `exports["./node"].types`. */
export interface EntryPoint {
  readonly field: string;
  readonly path: string;
}

/**
 * Every file the manifest promises: `main`, `types`, each target of `exports` (conditions and subpaths
 * nested to any depth) and each `bin`.
 *
 * @example
 * entryPoints({ exports: { ".": { types: "./dist/index.d.ts" } } }) // → [{ field: 'exports["."].types', path: "dist/index.d.ts" }]
 */
export function entryPoints(manifest: PackedPackage["manifest"]): EntryPoint[] {
  const found: EntryPoint[] = [];
  const add = (field: string, target: unknown) => {
    if (typeof target === "string") found.push({ field, path: posix.normalize(target) });
    else if (Array.isArray(target)) {
      for (const [index, item] of target.entries()) add(`${field}[${index}]`, item);
    } else if (target !== null && typeof target === "object") {
      for (const [key, value] of Object.entries(target)) add(`${field}[${JSON.stringify(key)}]`, value);
    }
  };
  if (manifest.main !== undefined) add("main", manifest.main);
  if (manifest.types !== undefined) add("types", manifest.types);
  if (manifest.exports !== undefined) add("exports", manifest.exports);
  if (manifest.bin !== undefined) add("bin", manifest.bin);
  return found;
}

/** Files the manifest points at that the tarball does not hold (a `files` entry forgotten, a build not run). */
export function missingEntryFiles(packed: PackedPackage): string[] {
  return entryPoints(packed.manifest)
    .filter((entry) => !packed.files.has(entry.path))
    .map((entry) => `${packed.name}: ${entry.field} points at ${entry.path}, which is not in the tarball`);
}

/**
 * What a published package owes its users besides code: README and LICENSE in the tarball, and the fields
 * npm and the registry read (license, repository with its folder, homepage, engines, files, typed exports).
 */
export function missingMetadata(packed: PackedPackage): string[] {
  const { name, manifest, files } = packed;
  const problems: string[] = [];
  for (const file of ["README.md", "LICENSE", "package.json"]) {
    if (!files.has(file)) problems.push(`${name}: the tarball has no ${file}`);
  }
  if (!manifest.license) problems.push(`${name}: package.json has no "license"`);
  const repository = typeof manifest.repository === "string" ? undefined : manifest.repository;
  if (!repository?.url || !repository.directory) {
    problems.push(`${name}: package.json "repository" needs "url" and "directory"`);
  }
  if (!manifest.homepage) problems.push(`${name}: package.json has no "homepage"`);
  if (!manifest.engines?.node) problems.push(`${name}: package.json has no "engines.node"`);
  if (!Array.isArray(manifest.files)) problems.push(`${name}: package.json has no "files" list`);
  const exports = manifest.exports;
  if (exports === null || typeof exports !== "object" || Array.isArray(exports)) {
    problems.push(`${name}: package.json has no "exports" map`);
  } else {
    for (const [subpath, target] of Object.entries(exports)) {
      if (target === null || typeof target !== "object" || !("types" in target)) {
        problems.push(`${name}: exports[${JSON.stringify(subpath)}] has no "types" condition`);
      }
    }
  }
  return problems;
}

/**
 * Dependencies a user could not install: workspace protocols, local paths, and private workspace packages,
 * devDependencies included (npm ignores them in an installed package, but anyone who unpacks it cannot
 * install them; .pnpmfile.cjs drops them when packing).
 */
export function uninstallableDependencies(
  packed: PackedPackage,
  privateNames: ReadonlySet<string>,
): string[] {
  const { name, manifest } = packed;
  const problems: string[] = [];
  const fields = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"] as const;
  for (const field of fields) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      if (privateNames.has(dependency)) {
        problems.push(
          `${name}: ${field} has ${dependency}, a private workspace package that is never published`,
        );
      } else if (/^(?:workspace|link|file|portal|catalog):/.test(range)) {
        problems.push(`${name}: ${field} has ${dependency}@${range}, which only this workspace can resolve`);
      }
    }
  }
  return problems;
}

/** The package a bare import names: `msw/node` → `msw`, `@timkit/mocks/node` → `@timkit/mocks`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

/**
 * Imports in the tarball's code and declarations (static, dynamic, `export … from`, `require`, triple-slash
 * type references) that would not resolve once installed: a package it does not declare, or a file of its
 * own (a chunk) left out. Read with TypeScript's own pre-processor, so comments are not taken for imports.
 */
export function undeclaredImports(packed: PackedPackage): string[] {
  const { name, manifest } = packed;
  const declared = new Set([
    name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems: string[] = [];
  for (const [file, specifier] of importsIn(packed)) {
    if (specifier.startsWith(".")) {
      const target = posix.join(posix.dirname(file), specifier);
      // A declaration file names the module it describes: `./index.js` is typed by `./index.d.ts`.
      const typedBy = target.replace(/\.([cm]?)js$/, ".d.$1ts");
      const found = packed.files.has(target) || (/\.d\.[cm]?ts$/.test(file) && packed.files.has(typedBy));
      if (!found) problems.push(`${name}: ${file} imports ${specifier}, which is not in the tarball`);
      continue;
    }
    if (!isBuiltin(specifier)) {
      const dependency = packageOf(specifier);
      if (!declared.has(dependency)) {
        problems.push(
          `${name}: ${file} imports ${specifier}, but ${dependency} is not among its dependencies`,
        );
      }
    }
  }
  return problems;
}

/** Each file's imported specifiers, once per file. */
function importsIn(packed: PackedPackage): [file: string, specifier: string][] {
  const found: [string, string][] = [];
  for (const [file, text] of packed.code) {
    const info = ts.preProcessFile(text, true, true);
    const specifiers = new Set([
      ...info.importedFiles.map((reference) => reference.fileName),
      ...info.typeReferenceDirectives.map((reference) => reference.fileName),
    ]);
    for (const specifier of specifiers) found.push([file, specifier]);
  }
  return found;
}

/** Everything wrong with a tarball, each line naming the package. */
export function tarballProblems(packed: PackedPackage, privateNames: ReadonlySet<string>): string[] {
  return [
    ...missingEntryFiles(packed),
    ...missingMetadata(packed),
    ...uninstallableDependencies(packed, privateNames),
    ...undeclaredImports(packed),
  ];
}
