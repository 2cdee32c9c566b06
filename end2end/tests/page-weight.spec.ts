import * as fs from "node:fs";
import * as path from "node:path";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoUsers } from "./support/auth";

// What each person's phone downloads: everything that crosses the network on a first visit (the
// page, stylesheet, scripts, WebAssembly, icons, the service worker and whatever it fetches when
// it installs), then on the next visit, when the worker and the browser's cache have the files.
// Measured with the service worker on, as phones run it. A size budget, not a timing: bytes are
// the same on a busy machine. The figures are printed for the README.
//
// Kilobytes are 1000 bytes, as in scripts/size-budget.mjs; sizes are as sent (brotli).

/** A participant's pages carry no WebAssembly (src/ui/plain_pages.rs). */
const PARTICIPANT_FIRST_VISIT_KB = 150;
const PARTICIPANT_NEXT_VISIT_KB = 10;
/** The driver's list carries no WebAssembly either: its tick queue is public/pickup-list.js. */
const DRIVER_FIRST_VISIT_KB = 250;
const DRIVER_NEXT_VISIT_KB = 10;
/** The staff bundle: scripts/size-budget.mjs holds its WebAssembly to 735 KB brotli. */
const STAFF_FIRST_VISIT_KB = 765;
const STAFF_NEXT_VISIT_KB = 10;

type Weighed = { total: number; lines: string[] };

/** Collects what crosses the network in `context` (pages and the service worker) from now. */
function meter(context: BrowserContext) {
  const sizes: Promise<[string, number]>[] = [];
  const listener = (response: import("@playwright/test").Response) => {
    // Answered by the service worker from its own copies: nothing crossed the network (what
    // the worker itself fetched is reported as its own request).
    if (response.fromServiceWorker()) return;
    const request = response.request();
    const who = request.serviceWorker() ? "worker " : "";
    sizes.push(
      request
        .sizes()
        .then((s): [string, number] => [who + new URL(response.url()).pathname, s.responseBodySize + s.responseHeadersSize])
        .catch((): [string, number] => [who + new URL(response.url()).pathname, 0]),
    );
  };
  context.on("response", listener);
  return {
    async read(): Promise<Weighed> {
      context.off("response", listener);
      const rows = await Promise.all(sizes);
      const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
      const lines = rows.map(([where, bytes]) => `${where.slice(0, 44).padEnd(44)} ${(bytes / 1000).toFixed(1).padStart(8)} KB`);
      return { total, lines };
    },
  };
}

