import { expect, test, type Browser, type Page } from "@playwright/test";
import { weekdayAhead } from "./pages/week-page";
import { signIn } from "./support/auth";

// The coordinator publishes a run; the driver, on a 360 px phone, sees the stops in order,
// marks one passenger "not here", loses signal, marks another "boarded", gets signal back, and
// both ticks are saved. Without JavaScript the same ticks go as plain forms (no offline queue).
//
// The demo plans and publishes two weeks of runs from today. The js and no-js projects use
// different weekdays, so the two runs of this test never tick the same passengers.

async function driverPhone(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled,
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await signIn(page, "driver");
  return page;
}

test("the coordinator publishes a run and the driver's ticks survive a lost signal", async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  const date = weekdayAhead(javaScriptEnabled ? 2 : 3);

  // The coordinator confirms Mick on his run out (the demo gave it to him) and publishes it.
  await signIn(page, "coordinator");
  await page.goto(`/transport?date=${date}`);
  await expect(page.getByRole("heading", { name: "Transport", level: 1 })).toBeVisible();
  const micksRun = () =>
    page
      .locator("article.run-card")
      .filter({ hasText: /^To / })
      .filter({ has: page.locator('select[name="driver"] option[selected]', { hasText: "Mick Dawson" }) })
      .first();
  await expect(micksRun().getByRole("heading", { level: 3 })).toContainText(/^To /);
  await micksRun().getByLabel("Driver").selectOption({ label: "Mick Dawson" });
  await micksRun().getByRole("button", { name: "Save driver" }).click();
  await micksRun().getByRole("button", { name: /Publish/ }).click();
  await expect(micksRun().locator(".run-state")).toHaveText("Published to the driver");

  // The driver's phone: stops numbered in order, times going forward.
  const phone = await driverPhone(browser, javaScriptEnabled);
  await phone.goto(`/driver?date=${date}`);
  const outbound = phone.locator("section.driver-run").first();
  await expect(outbound.getByRole("heading", { level: 2 })).toContainText(/^To /);
  const stops = outbound.locator("li.stop");
  const count = await stops.count();
  expect(count).toBeGreaterThan(0);
  const times: string[] = [];
  for (let i = 0; i < count; i++) {
    await expect(stops.nth(i).locator(".stop-name")).toHaveText(new RegExp(`^${i + 1}\\. `));
    times.push((await stops.nth(i).locator(".stop-time").innerText()).trim());
  }
  expect([...times].sort()).toEqual(times);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  const passengers = outbound.locator("li.passenger");
  expect(await passengers.count()).toBeGreaterThanOrEqual(2);
  const first = passengers.nth(0);
  const second = passengers.nth(1);
  const firstName = await first.locator(".passenger-name strong").innerText();
  const secondName = await second.locator(".passenger-name strong").innerText();

  await first.getByRole("button", { name: "Not here" }).click();
  await expect(phone.locator("section.driver-run").first().locator("li.passenger").nth(0).locator(".tick-status")).toHaveText(
    "Not here",
  );

  if (javaScriptEnabled) {
    // No signal in the car park: the tick shows at once and waits on the phone.
    await phone.context().setOffline(true);
    await second.getByRole("button", { name: "Boarded" }).click();
    await expect(second.locator(".tick-status")).toContainText("saved on this phone");
    await expect(phone.locator(".offline-banner")).toContainText("1 tick is saved on this phone");
    // Signal back: it is sent by itself.
    await phone.context().setOffline(false);
    await expect(phone.locator(".offline-banner")).toHaveCount(0, { timeout: 15_000 });
    await expect(second.locator(".tick-status")).toHaveText("Boarded");
  } else {
    await phone
      .locator("section.driver-run")
      .first()
      .locator("li.passenger")
      .nth(1)
      .getByRole("button", { name: "Boarded" })
      .click();
  }

  // Both ticks are on the server: a fresh load shows them.
  await phone.goto(`/driver?date=${date}`);
  const saved = phone.locator("section.driver-run").first().locator("li.passenger");
  await expect(saved.filter({ hasText: firstName }).first().locator(".tick-status")).toHaveText(
    "Not here",
  );
  await expect(saved.filter({ hasText: secondName }).first().locator(".tick-status")).toHaveText(
    "Boarded",
  );
  await phone.context().close();
});
