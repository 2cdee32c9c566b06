import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import ICAL from "ical.js";
import { signIn } from "./support/auth";

// Private calendar feeds. The coordinator plans Tennis on the Friday before and the Monday after
// the UK clocks go forward and books the demo participant on both; the participant opens
// "Calendar" and the test fetches the feed as a calendar app would (no cookies), parses it with
// ical.js, and checks the times, reminders, a cancellation, privacy, and that "Make a new link"
// kills the old one. (The server's feeds reach far enough ahead for this: playwright.config.ts
// sets TURNAROUND_CALENDAR_DAYS_AHEAD.) Without JavaScript: the page and its reset form alone.

/** "YYYY-MM-DD" of a UTC date. */
function ymd(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** The next Sunday the UK clocks go forward (the last Sunday of March), at least a week away:
 * Sun 28 March 2027 when this was written. Returns the Friday before and the Monday after. */
function aroundTheSpringClockChange(now = new Date()): { friday: string; monday: string } {
  for (let year = now.getUTCFullYear(); ; year++) {
    const sunday = new Date(Date.UTC(year, 2, 31, 12));
    sunday.setUTCDate(31 - sunday.getUTCDay());
    if (sunday.getTime() - now.getTime() > 7 * 24 * 3600 * 1000) {
      const friday = new Date(sunday);
      friday.setUTCDate(sunday.getUTCDate() - 2);
      const monday = new Date(sunday);
      monday.setUTCDate(sunday.getUTCDate() + 1);
      return { friday: ymd(friday), monday: ymd(monday) };
    }
  }
}

/** Calls a server function as the page's own scripts do (same origin, signed in). */
async function call<T>(request: APIRequestContext, name: string, body = ""): Promise<T> {
  const origin = new URL(test.info().project.use.baseURL ?? "http://127.0.0.1:3100").origin;
  const response = await request.post(`/api/${name}`, {
    data: body,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Accept: "application/json",
      Origin: origin,
    },
  });
  expect(response.status(), `${name}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/** The feed link the /calendar page offers to copy. */
async function linkOnPage(page: Page): Promise<string> {
  await page.goto("/calendar");
  await expect(page.getByRole("heading", { name: "Add to your phone's calendar", level: 1 })).toBeVisible();
  const box = page.getByLabel("Or copy your link");
  await expect(box).toHaveAttribute("readonly", "");
  const url = await box.inputValue();
  expect(url).toMatch(/\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const webcal = await page.getByRole("link", { name: "Add to my calendar" }).getAttribute("href");
  expect(webcal).toBe(url.replace(/^https?:/, "webcal:"));
  const google = await page.getByRole("link", { name: "Add to Google Calendar" }).getAttribute("href");
  expect(google).toBe(`https://calendar.google.com/calendar/render?cid=${encodeURIComponent(webcal!)}`);
  await expect(page.locator(".qr svg")).toBeVisible();
  return url;
}

/** Presses "Make a new link" and confirms, as a person would (works with and without JS). */
async function makeANewLink(page: Page) {
  await page.goto("/calendar");
  await page.getByRole("link", { name: "Make a new link" }).click();
  await expect(page.getByText("Your old link will stop working.")).toBeVisible();
  await page.getByRole("button", { name: "Yes, make a new link" }).click();
  await expect(page.getByText("This is your new link")).toBeVisible();
}

type Person = { id: number; name: string; roles: string[] };

test("the participant's feed: times across the clock change, reminders, cancellation, privacy, a new link", async ({
  page,
  browser,
  request,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, "fetching and parsing the feed is the same with or without JavaScript");
  const { friday, monday } = aroundTheSpringClockChange();

  // The coordinator plans the two sessions and books Danny on both, through the app's own
  // server functions.
  await signIn(page, "coordinator");
  const api = page.request;
  const { activities } = await call<{ activities: { id: number; name: string }[] }>(api, "activities");
  const tennis = activities.find((a) => a.name === "Tennis")!;
  const { venues } = await call<{ venues: { id: number; name: string }[] }>(api, "venues");
  const courts = venues.find((v) => v.name === "Clarence Park Tennis Courts")!;
  const venue = await call<{ spaces: { id: number; name: string }[] }>(api, "venue", `id=${courts.id}`);
  const court = venue.spaces.find((s) => s.name === "Court 2")!;
  const people = await call<Person[]>(api, "people");
  const danny = people.find((p) => p.name.includes("Hughes"))!;
  const tom = people.find((p) => p.name.startsWith("Tom "))!;
  const others = people.filter((p) => p.roles.includes("participant") && p.id !== danny.id);
  expect(others.length).toBeGreaterThan(5);

  const sessions: number[] = [];
  for (const date of [friday, monday]) {
    const id = await call<number>(
      api,
      "create_session",
      `activity=${tennis.id}&space=${court.id}&date=${date}&start=10:00&end=15:30&leads[0]=${tom.id}&capacity=6`,
    );
    await call(api, "enrol", `session=${id}&participant=${danny.id}`);
    sessions.push(id);
  }
  // Someone else on the Monday too: their name must never reach Danny's calendar.
  await call(api, "enrol", `session=${sessions[1]}&participant=${others[0].id}`);

  // Danny, on his own phone, opens Calendar and reads his link.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const dannysPhone = await phone.newPage();
  await signIn(dannysPhone, "participant");
  await dannysPhone.getByRole("link", { name: "Calendar", exact: true }).click();
  await expect(dannysPhone).toHaveURL("/calendar");
  const url = await linkOnPage(dannysPhone);

  // A calendar app fetches it: no cookies.
  const fetchFeed = (feedUrl: string) => request.get(feedUrl);
  const parse = (text: string) => {
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents("vevent").map((vevent) => new ICAL.Event(vevent));
    return { calendar, events, byUid: (uid: string) => events.find((e) => e.uid === uid) };
  };
  const london = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit" }).format(d);

  const first = await fetchFeed(url);
  expect(first.status()).toBe(200);
  expect(first.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(first.headers()["cache-control"]).toBe("private, max-age=300");
  const text = await first.text();
  const feed = parse(text);
  expect(feed.calendar.getFirstPropertyValue("x-wr-calname")).toBe("My activities");
  expect(feed.calendar.getFirstPropertyValue("method")).toBe("PUBLISH");

  const [before, after] = sessions.map((id) => feed.byUid(`session-${id}@turnaround`)!);
  expect(before, "Friday's session is in the feed").toBeTruthy();
  expect(after, "Monday's session is in the feed").toBeTruthy();
  for (const event of [before, after]) {
    expect(event.summary).toBe("Tennis");
    expect(london(event.startDate.toJSDate())).toBe("10:00");
    expect(london(event.endDate.toJSDate())).toBe("15:30");
    expect(event.location).toContain("Clarence Park Tennis Courts");
    expect(event.description).toContain("Ask for Tom");
    expect(event.component.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(event.component.getAllSubcomponents("valarm")).toHaveLength(2);
  }
  // Greenwich time before the change, British Summer Time after it.
  expect(before.startDate.toJSDate().toISOString()).toBe(`${friday}T10:00:00.000Z`);
  expect(after.startDate.toJSDate().toISOString()).toBe(`${monday}T09:00:00.000Z`);
  const sequenceBefore = Number(after.component.getFirstPropertyValue("sequence"));

  // The coordinator cancels Monday's session: it comes back cancelled, same UID, newer.
  await call(api, "cancel_session", `id=${sessions[1]}&reason=Courts+closed`);
  const again = parse(await (await fetchFeed(url)).text());
  const cancelled = again.byUid(`session-${sessions[1]}@turnaround`)!;
  expect(cancelled, "the cancelled session is still in the feed").toBeTruthy();
  expect(cancelled.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  expect(Number(cancelled.component.getFirstPropertyValue("sequence"))).toBeGreaterThan(sequenceBefore);
  expect(cancelled.component.getAllSubcomponents("valarm")).toHaveLength(0);
  expect(
    again.byUid(`session-${sessions[0]}@turnaround`)!.component.getFirstPropertyValue("status"),
  ).toBe("CONFIRMED");

  // Nobody else's name anywhere in the feed (nor Danny's own), nor what the programme is for.
  const unfolded = text.replace(/\r\n /g, "");
  const words = new Set(unfolded.split(/[^\p{L}\p{N}]+/u));
  for (const other of [...others, danny]) {
    for (const part of other.name.split(" ")) {
      expect(words.has(part), `“${part}” (${other.name}) is in the feed`).toBe(false);
    }
  }
  for (const word of ["Probation", "Police", "offender", "HACRO"]) {
    expect(unfolded.toLowerCase()).not.toContain(word.toLowerCase());
  }

  // "Make a new link": the old address is a 404 at once, the new one works.
  await makeANewLink(dannysPhone);
  const fresh = await linkOnPage(dannysPhone);
  expect(fresh).not.toBe(url);
  expect((await fetchFeed(url)).status()).toBe(404);
  expect((await fetchFeed(fresh)).status()).toBe(200);
  await phone.close();
});

test("the calendar page and its new-link form work on a 320 px phone, also without JavaScript", async ({
  page,
  request,
  javaScriptEnabled,
}) => {
  // Staff, one per project, so the two projects (and the participant's test) never race over
  // one person's link.
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, javaScriptEnabled ? "tutor" : "mentor");
  const url = await linkOnPage(page);
  await expect(page.getByText("The sessions you lead")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  // "Keep my link" changes nothing.
  await page.getByRole("link", { name: "Make a new link" }).click();
  await page.getByRole("link", { name: "Keep my link" }).click();
  await expect(page.getByLabel("Or copy your link")).toHaveValue(url);

  await makeANewLink(page);
  // With JavaScript the box is filled in once the new link arrives: wait for it, not a moment.
  await expect(page.getByLabel("Or copy your link")).not.toHaveValue(url);
  const fresh = await page.getByLabel("Or copy your link").inputValue();
  expect((await request.get(url)).status()).toBe(404);
  const feed = await request.get(fresh);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain("BEGIN:VCALENDAR");
});
