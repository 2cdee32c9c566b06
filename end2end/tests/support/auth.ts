import { createHmac } from "node:crypto";
import { expect, type Page } from "@playwright/test";

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
  driver: "/",
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

/** Signs in through the sign-in page, as a person does (with or without JavaScript). */
export async function signIn(page: Page, role: Role, username = demoUsers[role]) {
  await page.goto("/sign-in");
  const fill = async () => {
    await page.getByLabel("Your sign-in name").fill(username);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
  };
  await fill();
  await page.getByRole("button", { name: "Sign in" }).click();
  if (twoStepRoles.includes(role)) {
    // A code works once, and other tests sign in as the same person: when this 30-second
    // step's code has been used, try the next step's (the server allows a step of clock
    // drift), and when that has been used too, wait for a fresh one, as a person would.
    for (let attempt = 0; attempt < 6; attempt++) {
      const code = page.getByLabel(/6-digit code/);
      await expect(code).toBeVisible();
      // Without JavaScript the page comes back empty apart from the code field.
      if ((await page.getByLabel("Password").inputValue()) === "") await fill();
      const ahead = attempt % 2 === 1 ? 30_000 : 0;
      await code.fill(totp(DEMO_TOTP_SECRET, Date.now() + ahead));
      await page.getByRole("button", { name: "Sign in" }).click();
      const used = page.getByRole("alert").filter({ hasText: "already been used" });
      const outcome = await Promise.race([
        page.waitForURL(homeOf[role], { timeout: 15_000 }).then(() => "in"),
        used.waitFor({ timeout: 15_000 }).then(() => "used"),
      ]);
      if (outcome === "in") break;
      if (ahead) await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
    }
  }
  await expect(page).toHaveURL(homeOf[role]);
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
}
