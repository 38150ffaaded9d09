import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

export interface DocsPage {
  readonly status: number;
  readonly html: string;
}

const unbuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>API reference not built</title></head>
<body style="font: 15px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto">
<h1>The API reference is not built yet</h1>
<p>The sandbox serves the Redoc page that <code>@timkit/docs</code> builds. Build it with</p>
<pre>corepack pnpm --filter @timkit/docs build</pre>
<p>or start the sandbox with <code>corepack pnpm start</code> from the repository root, which builds it first.
The API itself works meanwhile.</p>
</body></html>
`;

/**
 * The page to serve: the copy the build puts next to the bundle (`dist/docs.html`, what the published
 * package ships), else where `@timkit/docs` puts it in the repository, or undefined when it is not built.
 */
export function builtDocsPath(): string | undefined {
  const shipped = fileURLToPath(new URL("./docs.html", import.meta.url));
  if (existsSync(shipped)) return shipped;
  try {
    return createRequire(import.meta.url).resolve("@timkit/docs/index.html");
  } catch {
    return undefined;
  }
}

/**
 * The `/docs` page: the Redoc reference built by `@timkit/docs`, read on each request so a rebuild shows
 * without a restart; a 503 page saying how to build it when it is missing.
 *
 * @example
 * const { status, html } = await docsPage(builtDocsPath());
 */
export async function docsPage(path: string | undefined): Promise<DocsPage> {
  if (path === undefined) return { status: 503, html: unbuilt };
  try {
    return { status: 200, html: await readFile(path, "utf8") };
  } catch {
    return { status: 503, html: unbuilt };
  }
}
