import { expect, test, type Browser, type Page } from "@playwright/test";
import { weekdayAhead } from "./pages/week-page";
import { DEMO_PASSWORD, demoUsers, signIn } from "./support/auth";

// A driver's tick is never lost: it leaves the phone only when the server has it. Ticked with
// no signal, it waits through a sign-in that ran out (the page counts what waits and asks the
// driver to sign in again, then sends it), and through the tab being closed.
//
// The demo publishes the driver's runs for the coming days; each test here uses its own weekday
// (transport.spec.ts uses the 2nd and 3rd, offline.spec.ts the 4th, releases.spec.ts the 8th).

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the offline queue needs JavaScript");

async function driverPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await signIn(page, "driver");
  return page;
}

/** Taps each passenger on the first run, with no signal; returns name → mark tapped. */
async function tickOffline(page: Page, date: string, count: number): Promise<Map<string, string>> {
  await page.goto(`/driver?date=${date}`);
  const passengers = page.locator("section.driver-run").first().locator("li.passenger");
  await expect(passengers.first()).toBeVisible();
  const n = Math.min(count, await passengers.count());
  expect(n).toBeGreaterThanOrEqual(2);
  await page.context().setOffline(true);
  const tapped = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const passenger = passengers.nth(i);
    const name = (await passenger.locator(".passenger-name strong").innerText()).trim();
    const mark = i % 2 === 0 ? "Boarded" : "Not here";
    await passenger.getByRole("button", { name: mark }).click();
    await expect(passenger.locator(".tick-status")).toContainText("saved on this phone");
    tapped.set(name, mark);
  }
  const ticks = n === 1 ? "1 tick is" : `${n} ticks are`;
  await expect(page.locator(".offline-banner")).toContainText(`No signal: ${ticks} saved on this phone`);
  return tapped;
}

/** What waits in the phone's storage; read again if the page is still navigating. */
async function waitingOnPhone(page: Page): Promise<string> {
  try {
    return await page.evaluate(() => localStorage.getItem("turnaround.driver-ticks") ?? "");
  } catch {
    return "(the page is loading)";
  }
}

/** A fresh load of the list, from the server: every tapped mark is there. */
async function expectSaved(page: Page, date: string, tapped: Map<string, string>) {
  await page.goto(`/driver?date=${date}`);
  const passengers = page.locator("section.driver-run").first().locator("li.passenger");
  for (const [name, mark] of tapped) {
    await expect(passengers.filter({ hasText: name }).first().locator(".tick-status")).toHaveText(mark);
  }
  await expect(page.locator(".offline-banner")).toHaveCount(0);
}

test("ticks made offline wait through an expired sign-in, and all are saved after signing in again", async ({
  browser,
  baseURL,
}) => {
  const date = weekdayAhead(5);
  const phone = await driverPhone(browser);
  const tapped = await tickOffline(phone, date, 3);

  // Meanwhile the sign-in ends on the server (as after the idle limit): the phone's cookie is
  // now worth nothing, though the phone still holds it.
  const cookie = (await phone.context().cookies())
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
  const ended = await fetch(`${baseURL}/api/sign_out`, {
    method: "POST",
    headers: { cookie, origin: baseURL!, "content-type": "application/x-www-form-urlencoded" },
  });
  expect(ended.status).toBe(200);

  // Signal back: the server says "sign in first"; the ticks stay and the page says so.
  await phone.context().setOffline(false);
  const banner = phone.locator(".offline-banner");
  await expect(banner).toContainText(
    `Your sign-in has run out. ${tapped.size} ticks are waiting on this phone: sign in again and they will be sent.`,
    { timeout: 20_000 },
  );
  await phone.screenshot({ path: "test-results/screens/pickup-list-signed-out-phone-js.png", fullPage: true });
  const stored = await waitingOnPhone(phone);
  expect(stored.split("\n").filter(Boolean)).toHaveLength(tapped.size);

  // The driver signs in again from the banner and lands on the list, which sends them.
  await banner.getByRole("link", { name: "Sign in again" }).click();
  await expect(phone).toHaveURL(/\/sign-in\?then=/);
  await phone.getByLabel("Your sign-in name").fill(demoUsers.driver);
  await phone.getByLabel("Password").fill(DEMO_PASSWORD);
  await phone.getByRole("button", { name: "Sign in" }).click();
  await expect(phone).toHaveURL(/\/driver$/);
  // The page has the ticks from the phone's storage and sends them; they leave it once saved.
  await phone.waitForLoadState("load");
  await expect.poll(() => waitingOnPhone(phone), { timeout: 20_000 }).toBe("");
  await expect(phone.locator(".offline-banner")).toHaveCount(0);
  await expectSaved(phone, date, tapped);
  await phone.context().close();
});

