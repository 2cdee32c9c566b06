import { expect, type Locator, type Page } from "@playwright/test";
import { hydrated } from "../support/hydration";

/** One quarter hour on the planner is 15 px high (see `--q` in style/main.css). */
export const PX_PER_MINUTE = 1;

/** The planner (`/plan`) as a tutor uses it: the "Show" menu, day links, lanes, sessions. */
export class PlannerPage {
  readonly status: Locator;
  readonly panel: Locator;

  constructor(
    readonly page: Page,
    readonly javaScript: boolean,
  ) {
    this.status = page.locator(".planner-status");
    this.panel = page.getByRole("region", { name: "Plan a session" });
  }

  /** Opens one day of a venue's calendar, through the page's own menus. */
  async openDay(monday: string, venue: string, dayLink: string) {
    await this.page.goto(`/plan?week=${monday}`);
    await expect(this.page.getByRole("heading", { level: 1 })).toBeVisible();
    if (this.javaScript) await this.hydrated();
    await this.page.getByLabel("Show").selectOption({ label: venue });
    if (!this.javaScript) await this.page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText(venue);
    await this.page
      .getByRole("navigation", { name: "Choose the days" })
      .getByRole("link", { name: dayLink, exact: true })
      .click();
    await expect(this.page).toHaveURL(/day=/);
  }

  async hydrated() {
    await hydrated(this.page);
  }

  lane(name: string): Locator {
    return this.page.getByRole("group", { name });
  }

  body(lane: string): Locator {
    return this.lane(lane).locator(".lane-body");
  }

  session(lane: string, time: string | RegExp): Locator {
    return this.lane(lane).locator("a.block", { hasText: time });
  }

  /** Sends the "Plan a session" form that a slot opened, once it says the slot is free. */
  async plan(expectFree = true) {
    await expect(this.panel).toBeVisible();
    if (expectFree) await expect(this.panel.getByRole("status")).toHaveText("This slot is free.");
    await this.panel.getByRole("button", { name: "Plan this session" }).click();
  }
}

/** The Monday `weeksAhead` weeks after this week's, as YYYY-MM-DD. */
export function mondayAhead(weeksAhead: number): Date {
  const now = new Date();
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (today.getUTCDay() + 6) % 7;
  today.setUTCDate(today.getUTCDate() - sinceMonday + 7 * weeksAhead);
  return today;
}

/** "Tue 12 Jan" as the planner labels a day, and "Tue 12" as its day link. */
export function dayLabels(date: Date) {
  const weekday = date.toLocaleDateString("en-GB", { weekday: "short", timeZone: "UTC" });
  const month = date.toLocaleDateString("en-GB", { month: "short", timeZone: "UTC" });
  const day = date.getUTCDate();
  return { lane: `${weekday} ${day} ${month}`, link: `${weekday} ${day}` };
}
