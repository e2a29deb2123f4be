import type { Page } from "@playwright/test";
import { expect, test } from "../accounts.ts";
import { readLatestEmail, signIn, uniqueEmail } from "./helpers.ts";

/** A fresh account made through the pages: sign up, confirm from the mailbox, sign in. */
async function signUpAndConfirm(page: Page, name: string, email: string, password: string) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  const link = (await readLatestEmail(page, email)).match(/https?:\/\/\S+verify-email\?token=\S+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(page.getByText("Your email is confirmed")).toBeVisible();
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: `Hello, ${name}` })).toBeVisible();
}

test("a new person redeems WELCOME50 once and sees their balance go up by 50", async ({ page }, testInfo) => {
  const email = uniqueEmail("voucher");
  await signUpAndConfirm(page, "Vera Voucher", email, "correct horse battery");
  const balance = page.getByTestId("token-balance");
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  const before = Number(await balance.textContent());

  await page.getByRole("link", { name: "Redeem a voucher" }).click();
  await expect(page.getByRole("heading", { name: "Vouchers", exact: true })).toBeVisible();
  await expect(page.getByText("You can try 5 codes every hour.")).toBeVisible();
  await page.getByLabel("Voucher code").fill(" welcome50 ");
  await page.getByRole("button", { name: "Redeem" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Voucher WELCOME50 redeemed" })).toHaveText(
    `Voucher WELCOME50 redeemed: 50 tokens added. Your balance is now ${before + 50} tokens.`,
  );
  await expect(balance).toHaveText(String(before + 50));
  await expect(page.getByTestId("redemption-list")).toContainText("WELCOME50");
  await expect(page.getByLabel("Voucher code")).toHaveValue("");
  await page.screenshot({ path: testInfo.outputPath("vouchers.png"), fullPage: true });

  // The same code again is refused with the reason, and the balance stays.
  await page.getByLabel("Voucher code").fill("WELCOME50");
  await page.getByRole("button", { name: "Redeem" }).click();
  await expect(page.getByRole("alert")).toHaveText("You have already redeemed this voucher. Each voucher can be used once per account.");
  await expect(balance).toHaveText(String(before + 50));

  // A mistyped code says so, and the keyboard alone can submit the form.
  await page.getByLabel("Voucher code").fill("WELCOME5O");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("alert")).toHaveText("We don't recognise that code. Check the spelling and try again.");
});

test("an admin creates a voucher, sees its uses and deactivates it", async ({ page, admin }, testInfo) => {
  const code = `E2E-${Date.now()}`;
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Vouchers" }).click();
  await expect(page.getByRole("heading", { name: "New voucher" })).toBeVisible();
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();

  // A trial without a plan is explained next to the field.
  await page.getByLabel("Code").fill(code.toLowerCase());
  await page.getByLabel("Gives").selectOption("SUBSCRIPTION_TRIAL");
  await page.getByLabel("Value").fill("14");
  await page.getByRole("button", { name: "Create voucher" }).click();
  await expect(page.getByText("Choose the plan the trial gives")).toBeVisible();

  await page.getByLabel("Plan (subscription trials only)").selectOption("plan_creator");
  await page.getByLabel("Maximum uses").fill("3");
  await page.getByRole("button", { name: "Create voucher" }).click();
  await expect(page.getByRole("status").filter({ hasText: "created" })).toHaveText(`Voucher ${code} created.`);
  const row = page.getByTestId(`voucher-row-${code}`);
  await expect(row).toContainText("a 14-day Creator trial");
  await expect(row).toContainText("0 / 3");
  await expect(row).toContainText("ACTIVE");
  await page.screenshot({ path: testInfo.outputPath("admin-vouchers.png"), fullPage: true });

  await row.getByRole("button", { name: `Deactivate ${code}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "deactivated" })).toHaveText(`Voucher ${code} deactivated: it can no longer be redeemed.`);
  await expect(row).toContainText("INACTIVE");

  await row.getByRole("link", { name: `Edit ${code}` }).click();
  await expect(page.getByRole("heading", { name: `Edit ${code}` })).toBeVisible();
  await expect(page.getByLabel("Maximum uses")).toHaveValue("3");
  await page.getByLabel("Maximum uses").fill("5");
  await page.getByLabel("Status").selectOption("ACTIVE");
  await page.getByRole("button", { name: "Save voucher" }).click();
  await expect(page.getByRole("status").filter({ hasText: "saved" })).toHaveText(`Voucher ${code} saved.`);
  await expect(page.getByTestId(`voucher-row-${code}`)).toContainText("0 / 5");

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("audit-list")).toContainText("VOUCHER_CREATE");
});
