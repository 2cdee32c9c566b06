import { expect, test, type Page, type TestInfo } from "@playwright/test";
import * as fs from "node:fs";
import { signIn } from "./support/auth";

// Keeping records no longer than needed: the coordinator reads the retention schedule, sees
// what would go today, and changes a period (with and without JavaScript).

function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screens/${name}-${testInfo.project.name}.png`;
  return page.screenshot({ path, fullPage: true }).then(() => testInfo.attach(name, { path, contentType: "image/png" }));
}

test("the coordinator changes how long one-to-one notes are kept", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "coordinator");
  await page.goto("/referrals");
  await page.getByRole("link", { name: "Keeping records" }).click();
  await expect(page.getByRole("heading", { name: "Keeping records", level: 1 })).toBeVisible();
  const notes = page.locator("li.admin-card").filter({ hasText: "One-to-one notes" });
  await expect(notes).toContainText("Counted from the day the case closed");
  await notes.getByLabel("Months kept").fill("36");
  await notes.getByRole("button", { name: "Save" }).click();
  await expect(page.locator("li.admin-card").filter({ hasText: "One-to-one notes" })).toContainText("Kept for 3 years.");
  await expect(page.getByRole("heading", { name: "Legal holds" })).toBeVisible();
  await shot(page, testInfo, "retention-desktop");
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "sideways scrolling").toBeLessThanOrEqual(0);
  await shot(page, testInfo, "retention-360");
});

test("the coordinator registers a subject access request and downloads everything held", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  // Each project asks about a different participant: the two run at once on one demo.
  const who = testInfo.project.name === "js" ? "Marcus Bennett" : "Kieran Walsh";
  await signIn(page, "coordinator");
  await page.goto("/retention");
  await page.getByRole("link", { name: "Subject access requests" }).click();
  await expect(page.getByRole("heading", { name: "Subject access requests", level: 1 })).toBeVisible();
  await page.getByLabel("Who it is from").selectOption({ label: who });
  await page.getByLabel("How it arrived").selectOption({ label: "By letter" });
  await page.getByRole("button", { name: "Register the request" }).click();
  const card = page.locator("li.admin-card").filter({ hasText: who }).filter({ hasText: "Due in" }).first();
  await expect(card).toContainText("By letter");
  const downloading = page.waitForEvent("download");
  await card.getByRole("link", { name: "Download everything held" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^subject-access-\d+-\d{4}-\d{2}-\d{2}\.html$/);
  const file = await download.path();
  const html = fs.readFileSync(file, "utf8");
  expect(html).toContain("<h1>What ");
  expect(html).toContain(who);
  expect(html).toContain('id="subject-access-data"');
  await shot(page, testInfo, "subject-access-desktop");
  const pack = await page.context().newPage();
  await pack.setContent(html);
  await shot(pack, testInfo, "subject-access-pack");
  await pack.close();
  await card.getByRole("button", { name: `Mark the request from ${who} answered` }).click();
  await expect(page.locator("li.admin-card").filter({ hasText: who }).filter({ hasText: "Answered on" }).first()).toBeVisible();
});
