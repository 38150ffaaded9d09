import { describe, expect, it } from "vitest";
import { findRemoteFetches, localiseRemoteAssets } from "../src/offline-page.ts";

const page = (body: string, telemetryOff = true) =>
  `<html><head></head><body>${body}<script type="module">
const __redoc_definition = {};
const __redoc_options = {"disableTelemetry":${telemetryOff}};
</script></body></html>`;

describe("offline check of the built page", () => {
  it("accepts a page whose only remote URLs are links and text", () => {
    const html = page(
      `<a href="https://redocly.com/redoc/">API docs by Redocly</a> see https://cloud.tencent.com <svg xmlns="http://www.w3.org/2000/svg"></svg>`,
    );
    expect(findRemoteFetches(html)).toEqual([]);
  });

  it("rejects scripts, stylesheets, images and fonts from other hosts", () => {
    const html = page(`<script src="https://cdn.example.net/redoc.js"></script>
<link rel="stylesheet" href="//fonts.example.org/css">
<img alt="" src='https://example.org/logo.png'>
<style>@import "https://example.org/a.css"; body { background: url(https://example.org/bg.png) }</style>`);
    const problems = findRemoteFetches(html);
    expect(problems).toHaveLength(5);
    expect(problems.join("\n")).toContain("https://cdn.example.net/redoc.js");
    expect(problems.join("\n")).toContain("//fonts.example.org/css");
  });

  it("rejects Redoc's CDN logo and icon base, which its script loads at run time", () => {
    const bundle =
      "src:e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`";
    const icons =
      '{"font-awesome":`https://cdn.redocly.com/icons/fa/7.0.0`,code:`https://cdn.redocly.com/icons/code/5.24.0`}';
    expect(findRemoteFetches(page(`${bundle};${icons}`))).toHaveLength(4);
  });

  it("rejects a page that would send Redoc telemetry", () => {
    expect(findRemoteFetches(page("", false))).toEqual([
      "Redoc telemetry is on: it would post traces to Redocly (set `telemetry: off`)",
    ]);
  });

  it("replaces the CDN logo and icon base with data URLs that pass the check", () => {
    const bundle =
      "src:e?`https://cdn.redoc.ly/redoc/logo-mini-full.svg`:`https://cdn.redoc.ly/redoc/logo-mini.svg`;" +
      '{"font-awesome":`https://cdn.redocly.com/icons/fa/7.0.0`,code:`https://cdn.redocly.com/icons/code/5.24.0`}';
    const { html, replaced } = localiseRemoteAssets(page(bundle));
    expect(replaced).toBe(4);
    expect(html).toContain("src:e?`data:image/svg+xml,%3Csvg");
    expect(html).toContain('{"font-awesome":`data:image/svg+xml,`,code:`data:image/svg+xml,`}');
    expect(findRemoteFetches(html)).toEqual([]);
  });
});
