import { execFile } from "node:child_process";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { delimiter, join, relative, sep } from "node:path";
import { promisify } from "node:util";
import type { PackedPackage } from "./packed-package.js";
import { workspaceRoot } from "./workspace-packages.js";

const run = promisify(execFile);

/**
 * The environment of a user's shell, not of this workspace's scripts: no `npm_*`/`pnpm_*` settings that
 * pnpm and turbo pass down, no vitest or turbo variables, no NODE_OPTIONS, and no PATH entry inside the
 * workspace (its node_modules/.bin), so nothing the consumer runs can reach the workspace's tools.
 * npx never downloads (`yes=false`): a bin that is not installed fails instead of coming from the registry.
 */
export function userEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(?:npm_|pnpm_|vitest|turbo|tinypool|node_options$|node_path$|init_cwd$)/i.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((entry) => !`${entry}${sep}`.startsWith(workspaceRoot))
    .join(delimiter);
  env.npm_config_yes = "false";
  env.NO_COLOR = "1";
  return env;
}

export interface ConsumerProject {
  readonly directory: string;
  /** The `package.json` npm wrote the lock for: what the user asked for. */
  readonly dependencies: Readonly<Record<string, string>>;
}

/** A command's outcome, whether or not it succeeded. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in the consumer project with the user's environment and returns its outcome instead of
 * throwing, so a test can show what the command printed.
 */
export async function runIn(
  directory: string,
  command: string,
  args: string[],
  timeoutMs = 120_000,
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd: directory,
      env: userEnvironment(),
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      stdout: failed.stdout ?? "",
      stderr: failed.stderr || failed.message,
    };
  }
}

/**
 * Makes a fresh npm project in `directory` (outside the workspace), copies `files` into it and runs
 * `npm install`. `wanted` are the packages the user asks for; every `@timkit/*` package comes from its
 * tarball (`file:` for the wanted ones, `overrides` for the ones they depend on), since none is on the
 * registry; `registry` packages come from the registry at the versions given.
 *
 * @example
 * await createConsumerProject(dir, { packed, wanted: ["@timkit/sandbox"] });
 */
export async function createConsumerProject(
  directory: string,
  options: {
    packed: readonly PackedPackage[];
    wanted: readonly string[];
    registry?: Readonly<Record<string, string>>;
    files?: string;
  },
): Promise<ConsumerProject> {
  await mkdir(directory, { recursive: true });
  if (options.files !== undefined) await cp(options.files, directory, { recursive: true });
  const tarballOf = (name: string) => {
    const packed = options.packed.find((candidate) => candidate.name === name);
    if (packed === undefined) throw new Error(`${name} was not packed`);
    return `file:${relative(directory, packed.tarball).split(sep).join("/")}`;
  };
  const dependencies: Record<string, string> = { ...options.registry };
  for (const name of options.wanted) dependencies[name] = tarballOf(name);
  const overrides = Object.fromEntries(
    options.packed
      .filter((packed) => !options.wanted.includes(packed.name))
      .map((p) => [p.name, tarballOf(p.name)]),
  );
  const manifest = { name: "timkit-consumer", private: true, type: "module", dependencies, overrides };
  await writeFile(join(directory, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const installed = await runIn(
    directory,
    "npm",
    ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
    480_000,
  );
  if (installed.code !== 0) {
    throw new Error(`npm install failed in ${directory}:\n${installed.stderr}\n${installed.stdout}`);
  }
  return { directory, dependencies };
}

/** What npm installed under `node_modules`, by path: version and where it came from (`file:…` for tarballs). */
export async function installedPackages(
  directory: string,
): Promise<Map<string, { version?: string; resolved?: string }>> {
  const lock = JSON.parse(await readFile(join(directory, "node_modules", ".package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; resolved?: string }>;
  };
  return new Map(Object.entries(lock.packages));
}
