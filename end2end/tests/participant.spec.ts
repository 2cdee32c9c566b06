import { expect, test, type Browser, type Page } from "@playwright/test";
import { dayLabels, mondayAhead, PlannerPage } from "./pages/planner-page";
import { isoDate } from "./pages/week-page";
import { DEMO_PASSWORD, signIn } from "./support/auth";

// The participant's phone: at 360×740 with touch, Danny signs in, finds his pick-up time in
// words, presses "I can't come" on a session (one confirm step), and the person waiting gets his
// place and sees it on their own phone. The no-js project does the same with plain forms.
//
// The session is planned by the tutor at 16:00 on Court 2 next week (js on Tuesday, no-js on
// Wednesday), so the two projects never meet and the demo's own days stay untouched.

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

const VENUE = "Clarence Park Tennis Courts";

/** The tutor plans a one-place Tennis session from 16:00 to 17:00 and books Danny, then `waiting`. */
async function fullSession(browser: Browser, javaScriptEnabled: boolean, day: Date, waiting: string) {
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await desk.newPage();
  await signIn(page, "tutor");
  const planner = new PlannerPage(page, javaScriptEnabled);
  const monday = new Date(day);
  monday.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  const labels = dayLabels(day);
  await planner.openDay(isoDate(monday), VENUE, labels.link);
  await planner.lane(`Court 2, ${labels.lane}`).getByRole("link", { name: /Plan a session/ }).click();
  await planner.panel.getByLabel("Activity").selectOption({ label: "Tennis" });
  await planner.panel.getByLabel("Starts").fill("16:00");
  await planner.panel.getByLabel("Ends").fill("17:00");
  await planner.panel.getByLabel("Places").fill("1");
  await planner.plan(javaScriptEnabled);
  if (javaScriptEnabled) await planner.session(`Court 2, ${labels.lane}`, "16:00–17:00").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tennis");
  const roster = page.locator("ul.roster");
  for (const [name, shows] of [
    ["Danny Hughes", "Booked"],
    [waiting, "Waiting, number 1"],
  ]) {
    await page.getByLabel("Participant").selectOption({ label: name });
    await page.getByRole("button", { name: "Add to this session" }).click();
    await expect(roster.locator("li", { hasText: name })).toContainText(shows);
  }
  await desk.close();
}

async function signInAsParticipant(page: Page, username: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Your sign-in name").fill(username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL("/my");
}

test("on a phone: the pick-up time, then I can't come, and the person waiting gets the place", async ({
  page,
  browser,
  javaScriptEnabled,
}, testInfo) => {
  const day = mondayAhead(1);
  day.setUTCDate(day.getUTCDate() + (testInfo.project.name === "no-js" ? 2 : 1));
  const waiting = testInfo.project.name === "no-js" ? "Jordan Price" : "Marcus Bennett";
  await fullSession(browser, javaScriptEnabled, day, waiting);

  await signIn(page, "participant");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My activities");
  // Danny travels with us: his pick-up is on a card, in words ("Pick-up: 8:55 am at …").
  await expect(page.locator(".my-pickup").first()).toHaveText(/^Pick-up: \d{1,2}(:\d\d)? (am|pm) at \S/);
  await expect(page.getByRole("link", { name: "Get directions" }).first()).toHaveAttribute(
    "href",
    /google\.com\/maps\/dir\/\?api=1&destination=-?\d+\.\d+,-?\d+\.\d+/,
  );

  const when = day.toLocaleDateString("en-GB", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const card = page.locator("li.my-card", { hasText: when.replace(",", "") }).filter({ hasText: "4 pm to 5 pm" });
  await expect(card).toContainText("You have a place.");
  await expect(card).toContainText("Ask for");
  // One confirm step: the first button only opens the question.
  await card.getByText("I can't come", { exact: true }).click();
  await expect(card).toContainText("Your place will go to someone else.");
  await card.getByRole("button", { name: "Yes, I can't come" }).click();
  await expect(page).toHaveURL(/\/my\??$/);
  await expect(card).toContainText("Your place is cancelled.");
  await expect(card.getByText("I can't come", { exact: true })).toHaveCount(0);

  // The person who was waiting has the place, on their own phone.
  const phone = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
  });
  const theirs = await phone.newPage();
  await signInAsParticipant(theirs, waiting.toLowerCase().replace(" ", "."));
  const promoted = theirs.locator("li.my-card", { hasText: when.replace(",", "") }).filter({ hasText: "4 pm to 5 pm" });
  await expect(promoted).toContainText("You have a place.");
  await phone.close();
});

test("nothing on the page is wider than a 320 px phone, and every button is at least 44 px", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, "participant");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(320);
  const small = await page.evaluate(() =>
    Array.from(document.querySelectorAll("main a.button, main button, main summary"))
      .map((element) => element.getBoundingClientRect())
      .filter((box) => box.width > 0 && (box.height < 44 || box.width < 44))
      .map((box) => `${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small).toEqual([]);
});
