// Keeps the built page self-contained: Redoc's bundle names a few remote assets (its logo, an icon CDN)
// that a browser would fetch at run time, so they are swapped for local ones and the result is checked.

/** Hosts Redoc and its kind load scripts, styles, fonts, icons or logos from. None may remain in the page. */
export const remoteAssetHosts = [
  "cdn.redoc.ly",
  "cdn.redocly.com",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "unpkg.com",
  "cdn.jsdelivr.net",
  "cdnjs.cloudflare.com",
] as const;

const svgDataUrl = (svg: string): string => `data:image/svg+xml,${encodeURIComponent(svg)}`;

// Redocly's attribution stays, as text drawn in an inline SVG instead of an image from its CDN.
const wordmark = (text: string, width: number): string =>
  svgDataUrl(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16">` +
      `<text x="0" y="12" font-family="system-ui,sans-serif" font-size="12" font-weight="600" fill="#0044d4">${text}</text></svg>`,
  );

/** Each remote asset URL of the Redoc bundle, and the local URL that replaces it. */
export const localAssets: readonly { remote: RegExp; local: string }[] = [
  { remote: /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini-full\.svg/g, local: wordmark("Redocly", 52) },
  { remote: /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini\.svg/g, local: wordmark("R", 10) },
  // Icon packs are fetched as `${base}/${name}.svg` CSS images. An empty SVG data URL as the base makes
  // any such icon draw nothing rather than call the CDN; the icons this page shows are inline SVG.
  { remote: /https:\/\/cdn\.redocly\.com\/icons\/[\w.-]+\/[\w.-]+/g, local: "data:image/svg+xml," },
];

/** The page with every known remote asset URL replaced by its local stand-in, and how many were replaced. */
export function localiseRemoteAssets(html: string): { html: string; replaced: number } {
  let replaced = 0;
  for (const { remote, local } of localAssets) {
    html = html.replace(remote, () => {
      replaced += 1;
      return local;
    });
  }
  return { html, replaced };
}

const remoteUrl = String.raw`["']?\s*(?:https?:)?//`;
const fetchingPatterns: readonly { what: string; pattern: RegExp }[] = [
  {
    what: "element loading a remote URL",
    pattern: new RegExp(
      String.raw`<(?:script|link|img|iframe|frame|source|audio|video|track|embed|object|image|use|input)\b[^>]*?\s(?:src|href|srcset|data|poster|xlink:href)\s*=\s*${remoteUrl}[^\s"'>]*`,
      "gi",
    ),
  },
  { what: "CSS url() of a remote URL", pattern: new RegExp(String.raw`url\(\s*${remoteUrl}[^)\s]*`, "gi") },
  {
    what: "CSS @import of a remote URL",
    pattern: new RegExp(String.raw`@import\s+(?:url\()?\s*${remoteUrl}[^\s;)]*`, "gi"),
  },
  {
    what: "remote asset host",
    pattern: new RegExp(remoteAssetHosts.map((host) => host.replaceAll(".", String.raw`\.`)).join("|"), "gi"),
  },
];

/** The Redoc options embedded in a page built by `redocly build-docs`. */
export function embeddedRedocOptions(html: string): Record<string, unknown> {
  const match = /const __redoc_options = (\{.*?\});\n/s.exec(html);
  if (!match?.[1]) throw new Error("the page embeds no Redoc options (`__redoc_options`)");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

/**
 * Every reference in the page that a browser would fetch from another machine, plus Redoc telemetry
 * when it is left on. Links a reader may follow (`<a href>`, text) are not fetches and are allowed.
 *
 * @example
 * const problems = findRemoteFetches(html);
 * if (problems.length > 0) throw new Error(problems.join("\n"));
 */
export function findRemoteFetches(html: string): string[] {
  const problems: string[] = [];
  for (const { what, pattern } of fetchingPatterns) {
    for (const match of html.matchAll(pattern)) problems.push(`${what}: ${match[0].slice(0, 160)}`);
  }
  if (embeddedRedocOptions(html).disableTelemetry !== true) {
    problems.push("Redoc telemetry is on: it would post traces to Redocly (set `telemetry: off`)");
  }
  return problems;
}
