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

/** Signs in through the sign-in page, as a person does (with or without JavaScript). */
export async function signIn(page: Page, role: Role, username = demoUsers[role]) {
  await page.goto("/sign-in");
  const fill = async () => {
    await page.getByLabel("Your sign-in name").fill(username);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
  };
  await fill();
  await page.getByRole("button", { name: "Sign in" }).click();
  if (role === "coordinator") {
    const code = page.getByLabel(/6-digit code/);
    await expect(code).toBeVisible();
    // Without JavaScript the page comes back empty apart from the code field.
    if ((await page.getByLabel("Password").inputValue()) === "") await fill();
    await code.fill(totp(DEMO_TOTP_SECRET));
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page).toHaveURL(homeOf[role]);
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();
}
