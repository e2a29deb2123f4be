import { expect, test } from "../accounts.ts";
import { readLatestEmail, signIn, uniqueEmail } from "./helpers.ts";

test("an admin promotes a user and sees the change in the audit log", async ({ page, browser, admin }) => {
  // A fresh account to promote, created the way a person would.
  const email = uniqueEmail("promoted");
  const visitor = await browser.newPage();
  await visitor.goto("/signup");
  await visitor.getByLabel("Name").fill("Pat Promoted");
  await visitor.getByLabel("Email", { exact: true }).fill(email);
  await visitor.getByLabel("Password").fill("a good long password");
  await visitor.getByRole("button", { name: "Create account" }).click();
  await expect(visitor.getByRole("heading", { name: "Check your inbox" })).toBeVisible();
  await visitor.close();

  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByLabel("Search users by email, name or id").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toContainText("USER");
  await row.getByLabel(`Role for ${email}`).selectOption("ADMIN");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Role changed to ADMIN.");
  await expect(page.getByTestId(`user-row-${email}`)).toContainText("ADMIN");

  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("audit-list").getByRole("listitem").first()).toContainText(`${email}: USER → ADMIN`);
  await expect(page.getByTestId("audit-list").getByRole("listitem").first()).toContainText(`by ${admin.email}`);
  // The mailbox is part of the dev tools the admin sees too; the promoted user got their confirmation email.
  expect(await readLatestEmail(page, email)).toContain("verify-email?token=");
});

test("people without the admin role get a friendly 403", async ({ page, user }) => {
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You can't open this page" })).toBeVisible();
});

test("an uncaught error in a visitor's browser shows up in the admin error log", async ({ page, browser, admin }) => {
  const marker = `Broken widget ${Date.now()}`;
  const visitor = await browser.newPage();
  await visitor.goto("/");
  await expect(visitor.locator("html[data-hydrated=true]")).toBeAttached();
  const reported = visitor.waitForResponse((response) => response.url().endsWith("/api/v1/client-errors") && response.status() === 201);
  await visitor.evaluate((message) => {
    setTimeout(() => {
      throw new Error(message);
    });
  }, marker);
  await reported;
  await visitor.close();

  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.goto("/admin/errors?env=FRONTEND");
  await expect(page.getByText(marker)).toBeVisible();
});
