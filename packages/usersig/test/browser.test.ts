import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { launchChromium, packageModules, watchPage } from "@timkit/browser-testing";
import { afterEach, describe, expect, it } from "vitest";
import { inflatedJson, officialUserSig, packUserSig } from "./official-library.js";

// The built bundle, exactly as published: CI builds before testing, so a missing file is a failure.
const bundlePath = join(import.meta.dirname, "..", "dist", "index.js");

// The bundle's one dependency, resolved from the bundle as a bundler would and named by an import map.
const noble = packageModules("@noble/hashes", "hmac.js", bundlePath, "/modules/noble-hashes/");

// The page loads the bundle as a module script, the way an application would, and exposes it to the test.
const page = `<!doctype html><title>usersig</title>
<script type="importmap">${JSON.stringify({ imports: noble.imports })}</script>
<script type="module">import * as usersig from "/usersig.js"; window.usersig = usersig;</script>`;

declare global {
  interface Window {
    usersig: typeof import("../src/index.js");
  }
}

/** Serves the page and the bundle on an ephemeral loopback port. */
async function serveBundle(): Promise<{ origin: string; server: Server }> {
  // Checked here, inside the test: a setup hook that throws would leave the test "skipped", not failed.
  if (!existsSync(bundlePath)) {
    throw new Error(`${bundlePath} is missing: run \`pnpm --filter @timkit/usersig build\` before the tests`);
  }
  const bundle = readFileSync(bundlePath);
  const server = createServer((request, response) => {
    const dependency = noble.read(request.url ?? "");
    if (request.url === "/usersig.js" || dependency) {
      response.writeHead(200, { "content-type": "text/javascript" }).end(dependency ?? bundle);
    } else {
      response.writeHead(200, { "content-type": "text/html" }).end(page);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Serves the bundle, opens it in Chromium and waits for the module to load. */
async function openPage(options: { hostname?: string } = {}) {
  const { origin, server } = await serveBundle();
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  const hostname = options.hostname ?? "127.0.0.1";
  // A name other than localhost or 127.0.0.1 makes the page an insecure context, as a LAN address would.
  const browser = await launchChromium({
    extraArgs: hostname === "127.0.0.1" ? [] : [`--host-resolver-rules=MAP ${hostname} 127.0.0.1`],
  });
  cleanups.push(() => browser.close());
  const tab = await browser.newPage();
  const watch = watchPage(tab);
  await tab.goto(origin.replace("127.0.0.1", hostname));
  await tab.waitForFunction(() => window.usersig !== undefined);
  return { tab, watch };
}

describe("in Chromium", () => {
  it("generates, verifies and decodes UserSigs with the built ESM bundle, matching the official package", async () => {
    const inputs = {
      sdkAppId: 1400000000,
      identifier: "administrator",
      secretKey: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e",
      expireSeconds: 86400,
      now: 1700000000,
      userBuf: "room-1000",
    };
    const official = officialUserSig(inputs);
    const bomb = packUserSig(new Uint8Array(6_000_000), 9);

    const { tab, watch } = await openPage();
    const outcome = await tab.evaluate(
      async ({ inputs, official, bomb }) => {
        const { usersig } = window;
        const { now, expireSeconds: _unused, ...expected } = inputs;
        const ours = await usersig.genUserSig(inputs);
        return {
          ours,
          verifiesOurs: await usersig.verifyUserSig({ ...expected, userSig: ours, now: now + 1 }),
          verifiesOfficial: await usersig.verifyUserSig({ ...expected, userSig: official, now: now + 1 }),
          verifiesDeflated: await usersig.verifyUserSig({
            ...expected,
            userSig: await usersig.genUserSig({ ...inputs, compression: "deflate" }),
            now: now + 1,
          }),
          expired: await usersig.verifyUserSig({ ...expected, userSig: ours, now: now + 86401 }),
          bomb: await usersig.verifyUserSig({ ...expected, userSig: bomb, now }),
          decoded: await usersig.decodeUserSig(official),
          decodeError: await usersig.decodeUserSig("not a UserSig").catch((error: Error) => ({
            name: error.name,
            reason: (error as Error & { reason: string }).reason,
          })),
        };
      },
      { inputs, official, bomb },
    );

    expect(JSON.parse(inflatedJson(outcome.ours))).toEqual(JSON.parse(inflatedJson(official)));
    const valid = { ok: true, time: 1700000000, expire: 86400, expiresAt: 1700086400 };
    expect(outcome.verifiesOurs).toMatchObject(valid);
    expect(outcome.verifiesOfficial).toMatchObject(valid);
    expect(outcome.verifiesDeflated).toMatchObject(valid);
    expect(outcome.expired).toEqual({ ok: false, reason: "expired" });
    expect(outcome.bomb).toEqual({ ok: false, reason: "malformed" });
    expect(outcome.decoded).toMatchObject({ ver: "2.0", identifier: "administrator", sdkAppId: 1400000000 });
    expect(outcome.decodeError).toEqual({ name: "UserSigDecodeError", reason: "invalid-base64" });
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.externalRequests).toEqual([]);
  });

  it("hands a zip bomb to the inflater a slice at a time and stops within a few slices of the size cap", async () => {
    // Chromium's DecompressionStream turns a whole written chunk into output before the reader can cancel
    // it, so the work a bomb costs is bounded by the compressed bytes handed over: counted on their way in.
    const compressedBomb = packUserSig(new Uint8Array(6_000_000), 9);
    const { tab, watch } = await openPage();
    const outcome = await tab.evaluate(async (bomb) => {
      let fedBytes = 0;
      const Native = DecompressionStream;
      class Counting extends Native {
        readonly #counting = new TransformStream<BufferSource, BufferSource>({
          transform(chunk, controller) {
            fedBytes += chunk.byteLength;
            controller.enqueue(chunk);
          },
        });
        constructor(format: CompressionFormat) {
          super(format);
          this.#counting.readable.pipeTo(super.writable).catch(() => {});
        }
        override get writable() {
          return this.#counting.writable;
        }
      }
      window.DecompressionStream = Counting;
      const result = await window.usersig.verifyUserSig({
        userSig: bomb,
        sdkAppId: 1400000000,
        identifier: "administrator",
        secretKey: "key",
      });
      window.DecompressionStream = Native;
      return { result, fedBytes };
    }, compressedBomb);

    expect(outcome.result).toEqual({ ok: false, reason: "malformed" });
    expect(outcome.fedBytes).toBeGreaterThan(0);
    expect(outcome.fedBytes).toBeLessThanOrEqual(4 * 256);
    expect((compressedBomb.length * 3) / 4).toBeGreaterThan(16 * 256); // the bomb is far larger than that
    expect(watch.consoleErrors).toEqual([]);
  });

  it("generates and verifies on a plain http:// page, where crypto.subtle does not exist", async () => {
    const { tab, watch } = await openPage({ hostname: "usersig.test" });
    const outcome = await tab.evaluate(async () => {
      const options = {
        sdkAppId: 1400000000,
        identifier: "administrator",
        secretKey: "key",
        now: 1700000000,
      };
      const userSig = await window.usersig.genUserSig(options);
      return {
        secureContext: window.isSecureContext,
        subtle: typeof globalThis.crypto?.subtle,
        verified: await window.usersig.verifyUserSig({ ...options, userSig, now: 1700000001 }),
      };
    });

    expect(outcome.secureContext).toBe(false);
    expect(outcome.subtle).toBe("undefined");
    expect(outcome.verified).toMatchObject({ ok: true, time: 1700000000 });
    expect(watch.consoleErrors).toEqual([]);
    expect(watch.externalRequests.every((url) => new URL(url).hostname === "usersig.test")).toBe(true);
  });
});
