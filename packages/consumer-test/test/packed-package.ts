import { execFile } from "node:child_process";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { type PackageManifest, type WorkspacePackage, workspaceRoot } from "./workspace-packages.js";

const run = promisify(execFile);

/** A package as `pnpm pack` made it: the tarball, and what is inside it. */
export interface PackedPackage {
  readonly name: string;
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** The package.json inside the tarball: `workspace:*` already rewritten to versions. */
  readonly manifest: PackageManifest;
  /** Every file in the tarball, relative to the package root: `dist/index.js`, `README.md`. */
  readonly files: ReadonlySet<string>;
  /** The text of each JavaScript and declaration file in the tarball, by path. */
  readonly code: ReadonlyMap<string, string>;
}

const codeFile = /\.(?:[cm]?js|d\.[cm]?ts)$/;

/**
 * Packs one workspace package with `pnpm pack` (as publishing would: `files`, README, LICENSE, and
 * `workspace:*` rewritten), then unpacks the tarball to read what a user would install.
 *
 * @example
 * const packed = await packPackage(client, "/tmp/timkit-consumer-x/tarballs");
 */
export async function packPackage(pkg: WorkspacePackage, destination: string): Promise<PackedPackage> {
  const cwd = join(workspaceRoot, pkg.path);
  const { stdout } = await run("pnpm", ["pack", "--json", "--pack-destination", destination], { cwd });
  const tarball = (JSON.parse(stdout) as { filename: string }).filename;
  const unpacked = join(destination, "unpacked", pkg.manifest.name);
  await mkdir(unpacked, { recursive: true });
  await run("tar", ["-xzf", tarball, "-C", unpacked]);
  const root = join(unpacked, "package");
  const files = new Set<string>();
  const code = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(root, join(entry.parentPath, entry.name));
    files.add(path);
    if (codeFile.test(path)) code.set(path, await readFile(join(root, path), "utf8"));
  }
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as PackageManifest;
  return { name: manifest.name, tarball, manifest, files, code };
}
