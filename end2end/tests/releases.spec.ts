import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { weekdayAhead } from "./pages/week-page";
import { DEMO_PASSWORD, demoUsers, signIn } from "./support/auth";
import { hydrated } from "./support/hydration";

// The app's code as phones get it: named by its content, so a release never mixes with the one
// before; and when it cannot be downloaded at all (a flaky signal), every page still works as the
// server-rendered form it is, with no dead buttons.

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "about the app's code, which needs JavaScript");

const ROOT = path.resolve(__dirname, "../..");

/** Every button on the page's main part sends a form: without the app's code none is dead. */
async function expectNoDeadButtons(page: Page) {
  const dead = await page.evaluate(() =>
    Array.from(document.querySelectorAll("main button"))
      .filter((button) => (button as HTMLButtonElement).form === null)
      .map((button) => button.textContent?.trim() ?? "(a button)"),
  );
  expect(dead, "buttons that need the app's code").toEqual([]);
}

test("if the list's script cannot be downloaded, the driver's ticks go as plain forms", async ({ page }) => {
  await signIn(page, "driver");
  // The signal drops just as the scripts would come: their requests fail.
  await page.route(/\/(plain-page|pickup-list)\.js(\?.*)?$/, (route) => route.abort("internetdisconnected"));
  const date = weekdayAhead(8);
  await page.goto(`/driver?date=${date}`);
  await expect(page.getByRole("heading", { name: "Your pick-up list", level: 1 })).toBeVisible();
  await expect(page.locator("html")).not.toHaveAttribute("data-enhanced", "true");
  await expectNoDeadButtons(page);
  // A tick still reaches the server, as a plain form, and the list says so.
  const passenger = page.locator("section.driver-run").first().locator("li.passenger").first();
  await expect(passenger).toBeVisible();
  const name = (await passenger.locator(".passenger-name strong").innerText()).trim();
  await passenger.getByRole("button", { name: "Boarded" }).click();
  const after = page.locator("section.driver-run").first().locator("li.passenger").filter({ hasText: name }).first();
  await expect(after.locator(".tick-status")).toHaveText("Boarded");
});

test("if the app's code cannot be downloaded, a tutor's week and planner have no dead buttons", async ({ page }) => {
  await signIn(page, "tutor");
  await page.route(/\/pkg\/.*\.(wasm|js)$/, (route) => route.abort("internetdisconnected"));
  for (const address of ["/", "/plan", "/sessions", "/activities"]) {
    await page.goto(address);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoDeadButtons(page);
  }
});

/** cargo-leptos's name for a file: its MD5 in unpadded URL-safe base64. */
function contentHash(data: Buffer): string {
  return createHash("md5").update(data).digest("base64url");
}

/** A wasm custom section (id 0) named `name`: any module may carry one; it changes the bytes. */
function customSection(name: string): Buffer {
  const leb = (n: number) => {
    const bytes: number[] = [];
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n !== 0) byte |= 0x80;
      bytes.push(byte);
    } while (n !== 0);
    return Buffer.from(bytes);
  };
  const nameBytes = Buffer.from(name);
  const body = Buffer.concat([leb(nameBytes.length), nameBytes]);
  return Buffer.concat([Buffer.from([0]), leb(body.length), body]);
}

/**
 * A copy of the release (binary, hash file, site) in a folder of its own, and a way to "release"
 * a second build into it: new bytes for the script and the WebAssembly, under their new names,
 * with the hash file beside the binary naming them, as `cargo leptos build` leaves it.
 */
