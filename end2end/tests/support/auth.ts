import { createHmac } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";

// The demo programme's accounts (fictional; the server prints the same list at start-up).
export const DEMO_PASSWORD = "turnaround demo day";
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

export type Role = "participant" | "tutor" | "mentor" | "driver" | "coordinator" | "team_leader";

export const demoUsers: Record<Role, string> = {
  participant: "daniel.hughes",
  tutor: "priya.tutor@example.org",
  mentor: "james.mentor@example.org",
  driver: "mick.driver@example.org",
  coordinator: "sarah.coordinator@example.org",
  team_leader: "david.teamleader@example.org",
};

/** Where each role lands after signing in. */
export const homeOf: Record<Role, string> = {
  participant: "/my",
  tutor: "/",
  mentor: "/",
  driver: "/driver",
  coordinator: "/",
  team_leader: "/",
};

/** The code an authenticator app shows now (RFC 6238: SHA-1, 6 digits, 30 s). */
export function totp(secretBase32: string, now = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of secretBase32.replace(/=+$/, "")) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(now / 1000 / 30)));
  const hmac = createHmac("sha1", key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return value.toString().padStart(6, "0");
}

/** Roles the policy requires two-step sign-in of: whoever can read referral data. */
export const twoStepRoles: Role[] = ["coordinator", "team_leader"];

/**
 * A 30-second step whose code this account has not used yet on this run's server. A code works
 * once, and the server refuses a step at or before the last one it accepted; the tests run in
 * several worker processes, so the steps are claimed in a file beside the run's database, under a
 * lock (a directory: creating one is atomic). The server also accepts the next step's code (one
 * step of clock drift), so two sign-ins a step go through without waiting; a third waits.
 */
async function claimStep(username: string): Promise<number> {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const dir = path.resolve(__dirname, `../../../target/e2e-${port}/two-step-claims`);
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, `${username}.lock`);
  const last = path.join(dir, `${username}.step`);
  for (;;) {
    try {
      fs.mkdirSync(lock);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      const now = Math.floor(Date.now() / 30_000);
      const used = fs.existsSync(last) ? Number(fs.readFileSync(last, "utf8")) : -1;
      const next = Math.max(now, used + 1);
      if (next <= now + 1) {
        fs.writeFileSync(last, String(next));
        return next;
      }
    } finally {
      fs.rmdirSync(lock);
    }
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 200));
  }
}

type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;

/**
 * The sessions this worker has signed in for two-step accounts, reused by the next test that
 * signs in as the same person: each new sign-in needs a code nobody has used, at most two per
 * 30 seconds, so without this a run of coordinator tests queues for codes. A session that has
 * ended (a test signed out) is noticed and replaced by a real sign-in. `fresh` always signs in
 * through the form (the sign-in tests themselves).
 */
const twoStepSessions = new Map<string, Cookies>();

/** Signs in through the sign-in page, as a person does (with or without JavaScript). */
export async function signIn(
  page: Page,
  role: Role,
  username = demoUsers[role],
  options: { fresh?: boolean } = {},
) {
  const saved = twoStepRoles.includes(role) && !options.fresh ? twoStepSessions.get(username) : undefined;
  if (saved) {
    await page.context().addCookies(saved);
    await page.goto(homeOf[role]);
    const stillSignedIn = new URL(page.url()).pathname === homeOf[role];
    if (stillSignedIn && (await page.getByRole("button", { name: /Sign out/ }).count()) > 0) return;
    twoStepSessions.delete(username);
    await page.context().clearCookies();
  }
  await page.goto("/sign-in");
  const fill = async () => {
    await page.getByLabel("Your sign-in name").fill(username);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
  };
  await fill();
  await page.getByRole("button", { name: "Sign in" }).click();
  if (twoStepRoles.includes(role)) {
    const code = page.getByLabel(/6-digit code/);
    await expect(code).toBeVisible();
    // Without JavaScript the page comes back empty apart from the code field.
    if ((await page.getByLabel("Password").inputValue()) === "") await fill();
    const step = await claimStep(username);
    await code.fill(totp(DEMO_TOTP_SECRET, step * 30_000));
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page).toHaveURL(homeOf[role]);
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
  if (twoStepRoles.includes(role)) twoStepSessions.set(username, await page.context().cookies());
}
