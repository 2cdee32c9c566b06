import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { weekdayAhead } from "./pages/week-page";
import { signIn } from "./support/auth";
import { controlled } from "./support/worker";

// No signal: the service worker (public/sw.js) keeps each page a person opened, and shows it
// when the network cannot be reached. Playwright's offline switch also cuts the service worker's
// own fetches in this Chromium (it sends Network.emulateNetworkConditions to the worker's target
// too, unless `serviceWorkers: "block"`); each test checks that from inside the worker, so a
// page can only pass by really coming from the phone's saved copies.
//
// The service worker needs JavaScript, so these run in the `js` project only.

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "service workers need JavaScript");
test.use({ viewport: { width: 360, height: 740 }, serviceWorkers: "allow" });

/** Loads `path` with the worker in charge, and waits until the phone has saved it. */
async function openAndSave(page: Page, path: string) {
  await page.goto(path);
  await controlled(page);
  // The first load may have come before the worker took charge: load it again through it.
  await page.goto(path);
  await expect
    .poll(() =>
      page.evaluate((key) => caches.match(key, { ignoreVary: true }).then((r) => r !== undefined), path),
    )
    .toBe(true);
}

/** Whether any running service worker still reaches the server when it asks for something. */
async function workerReachesServer(context: BrowserContext): Promise<boolean> {
  const workers = context.serviceWorkers();
  expect(workers.length, "a service worker is running").toBeGreaterThan(0);
  const reached = await Promise.all(
    workers.map((worker) =>
      worker
        .evaluate(() =>
          fetch("/healthz", { cache: "no-store" }).then(
            () => true,
            () => false,
          ),
        )
        // A worker that stopped while being asked reaches nothing.
        .catch(() => false),
    ),
  );
  return reached.includes(true);
}

/** Cuts the signal, and waits until the service workers feel it too: Chromium passes the
 * offline switch on to each worker's own target a moment later (CI once saw a worker fetch
 * straight after the switch). */
async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await expect.poll(() => workerReachesServer(context), { timeout: 5_000 }).toBe(false);
}

/** Reloads with no signal and checks the page came from the phone's saved copy. */
async function reloadWithNoSignal(page: Page) {
  await goOffline(page.context());
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  expect(response?.headers()["x-turnaround-saved-at"], "served from the saved copy").toBeTruthy();
  await expect(page.getByTestId("saved-copy")).toContainText("No signal: this is the copy saved on this phone");
}

