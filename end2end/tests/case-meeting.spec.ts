import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signIn } from "./support/auth";

// The monthly case meeting: the coordinator opens a meeting, marks who came, opens a pack,
// records an action and a minute, prints the agenda and packs, and closes the meeting, after
// which the minutes take only later entries. With and without JavaScript: the meeting's forms
// are plain HTML forms either way.

function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screens/${name}-${testInfo.project.name}.png`;
  return page.screenshot({ path, fullPage: true }).then(() => testInfo.attach(name, { path, contentType: "image/png" }));
}

/** A day of its own for each project and retry (one meeting a day), in the days ahead. */
function meetingDay(testInfo: TestInfo): string {
  const offset = 1 + 2 * testInfo.retry + (testInfo.project.name === "js" ? 0 : 1);
  const day = new Date(Date.now() + offset * 86_400_000);
  return day.toISOString().slice(0, 10);
}

test("the coordinator opens the case meeting, records an action and closes it", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "coordinator");
  await page.goto("/");
  // The demo's last meeting left an action that is now overdue: it is on the coordinator's home.
  await expect(page.getByRole("heading", { name: "Case-meeting actions: yours, and everyone's overdue" })).toBeVisible();
  await expect(page.locator(".my-actions")).toContainText("Go with him to the bank to open an account");
  await expect(page.locator(".my-actions")).toContainText("Overdue since");
  await shot(page, testInfo, "home-overdue-actions");
  await page.getByRole("link", { name: "Case meetings" }).click();
  await expect(page.getByRole("heading", { name: "Case meetings", level: 1 })).toBeVisible();
  await page.getByLabel("Open a meeting on").fill(meetingDay(testInfo));
  await page.getByRole("button", { name: "Open the meeting" }).click();
  await expect(page.getByRole("heading", { name: /^Case meeting, / })).toBeVisible();
  for (const heading of ["Who came", "Actions from earlier meetings", "Referrals since the last meeting", "People to talk about", "Everyone on the programme"]) {
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
  const meetingUrl = page.url();

  await page.getByLabel("Mark as present").selectOption({ index: 0 });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.locator(".meeting-attendees li")).toHaveCount(1);
  await expect(page.locator(".meeting-attendees li")).not.toContainText("Nobody marked yet");
  await shot(page, testInfo, "case-meeting-agenda");

  // A refused form comes back to its page with the sentence.
  await page.locator(".meeting-people a").first().click();
  await expect(page.getByRole("heading", { name: "Attendance", exact: true })).toBeVisible();
  for (const heading of ["Transport", "Goals", "Wellbeing", "One-to-ones and notes", "Restricted: coordinators only", "Actions", "Minutes"]) {
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  }
  const what = `Ring Probation about the course (${testInfo.project.name})`;
  await page.getByLabel("What is to be done").fill(what);
  await page.getByLabel("Who", { exact: true }).selectOption({ index: 0 });
  await page.getByRole("button", { name: "Record the action" }).click();
  await expect(page.locator("section[aria-labelledby^='actions-'] table")).toContainText(what);
  await page.getByLabel("What was said").fill("Settling in well; wants to try fishing.");
  await page.getByRole("button", { name: "Add to the minutes" }).click();
  await expect(page.locator(".meeting-minutes").last()).toContainText("Settling in well");
  await shot(page, testInfo, "case-meeting-pack");

  const printUrl = meetingUrl.replace(/\/?$/, "/print");
  const print = await page.context().newPage();
  await print.setViewportSize({ width: 794, height: 1123 });
  await print.goto(printUrl);
  await expect(print.getByRole("heading", { level: 1 }).first()).toContainText("Case meeting");
  await expect(print.locator("form")).toHaveCount(0);
  await expect(print.locator("article.pack").first()).toBeVisible();
  await print.emulateMedia({ media: "print" });
  await shot(print, testInfo, "case-meeting-print");
  const firstPage = `test-results/screens/case-meeting-print-first-page-${testInfo.project.name}.png`;
  await print.screenshot({ path: firstPage });
  await print.locator("article.pack").first().scrollIntoViewIfNeeded();
  await print.screenshot({ path: firstPage.replace("first-page", "a-pack") });
  await print.close();

  await page.goto(meetingUrl);
  await page.getByRole("button", { name: "Close the meeting" }).click();
  await expect(page.locator(".case-meeting")).toContainText("Closed on");
  await expect(page.getByRole("button", { name: "Close the meeting" })).toHaveCount(0);
  await expect(page.getByLabel("Mark as present")).toHaveCount(0);
  await page.locator(".meeting-people a").first().click();
  await expect(page.getByRole("button", { name: "Record the action" })).toHaveCount(0);
  await expect(page.getByText("Correct this entry")).toHaveCount(0);
  await page.getByLabel("A later entry (the meeting is closed)").fill("Called back after the meeting.");
  await page.getByRole("button", { name: "Add a later entry" }).click();
  await expect(page.locator(".meeting-minutes").last()).toContainText("(added after the meeting closed)");
});

test("a tutor reads the agenda of their own participants without notes or the restricted section", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, "tutor");
  await page.goto("/meetings");
  await expect(page.getByRole("heading", { name: "Case meetings", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Open a meeting on")).toHaveCount(0);
  const first = page.locator(".meeting-list a").first();
  if ((await first.count()) === 0) test.skip(true, "no meeting opened yet on this server");
  await first.click();
  await expect(page.getByRole("heading", { name: "Everyone on the programme" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Referrals since the last meeting" })).toHaveCount(0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "sideways scrolling").toBeLessThanOrEqual(0);
  await shot(page, testInfo, "case-meeting-agenda-tutor-360");
});
