/** Shared steps for the web browser tests. */
import { expect, type Page } from "@playwright/test";

export { uniqueEmail } from "../accounts.ts";

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
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
