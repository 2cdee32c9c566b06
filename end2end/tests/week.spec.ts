import { expect, test } from "@playwright/test";
import { addDays, isoDate, WeekPage } from "./pages/week-page";
import { signIn } from "./support/auth";

// Runs in both projects: with JavaScript (hydrated) and without (server-rendered HTML only).

test.describe("This week", () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, "tutor");
  });

  test("shows the programme day by day, with what, where, when, who and places", async ({
    page,
  }) => {
    const week = new WeekPage(page);
    await week.open();

    await expect(week.heading).toHaveText("This week");
    await expect(week.demoBanner).toContainText("Demo data");
    await expect(page).toHaveTitle("This week · TurnAround");

    const monday = await week.mondayShown();
    expect(monday.getUTCDay()).toBe(1);
    // Weekdays are always listed, in order, headed by their date.
    const headings = await week.days.locator("h2").allTextContents();
    expect(headings.length).toBeGreaterThanOrEqual(5);
    const weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    weekdays.forEach((day, i) => {
      const date = addDays(monday, i).getUTCDate();
      expect(headings[i]).toContain(`${day} ${date} `);
    });

    expect(await week.sessions.count()).toBeGreaterThan(0);
    for (const card of await week.sessions.all()) {
      await expect(card.locator(".session-time")).toHaveText(/^\d\d:\d\d – \d\d:\d\d$/);
      await expect(card.locator(".session-activity")).not.toBeEmpty();
      await expect(card.locator(".session-place")).toContainText(" · ");
      await expect(card.locator(".session-leads")).toHaveText(/^Led by \S/);
      await expect(card.locator(".session-places, .session-status")).toHaveText(
        /^(\d+ of \d+ places taken(, \d+ waiting)?|Cancelled.*)$/,
      );
    }
    const summary = await page.locator(".week-summary").textContent();
    const scheduled = await week.sessions.filter({ hasNot: page.locator(".session-status") }).count();
    expect(summary).toContain(`${scheduled} session`);
  });

  test("moves to next week, back, and to this week again", async ({ page }) => {
    const week = new WeekPage(page);
    await week.open();
    const thisMonday = await week.mondayShown();

    await week.link("Next week").click();
    await expect(week.heading).toHaveText("Next week");
    await expect(page).toHaveURL(`/?week=${isoDate(addDays(thisMonday, 7))}`);
    expect(isoDate(await week.mondayShown())).toBe(isoDate(addDays(thisMonday, 7)));
    // The demo programme runs two weeks ahead: next week has sessions too.
    expect(await week.sessions.count()).toBeGreaterThan(0);

    await week.link("Previous week").click();
    await expect(week.heading).toHaveText("This week");
    await week.link("Previous week").click();
    await expect(week.heading).toHaveText("Last week");
    await week.link("This week").click();
    await expect(week.heading).toHaveText("This week");
    expect(isoDate(await week.mondayShown())).toBe(isoDate(thisMonday));
  });

  test("shows a cancelled session as cancelled, with its reason", async ({ page }) => {
    const week = new WeekPage(page);
    await week.open();
    await week.link("Next week").click();
    await expect(week.heading).toHaveText("Next week");
    const cancelled = week.sessions.filter({ has: page.locator(".session-status") });
    await expect(cancelled.first()).toContainText(/Cancelled: \S/);
  });

  test("any date names its week, and a bad one says so", async ({ page }) => {
    const week = new WeekPage(page);
    await week.open("?week=2026-03-04");
    await expect(week.heading).toHaveText(/Week of 2 March|This week|Next week|Last week/);
    await expect(week.dates).toHaveText("2 – 8 March 2026");
    expect(isoDate(await week.mondayShown())).toBe("2026-03-02");

    await week.open("?week=next-tuesday");
    await expect(page.getByRole("alert")).toContainText("is not a date");
    await expect(week.heading).toHaveText("This week");
  });

  test("fits a 360 px phone without sideways scrolling", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    const week = new WeekPage(page);
    await week.open();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    // Week links are comfortable to tap.
    for (const link of await week.switcher.getByRole("link").all()) {
      // The height comes from the stylesheet: say so plainly if it did not apply.
      await expect(link, "the stylesheet styles week links as buttons").toHaveCSS(
        "min-height",
        "44px",
      );
      const box = await link.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
    }
  });

  test("an unknown address answers 404 with a way back", async ({ page }) => {
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("We can’t find that page");
    await page.getByRole("link", { name: "Go to this week’s programme" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This week");
  });

  test("the health check reports the database is reachable", async ({ request }) => {
    const response = await request.get("/healthz");
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("ok");
  });
});

test.describe("after hydration", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "needs JavaScript");
  test.beforeEach(async ({ page }) => {
    await signIn(page, "tutor");
  });

  test("the week switcher fetches through the server function, without reloading", async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });

    const week = new WeekPage(page);
    await week.open();
    await week.hydrated();
    // A marker that a full page load would wipe out.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    const fetched = page.waitForResponse(
      (response) => response.url().endsWith("/api/week_programme") && response.ok(),
    );
    await week.link("Next week").click();
    const response = await fetched;
    const body = await response.json();
    await expect(week.heading).toHaveText("Next week");
    expect(body.week).toBe(new URL(page.url()).searchParams.get("week"));
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(
      true,
    );
    // What the server sent is what the page shows.
    await expect(week.sessions).toHaveCount(body.sessions.length);
    expect(errors).toEqual([]);
  });
});
