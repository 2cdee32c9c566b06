import { expect, test, type Page, type TestInfo } from "@playwright/test";
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