test("a participant's activities stay readable after a reload with no signal", async ({ page }, testInfo) => {
  await signIn(page, "participant");
  await openAndSave(page, "/my");
  const cards = await page.locator(".session").count();
  expect(cards).toBeGreaterThan(0);

  await reloadWithNoSignal(page);
  await expect(page.getByRole("heading", { name: "My activities", level: 1 })).toBeVisible();
  await expect(page.locator(".session")).toHaveCount(cards);
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  const path = "test-results/screens/my-activities-no-signal-phone-js.png";
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach("my-activities-no-signal", { path, contentType: "image/png" });
  // What the phone's screen shows: the note sits at its foot.
  await page.screenshot({ path: "test-results/screens/my-activities-no-signal-screen-js.png" });

  // The installed app starts at "/", which sends a participant to /my: that works too.
  await page.goto("/");
  await expect(page).toHaveURL("/my");
  await expect(page.getByRole("heading", { name: "My activities", level: 1 })).toBeVisible();

  // A page never opened with signal says so plainly, with a way back.
  const missing = await page.goto("/account/two-step");
  expect(missing?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "No signal", level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go back" })).toBeVisible();

  // Signal back: the next reload is fresh from the server, with no note.
  await page.context().setOffline(false);
  await page.goto("/my");
  await expect(page.locator(".session").first()).toBeVisible();
  await expect(page.getByTestId("saved-copy")).toHaveCount(0);

  // "I can't come" pressed with no signal is refused in words, and the place is kept.
  await expect(page.locator("html")).toHaveAttribute("data-enhanced", "true");
  const card = page.locator(".session").filter({ has: page.getByText("I can't come", { exact: true }) }).first();
  const headingId = await card.locator("h3").first().getAttribute("id");
  await page.context().setOffline(true);
  await card.getByText("I can't come", { exact: true }).click();
  await card.getByRole("button", { name: "Yes, I can't come" }).click();
  await expect(
    card.getByText("Not sent: you have no signal. Nothing has changed. Try again when you have signal."),
  ).toBeVisible();
  await page.context().setOffline(false);
  await page.goto("/my");
  const same = page.locator(".session").filter({ has: page.locator(`h3[id="${headingId}"]`) });
  await expect(same.getByText("I can't come", { exact: true })).toBeVisible();
});

test("after signing out, the next person never sees the first person's saved page", async ({ page }) => {
  await signIn(page, "participant");
  await openAndSave(page, "/my");
  const signOut = page.getByRole("button", { name: /Sign out/ });
  const firstPerson = (await signOut.innerText()).trim();
  expect(firstPerson).toMatch(/^Sign out \(.+\)$/);

  await signOut.click();
  await expect(page).toHaveURL("/sign-in");
  // Nothing personal is left on the phone.
  await expect.poll(() => page.evaluate(() => caches.match("/my", { ignoreVary: true }).then((r) => r === undefined))).toBe(true);

  // The driver signs in on the same phone, then loses signal: /my was never theirs to see.
  await signIn(page, "driver");
  await controlled(page);
  await goOffline(page.context());
  const response = await page.goto("/my");
  expect(response?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "No signal", level: 1 })).toBeVisible();
  await expect(page.locator(".session")).toHaveCount(0);
  await expect(page.getByText(firstPerson)).toHaveCount(0);
  await page.context().setOffline(false);

  // And a second participant, signed in on that phone, gets their own page offline, not the first's.
  await page.getByRole("link", { name: "Go back" }).click();
  await page.getByRole("button", { name: /Sign out/ }).click();
  await expect(page).toHaveURL("/sign-in");
  await signIn(page, "participant", "kieran.walsh");
  await openAndSave(page, "/my");
  const secondPerson = (await page.getByRole("button", { name: /Sign out/ }).innerText()).trim();
  expect(secondPerson).not.toBe(firstPerson);
  await reloadWithNoSignal(page);
  await expect(page.getByRole("button", { name: secondPerson })).toBeVisible();
  await expect(page.getByText(firstPerson)).toHaveCount(0);
  const savedPages = await page.evaluate(async () => {
    const texts: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (response?.headers.get("content-type")?.startsWith("text/html")) texts.push(await response.text());
      }
    }
    return texts;
  });
  expect(savedPages.length).toBeGreaterThan(0);
  for (const html of savedPages) expect(html).not.toContain(firstPerson);
});

test("the driver's pick-up list reloads with no signal, and a form sent offline says it was not sent", async ({
  page,
}, testInfo) => {
  const date = weekdayAhead(4);
  await signIn(page, "driver");
  await openAndSave(page, `/driver?date=${date}`);
  const run = page.locator("section.driver-run").first();
  await expect(run.locator("li.stop").first()).toBeVisible();
  const stops = await run.locator("li.stop").count();
  const passenger = run.locator("li.passenger").first();
  const name = await passenger.locator(".passenger-name strong").innerText();
  const statusBefore = (await passenger.locator(".tick-status").innerText()).trim();

  await reloadWithNoSignal(page);
  await expect(page.getByRole("heading", { name: "Your pick-up list", level: 1 })).toBeVisible();
  await expect(page.locator("section.driver-run").first().locator("li.stop")).toHaveCount(stops);
  const path = "test-results/screens/pickup-list-no-signal-phone-js.png";
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach("pickup-list-no-signal", { path, contentType: "image/png" });

  // A plain form post, as a tap sends it before the page's script has started: form.submit()
  // sends the form without the submit event pickup-list.js listens for ("Boarded" for this
  // passenger, the button's value added by hand), and the service worker answers it.
  const form = page.locator("section.driver-run").first().locator("li.passenger").first().locator("form.tick-form");
  const [answer] = await Promise.all([
    page.waitForNavigation(),
    form.evaluate((element) => {
      const form = element as HTMLFormElement;
      const mark = document.createElement("input");
      Object.assign(mark, { type: "hidden", name: "mark", value: "boarded" });
      form.appendChild(mark);
      HTMLFormElement.prototype.submit.call(form);
    }),
  ]);
  expect(answer?.status()).toBe(503);
  await expect(page.getByRole("heading", { name: "Not sent", level: 1 })).toBeVisible();
  await expect(
    page.getByText("Not sent — you have no signal. Nothing was changed. Try again when you have signal."),
  ).toBeVisible();
  await page.screenshot({ path: "test-results/screens/not-sent-phone-js.png", fullPage: true });
  await expect(page.getByRole("link", { name: "Go back" })).toHaveAttribute("href", `/driver?date=${date}`);

  // With signal again the list is as it was: nothing was sent.
  await page.context().setOffline(false);
  await page.getByRole("link", { name: "Go back" }).click();
  const again = page.locator("section.driver-run").first().locator("li.passenger").filter({ hasText: name }).first();
  await expect(again.locator(".tick-status")).toHaveText(statusBefore);
});

