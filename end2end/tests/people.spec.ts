import { expect, test } from "@playwright/test";
import { signIn, totp } from "./support/auth";
import { hydrated } from "./support/hydration";

function uniqueName(prefix: string) {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let suffix = "";
  for (let i = 0; i < 6; i++) suffix += letters[Math.floor(Math.random() * letters.length)];
  return prefix + suffix;
}

async function addParticipant(page: import("@playwright/test").Page, family: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("People");
  await page.getByRole("link", { name: "Add a person" }).click();
  await page.getByLabel("First name").fill("Robin");
  await page.getByLabel("Last name").fill(family);
  await page.getByLabel("Participant", { exact: true }).check();
  await page.getByLabel("Referred by (participants)").selectOption("third_sector");
  await page.getByLabel("Referral date (participants)").fill("2026-11-02");
  await page.getByRole("button", { name: "Add this person" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Robin ${family}`);
}

test("the coordinator adds a participant, who joins from the invite QR code on their phone", async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, "the invite link is shown by the running app");
  await signIn(page, "coordinator");
  const family = uniqueName("Newcomer");
  await addParticipant(page, family);
  await expect(page.getByRole("main")).toContainText("Third sector");

  await hydrated(page);
  await page.getByRole("button", { name: "Make an invite link" }).click();
  const invite = page.getByRole("status");
  await expect(invite.locator(".qr svg")).toBeVisible();
  const link = (await invite.locator(".invite-link code").textContent())!;
  expect(link).toMatch(/\/invite\/[0-9a-f]{64}$/);
  const username = `robin.${family.toLowerCase()}`;
  await expect(invite).toContainText(username);

  // The participant's phone.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const mobile = await phone.newPage();
  await mobile.goto(link);
  await expect(mobile.getByRole("heading", { level: 1 })).toHaveText("Welcome, Robin");
  await expect(mobile.locator(".username")).toHaveText(username);
  await mobile.getByLabel("Your new password").fill("password1");
  await mobile.getByRole("button", { name: "Save my password" }).click();
  await expect(mobile.getByRole("alert")).toContainText("first ones people guess");
  await mobile.getByLabel("Your new password").fill("kettle on by the lake");
  await mobile.getByRole("button", { name: "Save my password" }).click();
  await expect(mobile).toHaveURL(/\/sign-in/);
  await mobile.getByLabel("Your sign-in name").fill(username);
  await mobile.getByLabel("Password").fill("kettle on by the lake");
  await mobile.getByRole("button", { name: "Sign in" }).click();
  await expect(mobile).toHaveURL("/my");

  // The link works once.
  await mobile.goto(link);
  await expect(mobile.getByRole("heading", { level: 1 })).toHaveText("This link does not work");
  await phone.close();

  // The audit log on the person's page shows what happened.
  await page.reload();
  await expect(page.locator("table.audit")).toContainText("invite used");
  await expect(page.locator("table.audit")).toContainText("person created");
});

test("the coordinator deactivates and reactivates a person (also without JavaScript)", async ({
  page,
}) => {
  await signIn(page, "coordinator");
  const family = uniqueName("Leaver");
  await addParticipant(page, family);
  await page.getByRole("button", { name: /Deactivate/ }).click();
  await expect(page.getByRole("main")).toContainText("Deactivated: cannot sign in.");
  await page.getByRole("button", { name: "Reactivate" }).click();
  await expect(page.getByRole("main")).toContainText("Has not chosen a password yet.");
});

test("the coordinator edits a participant's details, roles and programme (also without JavaScript)", async ({
  page,
}) => {
  await signIn(page, "coordinator");
  const family = uniqueName("Edited");
  await addParticipant(page, family);

  await page.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Edit Robin ${family}`);
  // The form starts from what is saved.
  await expect(page.getByLabel("Last name")).toHaveValue(family);
  await expect(page.getByLabel("Referred by (participants)")).toHaveValue("third_sector");

  // Taking away the participant role is explained, not done.
  await page.getByLabel("Participant", { exact: true }).uncheck();
  await page.getByLabel("Driver", { exact: true }).check();
  await page.getByLabel("Email (staff sign in with it)").fill(`${family.toLowerCase()}@example.org`);
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("alert")).toContainText("Completed or Withdrawn");

  await page.goto(page.url()); // start again from what is saved
  await page.getByLabel("Likes to be called (optional)").fill("Rob");
  await page.getByLabel("Mobile phone (optional)").fill("07700 900321");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Robin ${family}`);
  await expect(page.getByRole("main")).toContainText("07700 900321");

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByRole("combobox", { name: "Status" }).selectOption("active");
  await page.getByRole("combobox", { name: "Mentor" }).selectOption({ label: "James Carter" });
  await page.getByLabel("Pick-up point").selectOption({ index: 1 });
  await page.getByLabel("Needs a lift in the people carrier").check();
  await page.getByLabel("Mobility needs the driver should know (optional)").fill("Walks with a stick");
  await page.getByRole("button", { name: "Save programme details" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Robin ${family}`);
  const main = page.getByRole("main");
  await expect(main).toContainText("James Carter");
  await expect(main).toContainText("Walks with a stick");
  await expect(page.locator("table.audit")).toContainText("person changed");
});

test("a participant cannot open the people pages", async ({ page }) => {
  await signIn(page, "participant");
  await page.goto("/people");
  await expect(page.getByRole("alert")).toContainText("You do not have access to this.");
  await expect(page.locator("table")).toHaveCount(0);
  await page.goto("/people/8");
  await expect(page.getByRole("alert")).toContainText("You do not have access to this.");
  await expect(page.locator("body")).not.toContainText(/referred by|probation|police/i);
});

test("a tutor turns on two-step sign-in and gets recovery codes", async ({
  page,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, "the set-up steps are shown by the running app");
  // Tom, a tutor no other test signs in as: after this he needs a code.
  await signIn(page, "tutor", "tom.coach@example.org");
  await page.getByRole("link", { name: "Two-step sign-in" }).click();
  await hydrated(page);
  await page.getByRole("button", { name: "Set up two-step sign-in" }).click();
  await expect(page.locator(".qr svg")).toBeVisible();
  const secret = (await page.locator("code.secret").textContent())!;
  await page.getByLabel("6-digit code").fill(totp(secret));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("status")).toContainText("Two-step sign-in is on.");
  await expect(page.locator(".recovery-codes li")).toHaveCount(10);
});
