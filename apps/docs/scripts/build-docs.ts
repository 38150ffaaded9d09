// Builds dist/index.html: the bundled spec of @timkit/spec, made into a docs variant (code samples,
// error tables, a server per region), rendered by `redocly build-docs --inlineBundle` into one page
// that loads nothing from the network, which is checked before the page is written.
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { errorCatalog, errorCodeRanges, operationTable, type Region, regionTable } from "@timkit/spec";
import type { OpenApiDocument } from "@timkit/spec/openapi-document";
import { createDocsVariant } from "../src/docs-variant.ts";
import { findRemoteFetches, localiseRemoteAssets } from "../src/offline-page.ts";
import { redocOptions } from "../src/redoc-options.ts";

/** The region the curl and client samples call. */
const sampleRegion: Region = "singapore";

const require = createRequire(import.meta.url);
const appDir = fileURLToPath(new URL("../", import.meta.url));
const distDir = join(appDir, "dist");
const variantPath = join(distDir, "openapi.docs.json");
const pagePath = join(distDir, "index.html");

const specPath = require.resolve("@timkit/spec/openapi.json");
const document = JSON.parse(await readFile(specPath, "utf8")) as OpenApiDocument;
const variant = createDocsVariant(document, {
  errorCatalog,
  errorCodeRanges,
  operationTable,
  regionTable,
  sampleRegion,
});

await rm(distDir, { recursive: true, force: true });
await mkdir(distDir, { recursive: true });
await writeFile(variantPath, `${JSON.stringify(variant, null, 2)}\n`);

// Render into a scratch file: dist/index.html appears only once it has passed the offline check.
const scratchDir = await mkdtemp(join(tmpdir(), "timkit-docs-"));
const renderedPath = join(scratchDir, "index.html");
try {
  const redocly = spawnSync(
    process.execPath,
    [
      require.resolve("@redocly/cli/bin/cli.js"),
      "build-docs",
      variantPath,
      "--output",
      renderedPath,
      "--inlineBundle",
      "--openapi",
      JSON.stringify(redocOptions(variant)),
      "--config",
      join(appDir, "redocly.yaml"),
      "--template",
      join(appDir, "src/page-template.hbs"),
    ],
    {
      cwd: appDir,
      stdio: ["ignore", "inherit", "inherit"],
      // No usage report and no update check: the build runs offline and must not wait on either.
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
  if (redocly.status !== 0) throw new Error(`redocly build-docs failed (exit ${redocly.status})`);

  const { html, replaced } = localiseRemoteAssets(await readFile(renderedPath, "utf8"));
  const problems = findRemoteFetches(html);
  if (problems.length > 0) {
    throw new Error(`the page would load from the network:\n  ${problems.join("\n  ")}`);
  }
  await writeFile(pagePath, html);
  const kib = (bytes: number) => `${Math.ceil(bytes / 1024)} KiB`;
  console.log(
    `docs: ${pagePath} (${kib(Buffer.byteLength(html))}), ${replaced} remote asset URL(s) made local, no remote fetch`,
  );
} finally {
  await rm(scratchDir, { recursive: true, force: true });
}