test("the pick-up list opened from the week's header link is kept too", async ({ page }) => {
  await signIn(page, "driver");
  await controlled(page);
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  // The week is drawn by the app; the list is a plain page (src/ui/plain_pages.rs), so its link
  // loads it from the server, through the worker, which keeps a copy.
  await page.getByRole("link", { name: "Pick-up list" }).click();
  await expect(page).toHaveURL("/driver");
  await expect(page.getByRole("heading", { name: "Your pick-up list", level: 1 })).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => caches.match("/driver", { ignoreVary: true }).then((r) => r !== undefined)))
    .toBe(true);
  await reloadWithNoSignal(page);
  await expect(page.getByRole("heading", { name: "Your pick-up list", level: 1 })).toBeVisible();
});

test("the app is installable: manifest, icons and service worker, served as a phone needs them", async ({
  page,
}) => {
  const get = (path: string) => page.request.get(path, { maxRedirects: 0 });

  const manifest = await get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  expect(manifest.headers()["content-type"]).toBe("application/manifest+json");
  const app = await manifest.json();
  expect(app).toMatchObject({ name: "TurnAround", start_url: "/", display: "standalone" });
  const sizes = new Set<string>();
  for (const icon of app.icons as { src: string; sizes: string; type: string; purpose: string }[]) {
    const image = await get(icon.src);
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()["content-type"], icon.src).toBe(icon.type);
    if (icon.type === "image/png") {
      // A PNG's width and height are the two big-endian numbers at bytes 16 and 20.
      const bytes = await image.body();
      expect(`${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
      sizes.add(`${icon.sizes} ${icon.purpose}`);
    }
  }
  expect([...sizes].sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);

  const worker = await get("/sw.js");
  expect(worker.status()).toBe(200);
  expect(worker.headers()["content-type"]).toMatch(/^text\/javascript/);
  expect(worker.headers()["cache-control"]).toBe("no-cache");
  expect(worker.headers()["content-security-policy"]).toContain("connect-src 'self'");
  const loader = await get("/register-sw.js");
  expect(loader.headers()["content-type"]).toMatch(/^text\/javascript/);
  expect(loader.headers()["cache-control"]).toBe("no-cache");

  await page.goto("/sign-in");
  await expect(page.locator('head link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('head link[rel="apple-touch-icon"]')).toHaveAttribute("href", /\.png$/);
  const touchIcon = await get((await page.locator('head link[rel="apple-touch-icon"]').getAttribute("href"))!);
  expect(touchIcon.status()).toBe(200);

  // The start page sends a participant to their own page, on the server (as a browser asks).
  await signIn(page, "participant");
  const start = await page.request.get("/", { maxRedirects: 0, headers: { accept: "text/html" } });
  expect(start.status()).toBe(302);
  expect(start.headers()["location"]).toBe("/my");
});

test("pages with referral data are never kept, and a 401 drops every kept page", async ({ page }) => {
  await signIn(page, "coordinator");
  // The week is meant to work with no signal: kept.
  await openAndSave(page, "/");
  // A person's record (referral data) and the people list are not, however often opened.
  for (const path of ["/people", "/people/9"]) {
    await page.goto(path);
    await page.goto(path);
  }
  const kept = () =>
    page.evaluate(async () => {
      const names = await caches.keys();
      const pages = names.find((name) => name.startsWith("turnaround-pages"));
      if (!pages) return [];
      const cache = await caches.open(pages);
      return (await cache.keys()).map((request) => new URL(request.url).pathname);
    });
  expect(await kept()).toEqual(["/"]);

  // The sign-in ends on the server (here: removed from another tab's session store by signing
  // out with a copy of the cookie); the next call the page makes answers 401, and the phone
  // forgets what it kept.
  const cookies = await page.context().cookies();
  const other = await page.context().browser()!.newContext();
  await other.addCookies(cookies);
  const signOut = await other.request.post(new URL("/api/sign_out", page.url()).href, {
    headers: { "sec-fetch-site": "same-origin" },
  });
  expect(signOut.status()).toBe(200);
  await other.close();
  const refused = await page.evaluate(() =>
    fetch("/api/week_programme", { method: "POST", headers: { accept: "application/json" } }).then((r) => r.status),
  );
  expect(refused).toBe(401);
  await expect.poll(kept).toEqual([]);
});