/** Script errors, failed requests and error answers in `page`, as lines for a failure message. */
function watchForTrouble(page: Page): string[] {
  const lines: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") lines.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => lines.push(`script error: ${error.message}`));
  page.on("requestfailed", (request) => lines.push(`failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on("response", (response) => {
    if (response.status() >= 400) lines.push(`${response.status()}: ${response.url()}`);
  });
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) lines.push(`navigated to ${frame.url()}`);
  });
  return lines;
}

/** Waits until the page has settled: its script running, the worker in charge and done saving. */
async function settled(page: Page, script: "hydrated" | "enhanced") {
  await expect(page.locator("html")).toHaveAttribute(`data-${script}`, "true", { timeout: 30_000 });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // register-sw.js tells the worker which files the page used; wait until it has kept them.
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const names = await caches.keys();
        const assets = names.find((name) => name.startsWith("turnaround-assets-"));
        if (!assets) return false;
        const kept = await (await caches.open(assets)).keys();
        return kept.some((request) => new URL(request.url).pathname.endsWith(".css"));
      }),
    )
    .toBe(true);
  await page.waitForLoadState("networkidle");
}

/** The release's WebAssembly file, by its content-hashed name (staff pages load it). */
function wasmPath(): string {
  const pkg = path.resolve(__dirname, "../..", process.env.E2E_SITE_ROOT ?? "target/site", "pkg");
  const name = fs.readdirSync(pkg).find((file) => /^turnaround\.[A-Za-z0-9_-]{22}\.wasm$/.test(file));
  expect(name, `a content-named .wasm in ${pkg}`).toBeTruthy();
  return `/pkg/${name}`;
}

/** The server compresses the bundle at the best level in the background after it starts (the
 * wasm takes it several seconds); measure what phones get from then on. */
async function bundleCompressed(browser: Browser) {
  const context = await browser.newContext();
  const wasm = wasmPath();
  await expect
    .poll(
      async () => {
        const head = await context.request.head(wasm, { headers: { "Accept-Encoding": "br" } });
        return head.headers()["content-encoding"] === "br" && head.headers()["content-length"] !== undefined;
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toBe(true);
  await context.close();
}

/** A fresh browser (nothing cached) with `username` signed in: signing in is not the visit measured. */
async function signedInPhone(browser: Browser, baseURL: string, username: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, serviceWorkers: "allow" });
  const signedIn = await context.request.post("/api/sign_in", {
    form: { username, password: DEMO_PASSWORD },
    headers: { Origin: baseURL, Accept: "application/json" },
  });
  expect(signedIn.status()).toBe(200);
  return context;
}

/**
 * A fresh phone with `username` signed in opens `path` (first visit), then opens it again (next
 * visit); each is weighed against its budget. A page without the app's WebAssembly (`enhanced`)
 * must not fetch any, not even through the service worker.
 */
async function visits(
  browser: Browser,
  baseURL: string,
  visit: {
    who: string;
    username: string;
    path: string;
    heading: string;
    script: "hydrated" | "enhanced";
    budgets: [number, number];
    viewport?: { width: number; height: number };
  },
) {
  await bundleCompressed(browser);
  const context = await signedInPhone(browser, baseURL, visit.username, visit.viewport ?? { width: 360, height: 740 });
  const page = await context.newPage();
  const troubles = watchForTrouble(page);
  for (const [which, budget] of [
    ["first", visit.budgets[0]],
    ["next", visit.budgets[1]],
  ] as const) {
    const weighed = meter(context);
    await page.goto(visit.path);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(visit.heading);
    await settled(page, visit.script).catch((error: Error) => {
      // Say what went wrong in the page, not only that its script never said it was running.
      throw new Error(`${which} visit: ${error.message}\nIn the page:\n  ${troubles.join("\n  ") || "nothing reported"}`);
    });
    const read = await weighed.read();
    if (visit.script === "enhanced") expect(read.lines.filter((line) => line.includes(".wasm"))).toEqual([]);
    report(`${visit.who}, ${which} visit to ${visit.path}`, read, budget);
  }
  await context.close();
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

function report(title: string, weighed: Weighed, budget: number) {
  console.log(
    [`${title}: ${kb(weighed.total)} KB over the network (budget ${budget} KB)`, ...weighed.lines.map((l) => `  ${l}`)].join(
      "\n",
    ),
  );
  expect(weighed.total / 1000, title).toBeLessThanOrEqual(budget);
}

test.describe("what a phone downloads", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the scripts are only fetched with JavaScript on");
  test.use({ viewport: { width: 360, height: 740 }, serviceWorkers: "allow" });

  test("a participant: sign-in then My activities, first visit and next", async ({ browser }) => {
    await bundleCompressed(browser);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "allow" });
    const page = await context.newPage();

    const first = meter(context);
    await page.goto("/sign-in");
    await settled(page, "enhanced");
    await page.getByLabel("Your sign-in name").fill(demoUsers.participant);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL("/my");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My activities");
    await settled(page, "enhanced");
    // Nothing of the staff app came down, not even through the service worker.
    const firstVisit = await first.read();
    expect(firstVisit.lines.filter((line) => line.includes(".wasm"))).toEqual([]);
    report("Participant, first visit (/sign-in, then /my)", firstVisit, PARTICIPANT_FIRST_VISIT_KB);

    const next = meter(context);
    await page.goto("/my");
    await settled(page, "enhanced");
    report("Participant, next visit to /my", await next.read(), PARTICIPANT_NEXT_VISIT_KB);

    await context.close();
  });

  test("a participant's calendar page, first visit and next", async ({ browser, baseURL }) => {
    await visits(browser, baseURL!, {
      who: "Participant",
      username: demoUsers.participant,
      path: "/calendar",
      heading: "Add to your phone's calendar",
      script: "enhanced",
      budgets: [PARTICIPANT_FIRST_VISIT_KB, PARTICIPANT_NEXT_VISIT_KB],
    });
  });

  test("a driver's pick-up list, first visit and next", async ({ browser, baseURL }) => {
    await visits(browser, baseURL!, {
      who: "Driver",
      username: demoUsers.driver,
      path: "/driver",
      heading: "Your pick-up list",
      script: "enhanced",
      budgets: [DRIVER_FIRST_VISIT_KB, DRIVER_NEXT_VISIT_KB],
    });
  });

  test("a driver's expenses (a receipt photo from the phone), first visit and next", async ({ browser, baseURL }) => {
    await visits(browser, baseURL!, {
      who: "Driver",
      username: demoUsers.driver,
      path: "/claims",
      heading: "My expenses",
      script: "enhanced",
      budgets: [DRIVER_FIRST_VISIT_KB, DRIVER_NEXT_VISIT_KB],
    });
  });

  test("a tutor's week, first visit and next", async ({ browser, baseURL }) => {
    await visits(browser, baseURL!, {
      who: "Tutor",
      username: demoUsers.tutor,
      path: "/",
      heading: "This week",
      script: "hydrated",
      budgets: [STAFF_FIRST_VISIT_KB, STAFF_NEXT_VISIT_KB],
      viewport: { width: 1280, height: 900 },
    });
  });
});
