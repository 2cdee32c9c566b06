// Renders the app's icons (PNG) from the SVGs in public/icons with the Chromium the end-to-end
// tests already use. Run it after changing an SVG and commit the PNGs: nothing is drawn at
// build time.
//
//   cd end2end && node scripts/make-icons.mjs
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";

const icons = new URL("../../public/icons/", import.meta.url);

/** [source SVG, output PNG, size in pixels, keep transparent corners] */
const outputs = [
  ["mark.svg", "icon-192.png", 192, true],
  ["mark.svg", "icon-512.png", 512, true],
  ["maskable.svg", "icon-maskable-512.png", 512, false],
  // iOS fills transparency with black and rounds the corners itself: the full-bleed drawing.
  ["maskable.svg", "apple-touch-icon.png", 180, false],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  for (const [source, output, size, transparent] of outputs) {
    const svg = await readFile(new URL(source, icons), "utf8");
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const image = `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
    await page.setContent(
      `<style>html,body{margin:0;background:transparent}img{display:block}</style>` +
        `<img src="${image}" width="${size}" height="${size}" alt="">`,
    );
    await page.locator("img").evaluate((img) => img.decode());
    const path = fileURLToPath(new URL(output, icons));
    await page.screenshot({ path, omitBackground: transparent });
    await page.close();
    console.log(`wrote public/icons/${output} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
