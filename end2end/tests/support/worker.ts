import type { Page } from "@playwright/test";

/**
 * Waits until the service worker is active and looks after this page. The worker claims the
 * pages already open when it activates (`clients.claim()` in public/sw.js), but Chromium now and
 * then leaves a page that loaded during the activation unclaimed (seen once in about forty runs:
 * `controller` stayed null for 90 s). A page loaded after activation is always controlled, as a
 * phone's next page would be, so a page still unclaimed after 10 s is loaded again (twice at
 * most) rather than waited on.
 */
export async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  for (let reloads = 0; ; reloads++) {
    const inCharge = await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (inCharge) return;
    if (reloads === 2) throw new Error("the service worker never took charge of the page");
    await page.reload();
  }
}
