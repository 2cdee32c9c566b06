import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { signIn } from "./support/auth";

// From referral to participant: a partner agency opens its own link on a 360 px phone with no
// JavaScript and sends the form; someone refers themselves the same way; the coordinator finds
// both in the intake queue at desktop width, moves one on and accepts it onto the programme.

function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screens/${name}-${testInfo.project.name}.png`;
  return page.screenshot({ path, fullPage: true }).then(() => testInfo.attach(name, { path, contentType: "image/png" }));
}

/** A phone with JavaScript off: the plainest device a partner or a participant might use. */
async function plainPhone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: false,
  });
  return context.newPage();
}

/** Checks nothing on the page is wider than the phone. */
async function fitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, "sideways scrolling").toBeLessThanOrEqual(0);
}

test("a partner refers someone from a phone without JavaScript, and the coordinator accepts it at desktop width", async ({
  browser,
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const family = `Partnerref${testInfo.project.name.replace("-", "")}`;
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "coordinator");
  // The coordinator makes the partner's link (shown once, with JavaScript; the API answers the same).
  const issued = await page.request.post("/api/issue_partner_link", {
    form: { organisation: `Probation ${testInfo.project.name}`, source: "probation" },
    headers: { Accept: "application/json", Origin: new URL(page.url()).origin },
  });
  expect(issued.status()).toBe(200);
  const url = new URL((await issued.json()).url);

  const partner = await plainPhone(browser);
  await partner.goto(url.pathname);
  await expect(partner.getByRole("heading", { name: "Refer someone to TurnAround", level: 1 })).toBeVisible();
  await expect(partner.getByText(`This is Probation ${testInfo.project.name}'s own referral form`)).toBeVisible();
  await fitsThePhone(partner);
  await partner.getByLabel("Their first name").fill("Morgan");
  await partner.getByLabel("Their last name").fill(family);
  await partner.getByLabel("Their date of birth").fill("1990-04-23");
  await partner.getByLabel("Phone", { exact: true }).fill("07700 900777");
  await partner.getByRole("group", { name: /live in the area/ }).getByLabel("Yes").check();
  await partner.getByLabel("Why you are referring them").fill("Finished an order; wants to get active.");
  await partner.getByLabel("Your name", { exact: true }).fill("Jo Bloggs");
  await partner.getByLabel("Your phone or email").fill("jo.bloggs@probation.example");
  await partner.getByLabel("In writing").check();
  const today = new Date().toISOString().slice(0, 10);
  await partner.getByLabel("The date they agreed").fill(today);
  await partner.getByLabel("Whether they are coming to sessions").check();
  await shot(partner, testInfo, "refer-partner-360");
  await partner.getByRole("button", { name: "Send the referral" }).click();
  await expect(partner.getByRole("heading", { name: "Sent", level: 1 })).toBeVisible();
  await expect(partner.getByRole("status")).toContainText("has reached the TurnAround coordinator");
  await partner.context().close();

  // The coordinator's queue, at desktop width.
  await page.goto("/referrals");
  const card = page.locator("li.admin-card").filter({ hasText: `Morgan ${family}` });
  await expect(card).toContainText(`Probation · Probation ${testInfo.project.name}`);
  await expect(card).toContainText("Received");
  await card.getByRole("link", { name: `Morgan ${family}` }).click();
  await expect(page.getByRole("heading", { name: `Morgan ${family}`, level: 1 })).toBeVisible();
  await expect(page.getByText("Whether they are coming to sessions")).toBeVisible();
  await page.getByRole("button", { name: "We have been in touch" }).click();
  await expect(page.locator(".status-badge")).toHaveText("Contacted");
  await expect(page.getByText("0 days to first contact")).toBeVisible();
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(page.locator(".status-badge")).toHaveText("Active");
  await expect(page.getByText(`On the programme as Morgan ${family}`)).toBeVisible();
  await shot(page, testInfo, "referral-accepted-desktop");
});

test("someone refers themselves on a phone without JavaScript; a missing answer is caught before sending", async ({ browser }, testInfo) => {
  const phone = await plainPhone(browser);
  await phone.goto("/refer/self");
  await expect(phone.getByRole("heading", { name: "Join TurnAround", level: 1 })).toBeVisible();
  await fitsThePhone(phone);
  await phone.getByLabel("Your first name").fill("Sam");
  await phone.getByLabel("Your last name").fill(`Selfref${testInfo.project.name.replace("-", "")}`);
  await phone.getByLabel("Email", { exact: true }).fill("sam@example.org");
  await phone.getByRole("group", { name: /live in the area/ }).getByLabel("Yes").check();
  // Without the agreement box the browser itself holds the form back.
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone).toHaveURL(/\/refer\/self$/);
  await phone.getByLabel(/I agree to TurnAround keeping these details/).check();
  await shot(phone, testInfo, "refer-self-360");
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(phone.getByRole("status")).toContainText("will get in touch within a week");
  await phone.context().close();
});

test("a link that does not work says so in words", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/refer/${"0".repeat(64)}`);
  await expect(page.getByRole("heading", { name: "This link does not work", level: 1 })).toBeVisible();
  await expect(page.getByText("ask the TurnAround coordinator for a new one")).toBeVisible();
});
