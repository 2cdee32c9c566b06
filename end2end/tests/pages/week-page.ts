import { expect, type Locator, type Page } from "@playwright/test";
import { hydrated } from "../support/hydration";

/** The "This week" page, as a person sees it: headings, day sections, session cards, links. */
export class WeekPage {
  readonly heading: Locator;
  readonly dates: Locator;
  readonly switcher: Locator;
  readonly days: Locator;
  readonly sessions: Locator;
  readonly demoBanner: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.dates = page.locator(".week-dates");
    this.switcher = page.getByRole("navigation", { name: "Choose a week" });
    this.days = page.locator("section.day");
    this.sessions = page.locator("li.session");
    this.demoBanner = page.locator(".demo-banner");
  }

  async open(query = "") {
    const response = await this.page.goto(`/${query}`);
    expect(response?.status()).toBe(200);
    await expect(this.heading).toBeVisible();
    return response;
  }

  /** Waits until the WebAssembly has taken over the page (only with JavaScript on). */
  async hydrated() {
    await hydrated(this.page);
  }

  link(name: string | RegExp) {
    return this.switcher.getByRole("link", { name });
  }

  day(name: string | RegExp) {
    return this.page.getByRole("region", { name });
  }

  /** The Monday the page shows, read from the week switcher's links (?week=YYYY-MM-DD). */
  async mondayShown(): Promise<Date> {
    const previous = await this.link("Previous week").getAttribute("href");
    const match = /week=(\d{4}-\d{2}-\d{2})/.exec(previous ?? "");
    if (!match) throw new Error(`no week in ${previous}`);
    const monday = new Date(`${match[1]}T00:00:00Z`);
    monday.setUTCDate(monday.getUTCDate() + 7);
    return monday;
  }
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The `n`th weekday after today (1 = the next one), as "YYYY-MM-DD". */
export function weekdayAhead(n: number): string {
  const day = new Date();
  day.setUTCHours(12, 0, 0, 0);
  let found = 0;
  while (found < n) {
    day.setUTCDate(day.getUTCDate() + 1);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) found += 1;
  }
  return isoDate(day);
}

export function addDays(date: Date, days: number): Date {
  const copy = new Date(date);
  copy.setUTCDate(copy.getUTCDate() + days);
  return copy;
}
