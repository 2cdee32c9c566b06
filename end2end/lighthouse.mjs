// Lighthouse 12 on the pages people open on a phone, in its mobile profile (a mid-range phone's
// screen, simulated slow 4G, 4× CPU slowdown), driving Debian's Chromium. Prints each page's
// scores and fails when one is under its budget: a budget on the score, not a timed test.
//
//   node end2end/lighthouse.mjs --url http://127.0.0.1:PORT [--reports DIR]
//
// The server must hold the demo programme (its accounts sign in here). Run by
// scripts/lighthouse.sh, which starts one.
import * as fs from "node:fs";
import * as path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const DEMO_PASSWORD = "turnaround demo day";

/** The pages, and who is signed in to see them. */
const PAGES = [
  { name: "Sign-in", path: "/sign-in", username: null },
  { name: "My activities (participant)", path: "/my", username: "daniel.hughes" },
  { name: "Pick-up list (driver)", path: "/driver", username: "mick.driver@example.org" },
];

/** What every page must reach (issue 14). */
const BUDGET = {
  performance: 95, // score out of 100
  accessibility: 100,
  totalBlockingTimeMs: 150,
  largestContentfulPaintMs: 1800,
  cumulativeLayoutShift: 0.02,
};

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** The cookie a browser gets from signing in as `username`. */
async function signIn(base, username) {
  const response = await fetch(`${base}/api/sign_in`, {
    method: "POST",
    headers: { origin: base, accept: "application/json", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password: DEMO_PASSWORD }),
  });
  if (!response.ok) throw new Error(`signing in as ${username}: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

async function main() {
  const base = option("--url");
  if (!base) throw new Error("--url is required");
  const reports = option("--reports", null);
  if (reports) fs.mkdirSync(reports, { recursive: true });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
  const failures = [];
  try {
    for (const page of PAGES) {
      const cookie = page.username ? await signIn(base, page.username) : null;
      const result = await lighthouse(
        base + page.path,
        { port: chrome.port, output: "html", logLevel: "error", onlyCategories: ["performance", "accessibility"] },
        { extends: "lighthouse:default", settings: cookie ? { extraHeaders: { Cookie: cookie } } : {} },
      );
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`${page.name}: ${lhr.runtimeError.message}`);
      const figures = {
        performance: Math.round(lhr.categories.performance.score * 100),
        accessibility: Math.round(lhr.categories.accessibility.score * 100),
        totalBlockingTimeMs: Math.round(lhr.audits["total-blocking-time"].numericValue),
        largestContentfulPaintMs: Math.round(lhr.audits["largest-contentful-paint"].numericValue),
        cumulativeLayoutShift: Number(lhr.audits["cumulative-layout-shift"].numericValue.toFixed(3)),
      };
      const under = [
        figures.performance < BUDGET.performance && `performance ${figures.performance} < ${BUDGET.performance}`,
        figures.accessibility < BUDGET.accessibility && `accessibility ${figures.accessibility} < ${BUDGET.accessibility}`,
        figures.totalBlockingTimeMs > BUDGET.totalBlockingTimeMs &&
          `Total Blocking Time ${figures.totalBlockingTimeMs} ms > ${BUDGET.totalBlockingTimeMs} ms`,
        figures.largestContentfulPaintMs > BUDGET.largestContentfulPaintMs &&
          `Largest Contentful Paint ${figures.largestContentfulPaintMs} ms > ${BUDGET.largestContentfulPaintMs} ms`,
        figures.cumulativeLayoutShift > BUDGET.cumulativeLayoutShift &&
          `CLS ${figures.cumulativeLayoutShift} > ${BUDGET.cumulativeLayoutShift}`,
      ].filter(Boolean);
      console.log(
        `${page.name.padEnd(30)} performance ${String(figures.performance).padStart(3)}  accessibility ${String(
          figures.accessibility,
        ).padStart(3)}  TBT ${String(figures.totalBlockingTimeMs).padStart(5)} ms  LCP ${String(
          figures.largestContentfulPaintMs,
        ).padStart(5)} ms  CLS ${figures.cumulativeLayoutShift}${under.length ? "  UNDER BUDGET" : ""}`,
      );
      for (const audit of Object.values(lhr.audits)) {
        // Name what costs an accessibility point, so a failure says what to fix.
        if (audit.score === 0 && lhr.categories.accessibility.auditRefs.some((ref) => ref.id === audit.id)) {
          console.log(`    accessibility: ${audit.title}`);
        }
      }
      failures.push(...under.map((what) => `${page.name}: ${what}`));
      if (reports) {
        const file = path.join(reports, `${page.path.replace(/\W+/g, "-").replace(/^-|-$/g, "") || "home"}.html`);
        fs.writeFileSync(file, result.report);
      }
    }
  } finally {
    await chrome.kill();
  }
  if (failures.length) {
    console.error(`\nUnder budget:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
