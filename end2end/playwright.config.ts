import { defineConfig } from "@playwright/test";

// The suite runs against the release build (`cargo leptos build --release`), started here on a
// fresh demo database, in Debian's Chromium (Playwright cannot download its own browser here).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = `target/e2e-${port}`;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // A two-step code works once: a test signing in as the coordinator just after another may
  // wait up to 30 s for a fresh code (see support/auth.ts).
  timeout: 90_000,
  workers: process.env.CI ? 2 : undefined,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // The service worker answers from its saved copies when the server is slow (4 s); on a busy
    // test machine that would show a stale page. offline.spec.ts turns it on to test exactly that.
    serviceWorkers: "block",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // The hydrated app, as almost everyone uses it.
    { name: "js", use: { javaScriptEnabled: true } },
    // The server-rendered pages must stand alone: old phones, blocked scripts, slow networks.
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    cwd: "..",
    // One database folder per port, so two suites on one machine never share (or delete) it.
    // E2E_BINARY and E2E_SITE_ROOT point a run at a copied build instead of the latest one.
    command: `rm -rf ${dataDir} && mkdir -p ${dataDir} && ${process.env.E2E_BINARY ?? "./target/release/turnaround"}`,
    env: {
      // E2E_DATABASE_URL runs the suite against another database (the test command gives it a
      // fresh, empty PostgreSQL database); by default a fresh SQLite file.
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? `sqlite://${dataDir}/turnaround.db`,
      TURNAROUND_DEMO_DATA: "1",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.E2E_SITE_ROOT ?? "target/site",
      RUST_LOG: "warn",
      // calendar-feed.spec.ts plans sessions around the next spring clock change, which can be
      // most of a year away; the feeds' usual reach is 90 days.
      TURNAROUND_CALENDAR_DAYS_AHEAD: "400",
    },
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
