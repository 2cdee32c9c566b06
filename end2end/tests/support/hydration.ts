import { expect, type Page } from "@playwright/test";

/// Waits until the app's WebAssembly has taken over the page (`src/lib.rs` marks `<html>`).
/// A button the running app draws (an `ActionForm`) pressed before then is sent as a plain form,
/// and what the app would show in the page (an invite link, a QR code) never appears.
export async function hydrated(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
}
