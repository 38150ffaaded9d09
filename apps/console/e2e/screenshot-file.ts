import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import type { Browser } from "playwright-core";

/**
 * Writes a screenshot to a committed file unless the file already shows the same picture. Chromium's
 * software rasterizer anti-aliases a few edge pixels differently from run to run; rewriting the file for
 * that would leave the checkout dirty after every test run. Returns true when the file was written.
 *
 * @example
 * await writeScreenshot(browser, "screenshot.png", await page.screenshot());
 */
export async function writeScreenshot(
  browser: Browser,
  path: string,
  png: Buffer,
  tolerance = { pixels: 200, channelDelta: 48 },
): Promise<boolean> {
  if (existsSync(path)) {
    const differing = await differingPixels(browser, await readFile(path), png, tolerance.channelDelta);
    if (differing <= tolerance.pixels) return false;
  }
  await writeFile(path, png);
  return true;
}

/** How many pixels differ by more than `channelDelta` in a channel; Infinity when the sizes differ. */
async function differingPixels(
  browser: Browser,
  a: Buffer,
  b: Buffer,
  channelDelta: number,
): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ([a, b, channelDelta]) => {
        const pixels = async (base64: string) => {
          const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext("2d") as OffscreenCanvasRenderingContext2D;
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height);
        };
        const [first, second] = await Promise.all([pixels(a), pixels(b)]);
        if (first.width !== second.width || first.height !== second.height) return Number.POSITIVE_INFINITY;
        let differing = 0;
        for (let i = 0; i < first.data.length; i += 4) {
          for (let channel = 0; channel < 3; channel += 1) {
            if (Math.abs((first.data[i + channel] ?? 0) - (second.data[i + channel] ?? 0)) > channelDelta) {
              differing += 1;
              break;
            }
          }
        }
        return differing;
      },
      [a.toString("base64"), b.toString("base64"), channelDelta] as const,
    );
  } finally {
    await page.close();
  }
}