function copyOfRelease(dir: string) {
  const binary = path.join(dir, "turnaround");
  fs.copyFileSync(path.join(ROOT, "target/release/turnaround"), binary);
  fs.chmodSync(binary, 0o755);
  fs.copyFileSync(path.join(ROOT, "target/release/hash.txt"), path.join(dir, "hash.txt"));
  // Not the compressed copies: the running test server may be writing them right now.
  fs.cpSync(path.join(ROOT, process.env.E2E_SITE_ROOT ?? "target/site"), path.join(dir, "site"), {
    recursive: true,
    filter: (source) => !/\.(br|gz)$/.test(source),
  });
  const pkg = path.join(dir, "site/pkg");
  const hashes = () =>
    Object.fromEntries(
      fs
        .readFileSync(path.join(dir, "hash.txt"), "utf8")
        .split("\n")
        .filter((line) => line.includes(":"))
        .map((line) => line.split(":").map((part) => part.trim())),
    ) as Record<string, string>;
  return {
    binary,
    siteRoot: path.join(dir, "site"),
    names: () => ({ js: `/pkg/turnaround.${hashes().js}.js`, wasm: `/pkg/turnaround.${hashes().wasm}.wasm` }),
    releaseSecondBuild() {
      const old = hashes();
      const js = Buffer.concat([
        fs.readFileSync(path.join(pkg, `turnaround.${old.js}.js`)),
        Buffer.from("\nglobalThis.turnaroundBuild = 2;\n"),
      ]);
      const wasm = Buffer.concat([fs.readFileSync(path.join(pkg, `turnaround.${old.wasm}.wasm`)), customSection("build-2")]);
      const next = { ...old, js: contentHash(js), wasm: contentHash(wasm) };
      fs.writeFileSync(path.join(pkg, `turnaround.${next.js}.js`), js);
      fs.writeFileSync(path.join(pkg, `turnaround.${next.wasm}.wasm`), wasm);
      fs.writeFileSync(
        path.join(dir, "hash.txt"),
        Object.entries(next)
          .map(([kind, hash]) => `${kind}: ${hash}\n`)
          .join(""),
      );
    },
  };
}

async function startServer(binary: string, siteRoot: string, dir: string, port: number): Promise<ChildProcess> {
  const server = spawn(binary, [], {
    cwd: dir,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${path.join(dir, "turnaround.db")}`,
      TURNAROUND_DEMO_DATA: "1",
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      RUST_LOG: "warn",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  await expect
    .poll(() => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false), { timeout: 60_000 })
    .toBe(true);
  return server;
}

/** The app's script and WebAssembly files this page has loaded. */
async function bundleLoaded(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((entry) => new URL(entry.name).pathname)
      .filter((name) => /^\/pkg\/turnaround\..*\.(js|wasm)$/.test(name)),
  );
}

test("a phone that had the last release gets the new one whole on its next load", async ({ browser }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "turnaround-release-"));
  const release = copyOfRelease(dir);
  const port = Number(process.env.E2E_PORT ?? 3100) + 17;
  const server = await startServer(release.binary, release.siteRoot, dir, port);
  try {
    const baseURL = `http://127.0.0.1:${port}`;
    const context = await browser.newContext({ baseURL, serviceWorkers: "allow", viewport: { width: 360, height: 740 } });
    const signedIn = await context.request.post("/api/sign_in", {
      form: { username: demoUsers.tutor, password: DEMO_PASSWORD },
      headers: { Origin: baseURL, Accept: "application/json" },
    });
    expect(signedIn.status()).toBe(200);
    const page = await context.newPage();
    const first = release.names();
    // The week: a page the app's WebAssembly draws.
    await page.goto("/");
    await hydrated(page);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // Once more with the service worker in charge: the phone now keeps this release's files.
    await page.reload();
    await hydrated(page);
    expect((await bundleLoaded(page)).sort()).toEqual([first.js, first.wasm].sort());

    release.releaseSecondBuild();
    const second = release.names();
    expect(second.js).not.toBe(first.js);
    expect(second.wasm).not.toBe(first.wasm);

    await page.reload();
    await hydrated(page);
    // The new script runs with the new WebAssembly, and nothing of the old release was used.
    expect(await page.evaluate(() => (globalThis as { turnaroundBuild?: number }).turnaroundBuild)).toBe(2);
    expect((await bundleLoaded(page)).sort()).toEqual([second.js, second.wasm].sort());
    // The page works with the new code: the week switcher moves to next week without a load.
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    await page.getByRole("link", { name: "Next week", exact: true }).click();
    await expect(page).toHaveURL(/week=/);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // The worker keeps the new release's files and lets the old ones go.
    await expect
      .poll(() =>
        page.evaluate(async () => {
          const names = await caches.keys();
          const assets = names.find((name) => name.startsWith("turnaround-assets-"));
          const kept = assets ? await (await caches.open(assets)).keys() : [];
          return kept
            .map((request) => new URL(request.url).pathname)
            .filter((name) => /^\/pkg\/turnaround\..*\.(js|wasm)$/.test(name))
            .sort();
        }),
      )
      .toEqual([second.js, second.wasm].sort());
    await context.close();
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
