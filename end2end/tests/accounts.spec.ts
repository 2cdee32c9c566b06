import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, demoUsers, homeOf, signIn, type Role } from "./support/auth";

// Runs in both projects: with JavaScript and without it.

const roles: Role[] = ["participant", "tutor", "mentor", "driver", "coordinator", "team_leader"];

for (const role of roles) {
  test(`a ${role} signs in and sees only what the role allows`, async ({ page }) => {
    await signIn(page, role, undefined, { fresh: true });
    const nav = page.getByRole("navigation", { name: "Main" });
    const staff = role !== "participant";
    await expect(nav.getByRole("link", { name: "This week" })).toHaveCount(staff ? 1 : 0);
    await expect(nav.getByRole("link", { name: "My activities" })).toHaveCount(staff ? 0 : 1);
    // Referral data is criminal-offence data: it is on none of these pages (the coordinators'
    // menu may name the Referrals page; the page's own content says nothing of referrals).
    await expect(page.locator("main")).not.toContainText(/probation|police|referr/i);

    if (staff) {
      // A driver starts on the pick-up list (a light page); other staff on the week.
      const home = role === "driver" ? "Your pick-up list" : "This week";
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(home);
      // Staff have no participant home.
      await page.goto("/my");
      await expect(page.getByRole("alert")).toContainText("You do not have access to this.");
    } else {
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("My activities");
      await expect(page.locator("li.session").first()).toBeVisible();
      // A participant cannot open the staff's week page: "/" (the installed app's start page)
      // takes them to their own, and the week's server function refuses them.
      await page.goto("/");
      await expect(page).toHaveURL("/my");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("My activities");
      await expect(page.getByRole("heading", { level: 1, name: "This week" })).toHaveCount(0);
      const week = await page.request.post("/api/week_programme", {
        form: {},
        headers: { "sec-fetch-site": "same-origin" },
      });
      expect(week.status()).toBe(403);
    }
  });
}

test("a wrong password gets a plain answer and no way in", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Your sign-in name").fill(demoUsers.tutor);
  await page.getByLabel("Password").fill("not the right one");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("That name and password do not match.");
  await page.goto("/");
  await expect(page).toHaveURL("/sign-in");
});

test("signing out ends the session; the week page then asks to sign in", async ({ page }) => {
  await signIn(page, "tutor");
  await page.getByRole("button", { name: /Sign out/ }).click();
  await expect(page).toHaveURL("/sign-in");
  await page.goto("/");
  await expect(page).toHaveURL("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  expect(DEMO_PASSWORD).toBeTruthy();
  expect(homeOf.tutor).toBe("/");
});