test("ticks made offline survive the tab being closed, and are sent when the list is opened again", async ({
  browser,
}) => {
  const date = weekdayAhead(6);
  const phone = await driverPhone(browser);
  const context = phone.context();
  const tapped = await tickOffline(phone, date, 2);
  await phone.close();

  await context.setOffline(false);
  const again = await context.newPage();
  await again.goto(`/driver?date=${date}`);
  await expect(again.locator("section.driver-run").first()).toBeVisible();
  // Generous: on a busy two-core machine the first send can wait behind a back-off step.
  await expect.poll(() => waitingOnPhone(again), { timeout: 45_000 }).toBe("");
  await expectSaved(again, date, tapped);
  await context.close();
});

test("a proxy's 'bad gateway' during a release keeps the tick, which is sent when the app answers again", async ({
  browser,
}) => {
  const date = weekdayAhead(7);
  const phone = await driverPhone(browser);
  await phone.goto(`/driver?date=${date}`);
  const passenger = phone.locator("section.driver-run").first().locator("li.passenger").first();
  const name = (await passenger.locator(".passenger-name strong").innerText()).trim();

  // The first two sends meet the proxy's error page (not TurnAround's answer), then it is back.
  let refused = 0;
  await phone.route("**/api/mark_passenger", async (route) => {
    if (refused < 2) {
      refused += 1;
      await route.fulfill({ status: 502, contentType: "text/html", body: "<h1>502 Bad Gateway</h1>" });
    } else {
      await route.continue();
    }
  });
  await passenger.getByRole("button", { name: "Not here" }).click();
  await expect(phone.locator(".offline-banner")).toContainText(
    "1 tick is saved on this phone. TurnAround is not answering just now; this phone keeps trying.",
  );
  await expect.poll(() => waitingOnPhone(phone), { timeout: 30_000 }).toBe("");
  expect(refused).toBe(2);
  await expectSaved(phone, date, new Map([[name, "Not here"]]));
  await phone.context().close();
});

test("ticks waiting in the form the first release stored them are still read and sent", async ({ browser }) => {
  const date = weekdayAhead(1);
  const phone = await driverPhone(browser);
  await phone.goto(`/driver?date=${date}`);
  const passenger = phone.locator("section.driver-run").first().locator("li.passenger").first();
  await expect(passenger).toBeVisible();
  const name = (await passenger.locator(".passenger-name strong").innerText()).trim();
  const run = await passenger.getAttribute("data-run");
  const booking = await passenger.getAttribute("data-booking");
  // One line per tick, "run booking mark at", as the release of 2026-11-28 wrote them (then by
  // the app's WebAssembly, now by pickup-list.js): a phone updated with ticks waiting keeps them.
  await phone.evaluate(
    (line) => localStorage.setItem("turnaround.driver-ticks", line),
    `${run} ${booking} not_here 2026-11-28T09:13:02.004Z\nnot a tick`,
  );
  await phone.reload();
  await expect.poll(() => waitingOnPhone(phone), { timeout: 20_000 }).toBe("");
  await expectSaved(phone, date, new Map([[name, "Not here"]]));
  await phone.context().close();
});
