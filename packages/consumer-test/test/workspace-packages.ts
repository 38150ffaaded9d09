import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whose `spec`, `packages/*` and `apps/*` are the workspace (pnpm-workspace.yaml). */
export const workspaceRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** The fields of a package.json that publishing and installing read. */
export interface PackageManifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
  engines?: Record<string, string>;
  files?: string[];
  main?: string;
  types?: string;
  exports?: unknown;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  /** The folder, relative to the root: `packages/client`. */
  readonly path: string;
  readonly manifest: PackageManifest;
}

/**
 * Every package of the workspace, read from disk, so a package added later (`@timkit/webhooks`) is packed
 * and checked without anyone listing it here.
 */
export async function workspacePackages(): Promise<WorkspacePackage[]> {
  const folders = ["spec"];
  for (const parent of ["packages", "apps"]) {
    const entries = await readdir(join(workspaceRoot, parent), { withFileTypes: true });
    for (const entry of entries) if (entry.isDirectory()) folders.push(`${parent}/${entry.name}`);
  }
  const found: WorkspacePackage[] = [];
  for (const path of folders) {
    const text = await readFile(join(workspaceRoot, path, "package.json"), "utf8").catch(() => undefined);
    if (text !== undefined) found.push({ path, manifest: JSON.parse(text) as PackageManifest });
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** The packages that are published: the workspace's packages not marked `private`. */
export async function publicPackages(): Promise<WorkspacePackage[]> {
  return (await workspacePackages()).filter((entry) => entry.manifest.private !== true);
}

/** Names of the private workspace packages, which no published package may depend on. */
export async function privatePackageNames(): Promise<Set<string>> {
  const all = await workspacePackages();
  return new Set(all.filter((entry) => entry.manifest.private === true).map((entry) => entry.manifest.name));
}
