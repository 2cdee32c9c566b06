import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demoUsers } from "./support/auth";

// What a participant's phone downloads for "My activities": everything on a first visit (page,
// stylesheet, script, WebAssembly), then again on the next visit, when the browser's HTTP cache has
// the bundle (the service worker is blocked here, so every byte is seen on the page's network). A size budget, not a timing: bytes are the same on a busy
// machine. The figures are printed for the README.

// The WebAssembly's own budget (scripts/size-budget.mjs, 600 KB) and 20 KB for the page, its
// script, stylesheet and icon. Kilobytes are 1000 bytes, as in size-budget.mjs.
const FIRST_VISIT_BUDGET_KB = 620;
const NEXT_VISIT_BUDGET_KB = 20;

type Weighed = { total: number; lines: string[] };

/** Loads `path` and adds up the bytes that came over the network (headers and encoded bodies). */
async function weigh(page: Page, load: () => Promise<unknown>): Promise<Weighed> {
  const sizes: Promise<[string, number]>[] = [];
  const listener = (response: import("@playwright/test").Response) => {
    sizes.push(
      response
        .request()
        .sizes()
        .then((s) => [new URL(response.url()).pathname, s.responseBodySize + s.responseHeadersSize]),
    );
  };
  page.on("response", listener);
  await load();
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
  await page.waitForLoadState("networkidle");
  page.off("response", listener);
  const rows = await Promise.all(sizes);
  const total = rows.reduce((sum, [, bytes]) => sum + bytes, 0);
  const lines = rows.map(([path, bytes]) => `${path.padEnd(36)} ${(bytes / 1000).toFixed(1).padStart(8)} KB`);
  return { total, lines };
}

test("a participant's page: what the phone downloads, first visit and next", async ({ browser, javaScriptEnabled, baseURL }) => {
  test.skip(!javaScriptEnabled, "the bundle is only fetched with JavaScript on");
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
  const signIn = await context.request.post("/api/sign_in", {
    form: { username: demoUsers.participant, password: DEMO_PASSWORD },
    headers: { Origin: baseURL!, Accept: "application/json" },
  });
  expect(signIn.status()).toBe(200);
  // The server compresses the bundle at the best level in the background after it starts (the
  // wasm takes it several seconds); measure what phones get from then on. A ready copy is sent
  // with its length, an on-the-fly one without.
  await expect
    .poll(
      async () => {
        const head = await context.request.head("/pkg/turnaround.wasm", { headers: { "Accept-Encoding": "br" } });
        return head.headers()["content-encoding"] === "br" && head.headers()["content-length"] !== undefined;
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toBe(true);
  const page = await context.newPage();

  const first = await weigh(page, () => page.goto("/my"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My activities");
  const next = await weigh(page, () => page.reload());

  const kb = (bytes: number) => (bytes / 1000).toFixed(1);
  console.log(
    [
      `My activities, first visit: ${kb(first.total)} KB over the network (budget ${FIRST_VISIT_BUDGET_KB} KB)`,
      ...first.lines.map((line) => `  ${line}`),
      `My activities, next visit: ${kb(next.total)} KB over the network (budget ${NEXT_VISIT_BUDGET_KB} KB)`,
      ...next.lines.map((line) => `  ${line}`),
    ].join("\n"),
  );
  expect(first.total / 1000).toBeLessThanOrEqual(FIRST_VISIT_BUDGET_KB);
  expect(next.total / 1000).toBeLessThanOrEqual(NEXT_VISIT_BUDGET_KB);
  await context.close();
});
