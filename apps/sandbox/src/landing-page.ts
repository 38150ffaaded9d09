import { controlRoutes } from "./control-routes.js";
import type { SandboxFacts } from "./sandbox-facts.js";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The `/` page: the same facts as the startup banner, for whoever opens the base URL in a browser.
 *
 * @example
 * response.end(landingPage(facts));
 */
export function landingPage(facts: SandboxFacts): string {
  const rows: Array<[string, string]> = [
    ["Base URL", facts.baseUrl],
    ["SDKAppID", String(facts.sdkAppId)],
    ["Administrators", facts.admins.join(", ")],
    ["Imported accounts", facts.accounts.join(", ")],
    ["Secret key", facts.secretKeyShown],
    [
      "UserSig",
      facts.devKey
        ? `${facts.userSigShown} (for ${facts.admins[0]}, valid until ${new Date(facts.userSigExpiresAt * 1000).toISOString()})`
        : facts.userSigShown,
    ],
  ];
  if (facts.callbacksShown) rows.push(["Callbacks", facts.callbacksShown]);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>timkit sandbox</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
th { text-align: left; padding-right: 1rem; vertical-align: top; white-space: nowrap; }
td, pre { word-break: break-all; }
pre { background: #f4f4f4; padding: 1rem; white-space: pre-wrap; }
</style>
</head>
<body>
<h1>timkit sandbox</h1>
<p>A local Tencent Cloud Chat REST API: it validates requests and answers error codes like the real service,
keeps state, and fails on demand. <a href="/docs">API reference</a> · <a href="/openapi.json">OpenAPI document</a>
· <a href="/__sandbox/state">state</a></p>
<table>
${rows.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join("\n")}
</table>
<h2>Try it</h2>
<pre>${escapeHtml(facts.curl)}</pre>
<h2>The read-receipt flow</h2>
<p>Three commands to run in order, in one shell: a message that asks for a read receipt, the receipt, and
the sender's history showing <code>IsPeerRead: 1</code>.</p>
<pre>${escapeHtml(facts.flow.map((step, index) => `# ${index + 1}. ${step.title}\n${step.command}`).join("\n\n"))}</pre>
<h2>Control endpoints</h2>
<p>POST and PUT bodies are <code>Content-Type: application/json</code>; pages of other origins than this machine's are
refused.${facts.controlTokenRequired ? " Every request sends the control token the sandbox was started with, as <code>Authorization: Bearer &lt;token&gt;</code>." : ""}</p>
<ul>
${Object.entries(controlRoutes)
  .map(([route, meaning]) => `<li><code>${escapeHtml(route)}</code>: ${escapeHtml(meaning)}</li>`)
  .join("\n")}
</ul>
</body>
</html>
`;
}
