import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { signIn } from "./support/auth";

// The action plan: a participant on a 360 px phone sees their goals in plain words and ticks a
// step they have done (with and without JavaScript); their mentor opens the plan at desktop
// width and records a one-to-one.

function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screens/${name}-${testInfo.project.name}.png`;
  return page.screenshot({ path, fullPage: true }).then(() => testInfo.attach(name, { path, contentType: "image/png" }));
}

test("a participant sees their goals on a phone and ticks a step they have done", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, "participant");
  await page.getByRole("link", { name: "My goals" }).click();
  await expect(page.getByRole("heading", { name: "My goals", level: 1 })).toBeVisible();
  const card = page.locator("li.goal-card").filter({ hasText: "Get a CSCS card" });
  await expect(card).toContainText("Education, training and employment");
  await expect(card).toContainText("You are seeing this through");
  await expect(card.locator("li.goal-step.done").filter({ hasText: "Book the CSCS test" })).toBeVisible();
  // Each project ticks its own step: the two run at once on one demo.
  const step = testInfo.project.name === "js" ? "Do the health and safety revision" : "Take the test";
  await card.getByRole("button", { name: `Done: ${step}` }).click();
  await expect(card.locator("li.goal-step.done").filter({ hasText: step })).toBeVisible();
  await expect(card.getByRole("button", { name: `Not done yet: ${step}` })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "sideways scrolling").toBeLessThanOrEqual(0);
  await shot(page, testInfo, "my-goals-360");
  // The other goal is the mentor's to see through, said plainly.
  await expect(page.locator("li.goal-card").filter({ hasText: "Open a bank account" })).toContainText("is helping with this");
});

test("a mentor opens a mentee's plan at desktop width and records a one-to-one", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "mentor");
  await page.goto("/mentees");
  await page.getByRole("link", { name: "Kieran Walsh" }).click();
  await expect(page.getByRole("heading", { name: "Kieran Walsh's plan", level: 1 })).toBeVisible();
  const note = `Phoned about the fishing trip (${testInfo.project.name}).`;
  await page.getByText("Record a one-to-one").click();
  await page.getByLabel("Phone call").check();
  await page.getByLabel("Relationships and family").check();
  await page.getByLabel("Note", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Record it" }).click();
  const recorded = page.locator("li.admin-card").filter({ hasText: note });
  await expect(recorded).toBeVisible();
  await expect(recorded).toContainText("Phone call · James Carter · Relationships and family");
  await shot(page, testInfo, "plan-desktop");
});
