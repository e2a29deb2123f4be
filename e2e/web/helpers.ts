/** Shared steps for the web browser tests. */
import { expect, type Page } from "@playwright/test";

export const DEMO_ADMIN = { email: "admin@spike.land", password: "spike-admin-2026" };
export const DEMO_USER = { email: "demo@spike.land", password: "spike-demo-2026", name: "Demo User" };

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens the newest email to `to` in the development mailbox and returns its plain-text body. */
export async function readLatestEmail(page: Page, to: string): Promise<string> {
  await page.goto("/dev/mailbox");
  const message = page.getByRole("link", { name: new RegExp(`to ${to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).first();
  await expect(message).toBeVisible();
  await message.click();
  await page.getByText("Plain text version").click();
  return (await page.getByTestId("email-text").textContent()) ?? "";
}
