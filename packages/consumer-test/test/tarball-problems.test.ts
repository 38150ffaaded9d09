// The checks the consumer test runs on each tarball, shown to fail, naming the package, on broken ones.
import { describe, expect, it } from "vitest";
import type { PackedPackage } from "./packed-package.js";
import {
  entryPoints,
  missingEntryFiles,
  missingMetadata,
  packageOf,
  tarballProblems,
  undeclaredImports,
  uninstallableDependencies,
} from "./tarball-problems.js";

/** A tarball that passes every check; each test breaks one thing. */
function sound(overrides: Partial<PackedPackage> = {}): PackedPackage {
  return {
    name: "@timkit/example",
    tarball: "/tmp/timkit-example-0.0.0.tgz",
    manifest: {
      name: "@timkit/example",
      version: "0.0.0",
      license: "MIT",
      repository: {
        type: "git",
        url: "git+https://github.com/timkit/timkit.git",
        directory: "packages/example",
      },
      homepage: "https://github.com/timkit/timkit/tree/main/packages/example#readme",
      engines: { node: ">=20.19" },
      files: ["dist"],
      bin: { "timkit-example": "./dist/main.js" },
      exports: {
        ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
        "./node": { types: "./dist/node.d.ts", default: "./dist/node.js" },
      },
      dependencies: { "@timkit/usersig": "0.0.0", msw: "2.15.0" },
    },
    files: new Set([
      "package.json",
      "README.md",
      "LICENSE",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/node.js",
      "dist/node.d.ts",
      "dist/main.js",
      "dist/chunk-A.js",
    ]),
    code: new Map([
      ["dist/index.js", 'import { genUserSig } from "@timkit/usersig";\nexport * from "./chunk-A.js";'],
      ["dist/index.d.ts", "export declare const x: number;"],
      ["dist/node.js", 'import { setupServer } from "msw/node";\nimport "node:fs";\nimport "crypto";'],
      ["dist/node.d.ts", "import { SetupServerApi } from 'msw/node';\nexport * from './index.js';"],
      ["dist/main.js", '#!/usr/bin/env node\nconst { x } = await import("./chunk-A.js");'],
      [
        "dist/chunk-A.js",
        '// import "not-a-dependency" is only a comment\nexport const x = "import(\\"x\\")";',
      ],
    ]),
    ...overrides,
  };
}

const without = (packed: PackedPackage, file: string) =>
  new Set([...packed.files].filter((path) => path !== file));

describe("the tarball checks", () => {
  it("find nothing wrong with a sound tarball", () => {
    expect(tarballProblems(sound(), new Set(["@timkit/spec"]))).toEqual([]);
  });

  it("list every file exports and bin point at, through nested conditions", () => {
    expect(entryPoints(sound().manifest).map((entry) => entry.path)).toEqual([
      "dist/index.d.ts",
      "dist/index.js",
      "dist/node.d.ts",
      "dist/node.js",
      "dist/main.js",
    ]);
  });

  it("name the package and the field when an exported file is missing from the tarball", () => {
    const packed = sound();
    expect(missingEntryFiles({ ...packed, files: without(packed, "dist/node.d.ts") })).toEqual([
      '@timkit/example: exports["./node"]["types"] points at dist/node.d.ts, which is not in the tarball',
    ]);
  });

  it("name the package when its bin is missing from the tarball", () => {
    const packed = sound();
    expect(missingEntryFiles({ ...packed, files: without(packed, "dist/main.js") })).toEqual([
      '@timkit/example: bin["timkit-example"] points at dist/main.js, which is not in the tarball',
    ]);
  });

  it("name the package when its README, LICENSE or publishing fields are missing", () => {
    const packed = sound();
    const { homepage: _homepage, engines: _engines, ...manifest } = packed.manifest;
    expect(missingMetadata({ ...packed, files: without(packed, "LICENSE"), manifest })).toEqual([
      "@timkit/example: the tarball has no LICENSE",
      '@timkit/example: package.json has no "homepage"',
      '@timkit/example: package.json has no "engines.node"',
    ]);
    const untyped = { ...packed.manifest, exports: { ".": { default: "./dist/index.js" } } };
    expect(missingMetadata({ ...packed, manifest: untyped })).toEqual([
      '@timkit/example: exports["."] has no "types" condition',
    ]);
  });

  it("name the package, the file and the import when code imports a package it does not declare", () => {
    const packed = sound();
    const manifest = { ...packed.manifest, dependencies: { "@timkit/usersig": "0.0.0" } };
    expect(undeclaredImports({ ...packed, manifest })).toEqual([
      "@timkit/example: dist/node.js imports msw/node, but msw is not among its dependencies",
      "@timkit/example: dist/node.d.ts imports msw/node, but msw is not among its dependencies",
    ]);
  });

  it("name a declaration file that imports the private @timkit/spec", () => {
    const code = new Map(sound().code).set("dist/index.d.ts", 'import type { paths } from "@timkit/spec";');
    expect(undeclaredImports(sound({ code }))).toEqual([
      "@timkit/example: dist/index.d.ts imports @timkit/spec, but @timkit/spec is not among its dependencies",
    ]);
  });

  it("name a chunk of the package's own that its code imports but the tarball lacks", () => {
    const packed = sound();
    const files = without(packed, "dist/chunk-A.js");
    expect(undeclaredImports({ ...packed, files })).toEqual([
      "@timkit/example: dist/index.js imports ./chunk-A.js, which is not in the tarball",
      "@timkit/example: dist/main.js imports ./chunk-A.js, which is not in the tarball",
    ]);
  });

  it("name dependencies a user cannot install: workspace ranges and private packages", () => {
    const packed = sound();
    const manifest = {
      ...packed.manifest,
      dependencies: { "@timkit/usersig": "workspace:*", "@timkit/spec": "0.1.0" },
      devDependencies: { "@timkit/browser-testing": "0.1.0" },
    };
    const privateNames = new Set(["@timkit/spec", "@timkit/browser-testing"]);
    expect(uninstallableDependencies({ ...packed, manifest }, privateNames)).toEqual([
      "@timkit/example: dependencies has @timkit/usersig@workspace:*, which only this workspace can resolve",
      "@timkit/example: dependencies has @timkit/spec, a private workspace package that is never published",
      "@timkit/example: devDependencies has @timkit/browser-testing, a private workspace package that is never published",
    ]);
  });

  it("read the package a deep or scoped import names", () => {
    expect([packageOf("msw/node"), packageOf("@timkit/mocks/node"), packageOf("openapi-fetch")]).toEqual([
      "msw",
      "@timkit/mocks",
      "openapi-fetch",
    ]);
  });
});
