import { test, type Page, type TestInfo } from "@playwright/test";
import { WeekPage } from "./pages/week-page";
import { signIn } from "./support/auth";

// Pictures of the week page at phone and desktop width, kept with the test results so a person
// can look at them (CI and `./scripts/test.sh` both write them to end2end/test-results/screens).

/** Takes full-page pictures named after the page, the size and the project. */
function shooter(page: Page, testInfo: TestInfo, size: string) {
  return async (name: string) => {
    const path = `test-results/screens/${name}-${size}-${testInfo.project.name}.png`;
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(name, { path, contentType: "image/png" });
  };
}

const sizes = [
  { name: "phone", width: 360, height: 740 },
  { name: "desktop", width: 1280, height: 800 },
];

for (const size of sizes) {
  test(`week page at ${size.name} width`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.goto("/sign-in");
    const signInShot = `test-results/screens/sign-in-${size.name}-${testInfo.project.name}.png`;
    await page.screenshot({ path: signInShot, fullPage: true });
    await signIn(page, "tutor");
    const week = new WeekPage(page);
    await week.open();
    const path = `test-results/screens/week-${size.name}-${testInfo.project.name}.png`;
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(`week-${size.name}`, { path, contentType: "image/png" });
  });
}

for (const size of sizes) {
  test(`people pages at ${size.name} width`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await signIn(page, "coordinator");
    const shot = shooter(page, testInfo, size.name);
    await page.goto("/people");
    await shot("people");
    await page.goto("/people/9");
    await shot("person");
    await page.goto("/people/9/edit");
    await shot("person-edit");
    await page.goto("/my");
    await shot("my-refused");
  });
}

for (const size of sizes) {
  test(`planner and session pages at ${size.name} width`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await signIn(page, "coordinator");
    const shot = shooter(page, testInfo, size.name);
    await page.goto("/plan");
    await shot("planner-week");
    await page.goto("/plan?show=venue-3");
    await shot("planner-hall");
    const firstSession = page.locator("a.block").first();
    const href = await firstSession.getAttribute("href");
    await page.goto(`${href}`);
    await shot("session");
    await page.goto("/activities");
    await shot("activities");
    await page.goto("/venues");
    await shot("venues");
    await page.goto("/venues/3");
    await shot("venue");
    await page.goto("/keep-apart");
    await shot("keep-apart");
    await page.goto("/fleet");
    await shot("fleet");
    await page.goto("/drivers");
    await shot("drivers");
    await page.goto("/pickup-points");
    await shot("pickup-points");
  });
}

/** The next weekday after today, as "YYYY-MM-DD" (the demo plans runs on weekdays). */
function nextWeekday(): string {
  const day = new Date();
  day.setUTCHours(12, 0, 0, 0);
  do day.setUTCDate(day.getUTCDate() + 1);
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6);
  return day.toISOString().slice(0, 10);
}

for (const size of sizes) {
  test(`transport pages at ${size.name} width`, async ({ page, browser }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const date = nextWeekday();
    await signIn(page, "coordinator");
    const shot = shooter(page, testInfo, size.name);
    await page.goto(`/transport?date=${date}`);
    await shot("transport-board");
    // A published run's passengers: move, lock, and the mark the coordinator can correct.
    const details = page.locator("article.run-card details.edit-details").first();
    await details.locator("summary").click();
    await details.screenshot({ path: `test-results/screens/transport-board-passengers-${size.name}-${testInfo.project.name}.png` });
    for (const [role, path, name] of [
      ["driver", `/driver?date=${date}`, "pickup-list"],
      ["participant", "/my", "my-activities"],
    ] as const) {
      const context = await browser.newContext({
        javaScriptEnabled: testInfo.project.name !== "no-js",
        viewport: { width: size.width, height: size.height },
      });
      const other = await context.newPage();
      await signIn(other, role);
      await other.goto(path);
      await shooter(other, testInfo, size.name)(name);
      if (name === "pickup-list") {
        await other.emulateMedia({ media: "print" });
        await shooter(other, testInfo, size.name)("pickup-list-print");
      }
      await context.close();
    }
  });
}

for (const size of sizes) {
  test(`calendar page at ${size.name} width`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await signIn(page, "participant");
    const shot = shooter(page, testInfo, size.name);
    await page.goto("/calendar");
    await shot("calendar");
    await page.goto("/calendar?new=1");
    await shot("calendar-new-link");
  });
}
