/**
 * Payments in the browser with the built-in payment emulator (no Stripe keys): buying a token pack
 * with a good card and a declined one, and subscribing to a plan. Each test signs up a fresh user.
 */
import { expect, test, type Page } from "@playwright/test";
import { readLatestEmail, signIn, uniqueEmail } from "./helpers.ts";

const PASSWORD = "correct horse battery";

/** Signs up through the UI, confirms the email from the development mailbox, and signs in. */
async function freshUser(page: Page, name: string) {
  const email = uniqueEmail(name.toLowerCase().replace(/\W+/g, "-"));
  await page.goto("/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  const body = await readLatestEmail(page, email);
  const link = new URL(body.match(/https?:\/\/\S+verify-email\?token=\S+/)![0]);
  await page.goto(link.pathname + link.search);
  await signIn(page, email, PASSWORD);
  await expect(page.getByTestId("token-balance")).toHaveText("10");
  return email;
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill("Pat Payer");
}

test("buying a token pack with the test card adds its tokens to the balance", async ({ page }, testInfo) => {
  const email = await freshUser(page, "Pat Payer");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pricing" }).click();
  await expect(page.getByRole("heading", { name: "Pricing" })).toBeVisible();
  await expect(page.getByTestId("cost-TIER_4K")).toContainText("10");
  await page.screenshot({ path: testInfo.outputPath("pricing.png"), fullPage: true });

  await page.getByTestId("pack-pack_starter").getByRole("button", { name: /^Buy Starter/ }).click();
  await expect(page).toHaveURL(/\/pay\/checkout\/cs_local_/);
  await expect(page.getByTestId("checkout-amount")).toHaveText("£2.99");
  await expect(page.getByText(`Paying as ${email}`)).toBeVisible();
  // A half-typed card is caught in the page, field by field; fixing it lets the payment through.
  await page.getByLabel("Card number").fill("4242 4242");
  await page.getByRole("button", { name: "Pay £2.99" }).click();
  await expect(page.getByText("Your card number is incomplete.")).toBeVisible();
  await expect(page.getByText("Enter the name on the card.")).toBeVisible();
  await fillCard(page, "4242 4242 4242 4242");
  await expect(page.getByText("Your card number is incomplete.")).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("hosted-checkout.png"), fullPage: true });
  await page.getByRole("button", { name: "Pay £2.99" }).click();

  await expect(page).toHaveURL(/\/checkout\/success\?payment=/);
  await expect(page.getByRole("heading", { name: "Payment received" })).toBeVisible();
  await expect(page.getByTestId("token-balance")).toHaveText("20");
  await expect(page.getByTestId("purchase-result")).toContainText("10 tokens from the Starter pack (£2.99) were added");

  await page.getByRole("link", { name: "Billing and receipts" }).click();
  await expect(page.getByTestId("payment-history")).toContainText("Starter token pack (10 tokens)");
  await expect(page.getByTestId("payment-history")).toContainText("Paid");
  const receipt = await readLatestEmail(page, email);
  expect(receipt).toContain("Item: Starter token pack");
  expect(receipt).toContain("Amount paid: £2.99");
});

test("a declined card shows Stripe's message and leaves the balance alone", async ({ page }) => {
  await freshUser(page, "Dee Clined");
  await page.goto("/pricing");
  await page.getByTestId("pack-pack_basic").getByRole("button", { name: /^Buy Basic/ }).click();
  await expect(page).toHaveURL(/\/pay\/checkout\/cs_local_/);

  // The card form works from the keyboard alone.
  await page.getByLabel("Card number").focus();
  await page.keyboard.type("4000 0000 0000 0002");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Expiry date (MM / YY)")).toBeFocused();
  await page.keyboard.type("12 / 34");
  await page.keyboard.press("Tab");
  await page.keyboard.type("123");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Dee Clined");
  await page.keyboard.press("Enter");

  await expect(page.getByRole("alert")).toHaveText("Your card was declined.");
  await expect(page).toHaveURL(/\/pay\/checkout\/cs_local_/);
  await expect(page.getByTestId("token-balance")).toHaveText("10");
  await page.goto("/account");
  await expect(page.getByTestId("token-balance")).toHaveText("10");
});

test("subscribing to a plan shows it on the billing page, and a renewal applies rollover", async ({ page }, testInfo) => {
  await freshUser(page, "Sam Subscriber");
  await page.goto("/pricing");
  await page.getByTestId("plan-plan_hobby").getByRole("button", { name: /^Subscribe to Hobby/ }).click();
  await expect(page).toHaveURL(/\/pay\/checkout\/cs_local_/);
  await expect(page.getByTestId("checkout-amount")).toContainText("£4.99");
  await fillCard(page, "4242 4242 4242 4242");
  await page.getByRole("button", { name: "Subscribe £4.99" }).click();

  await expect(page.getByRole("heading", { name: "Your subscription is active" })).toBeVisible();
  await expect(page.getByTestId("token-balance")).toHaveText("40");
  await page.getByRole("link", { name: "Manage your subscription" }).click();

  const plan = page.getByTestId("current-plan");
  await expect(plan).toContainText("Hobby");
  await expect(plan).toContainText("Active");
  await expect(plan).toContainText("Renews on");
  await expect(page.getByTestId("payment-history")).toContainText("Hobby plan, first month");
  await page.screenshot({ path: testInfo.outputPath("billing.png"), fullPage: true });

  // The emulator's test tool ends the period: min(40, 30) carried over + 30 new tokens.
  await page.getByRole("button", { name: "Advance to the next period" }).click();
  await expect(page.getByRole("status")).toContainText("A new period started");
  await expect(page.getByTestId("token-balance")).toHaveText("60");

  await page.getByRole("button", { name: "Cancel at the end of this period" }).click();
  await expect(page.getByRole("status")).toContainText("Your subscription will end on");
  await expect(plan).toContainText("Ends on");
});
