import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signIn } from "./support/auth";

// Wellbeing measured: a participant on a 360 px phone answers the questions one a screen with
// big buttons, with and without JavaScript, and sees their score with its chart and table.

function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screens/${name}-${testInfo.project.name}.png`;
  return page.screenshot({ path, fullPage: true }).then(() => testInfo.attach(name, { path, contentType: "image/png" }));
}

test("a participant answers the wellbeing questions on a phone, one a screen, and sees the score", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  // Two demo participants who have never answered: one for each project, which run at once.
  const who = testInfo.project.name === "js" ? "kieran.walsh" : "marcus.bennett";
  await signIn(page, "participant", who);
  await page.getByRole("link", { name: "How I've been feeling" }).click();
  await page.getByRole("button", { name: "Start the questions" }).click();
  const answers = ["Often", "Some of the time", "All of the time", "Rarely", "Often"];
  for (const [index, answer] of answers.entries()) {
    await expect(page.getByRole("heading", { name: `Question ${index + 1} of 5`, level: 1 })).toBeVisible();
    await expect(page.getByText("Over the last two weeks:")).toBeVisible();
    if (index === 0) await shot(page, testInfo, "wellbeing-question-360");
    const button = page.getByRole("button", { name: answer, exact: true });
    const box = await button.boundingBox();
    expect(box?.height ?? 0, "a big button").toBeGreaterThanOrEqual(44);
    await button.click();
  }
  await expect(page.getByRole("heading", { name: "How I've been feeling", level: 1 })).toBeVisible();
  await expect(page.getByText("Your next check-in is due on")).toBeVisible();
  const table = page.getByRole("table", { name: /Scores on/ });
  await expect(table.getByRole("row").nth(1)).toContainText("At the start");
  await expect(table.getByRole("row").nth(1)).toContainText("18");
  await expect(page.locator(".score-chart-box svg circle")).toHaveCount(1);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "sideways scrolling").toBeLessThanOrEqual(0);
  await shot(page, testInfo, "wellbeing-score-360");
});
