import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { readFileSync } from "node:fs";
import { signIn, type Role } from "./support/auth";

// The month end: a driver on a 360 px phone adds an expense with the receipt photo taken on the
// phone and sends the month; the coordinator approves it at desktop width, downloads the month's
// CSV and prints the claim form. A poor signal loses nothing, and the plain form works without
// JavaScript. Each test claims as its own person (one claim per person per month).

/** A real JPEG, as a phone camera gives one (drawn by Chromium, so the thumbnails decode). */
async function receiptPhoto(browser: Browser): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement("canvas");
    canvas.width = 1200;
    canvas.height = 1600;
    const draw = canvas.getContext("2d");
    if (!draw) return "";
    draw.fillStyle = "#fff";
    draw.fillRect(0, 0, 1200, 1600);
    draw.fillStyle = "#000";
    draw.font = "72px sans-serif";
    draw.fillText("UNLEADED 27.4 L", 100, 300);
    draw.fillText("TOTAL GBP 40.00", 100, 450);
    return canvas.toDataURL("image/jpeg", 0.9).split(",")[1];
  });
  await context.close();
  return Buffer.from(base64, "base64");
}

async function phone(browser: Browser, role: Role, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled,
  });
  const page = await context.newPage();
  await signIn(page, role);
  return page;
}

function shot(page: Page, testInfo: TestInfo, name: string) {
  const path = `test-results/screens/${name}-${testInfo.project.name}.png`;
  return page.screenshot({ path, fullPage: true }).then(() => testInfo.attach(name, { path, contentType: "image/png" }));
}

async function addExpense(page: Page, photo: Buffer, amount: string) {
  await page.goto("/claims");
  await page.getByLabel("Photo of the receipt").setInputFiles({ name: "IMG_0412.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.getByLabel("What it was for").selectOption("fuel");
  await page.getByLabel("Amount (£)").fill(amount);
  await page.getByRole("button", { name: "Add the expense" }).click();
}

test("a driver adds an expense with its photo and sends the month; the coordinator approves it, downloads the CSV and prints the form", async ({
  browser,
  page,
}, testInfo) => {
  test.skip(testInfo.project.name !== "js", "the no-js project sends the plain form below");
  const photo = await receiptPhoto(browser);
  const driver = await phone(browser, "driver", true);
  const started = Date.now();
  await addExpense(driver, photo, "40.00");
  const line = driver.locator("li.claim-line", { hasText: "Fuel" });
  await expect(line).toContainText("£40.00");
  await expect(line.getByRole("link", { name: "Receipt photo" })).toBeVisible();
  console.log(`expense with photo added in ${Date.now() - started} ms (phone, 360 px)`);
  await shot(driver, testInfo, "claims-driver-phone");
  await driver.getByRole("button", { name: /^Send .* for approval \(£40\.00\)$/ }).click();
  await expect(driver.locator(".claim-standing")).toContainText("waiting for approval");

  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "coordinator");
  await page.goto("/claims/approvals");
  const card = page.locator("li.claim-card", { hasText: "Mick Dawson" });
  await expect(card).toContainText("£40.00");
  const thumbnail = card.locator("img.receipt-thumb");
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await shot(page, testInfo, "claims-queue-desktop");
  await page.setViewportSize({ width: 360, height: 740 });
  await shot(page, testInfo, "claims-queue-phone");
  await page.setViewportSize({ width: 1280, height: 800 });
  await card.getByRole("button", { name: "Approve £40.00" }).click();
  await expect(page.locator("li.claim-card", { hasText: "Mick Dawson" })).toHaveCount(0);

  // The month's CSV, with the approved line as finance posts it.
  const month = new Date().toISOString().slice(0, 7);
  await page.getByLabel("Approved and paid claims of").fill(month);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`claims-${month}.csv`);
  const csv = readFileSync(await download.path(), "utf8");
  const rows = csv.trim().split("\r\n");
  expect(rows[0]).toBe(
    "Claimant,Claim month,Date,Category,Description,Miles,Rate per mile,Amount,Receipt reference,State,Approved by",
  );
  expect(rows.some((row) => /^Mick Dawson,\d{4}-\d{2},\d{4}-\d{2}-\d{2},Fuel,,,,40\.00,R-\d{6},Approved,Sarah Mitchell$/.test(row))).toBe(
    true,
  );

  // The printable claim form, as A4 paper shows it.
  const form = page.locator("a", { hasText: "Claim form" }).first();
  await page.goto((await form.getAttribute("href")) ?? "/claims");
  await expect(page.getByRole("heading", { name: /^Expense claim — / })).toBeVisible();
  await expect(page.locator(".claim-form-sheet")).toContainText("Sarah Mitchell");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".main-nav")).toBeHidden();
  await shot(page, testInfo, "claim-form-print");

  // The driver reads the outcome in words.
  await driver.goto("/claims");
  await expect(driver.locator(".claim-standing")).toContainText(/^Approved on .*, £40\.00 — paid with your next salary\.$/);
  await driver.setViewportSize({ width: 1280, height: 800 });
  await shot(driver, testInfo, "claims-driver-desktop");
});

test("with a poor signal the expense form keeps what was typed and the retry adds the line once", async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== "js", "the retry is claim-form.js");
  const photo = await receiptPhoto(browser);
  const mentor = await phone(browser, "mentor", true);
  let tries = 0;
  // The first try's answer never arrives (the server saved it); the second gets through.
  await mentor.route("**/claims/expense", async (route) => {
    tries += 1;
    if (tries === 1) {
      await route.fetch();
      await route.abort("internetdisconnected");
      return;
    }
    await route.continue();
  });
  await addExpense(mentor, photo, "12.80");
  await expect(mentor.locator(".claim-form-status")).toContainText("Not sent");
  await expect(mentor.getByLabel("Amount (£)")).toHaveValue("12.80");
  await mentor.getByRole("button", { name: "Add the expense" }).click();
  await expect(mentor.locator("li.claim-line", { hasText: "£12.80" })).toHaveCount(1);
  expect(tries).toBe(2);
});

test("without JavaScript the plain form adds the expense with its photo, and a file that is not a photo is refused in words", async ({
  browser,
}, testInfo) => {
  test.skip(testInfo.project.name !== "no-js", "the js project uses claim-form.js");
  const photo = await receiptPhoto(browser);
  const tutor = await phone(browser, "tutor", false);
  await tutor.goto("/claims");
  await tutor.getByLabel("Photo of the receipt").setInputFiles({ name: "notes.pdf", mimeType: "image/jpeg", buffer: Buffer.from("%PDF-1.7\n") });
  await tutor.getByLabel("Amount (£)").fill("3.20");
  await tutor.getByRole("button", { name: "Add the expense" }).click();
  await expect(tutor.getByRole("alert")).toContainText("That file is not a photo we can keep");
  await addExpense(tutor, photo, "3.20");
  await expect(tutor.locator("li.claim-line", { hasText: "£3.20" })).toHaveCount(1);
  await shot(tutor, testInfo, "claims-tutor-phone");
});
