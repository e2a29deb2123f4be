/** What a new user meets: the landing page's claims, and where to find print orders (header, account page, shop). */
import { expect, test } from "../accounts.ts";
import { signIn } from "./helpers.ts";

test("the header, the account page and the shop each lead to the orders", async ({ page, user, admin }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, user.email, user.password);
  await expect(page.getByTestId("header-user")).toBeVisible();

  const main = page.getByRole("navigation", { name: "Main" });
  await main.getByText("More", { exact: true }).click();
  await main.getByRole("link", { name: "Orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
  // Every header link still fits beside the account links at the narrowest full-navigation width.
  const header = await page.locator("header").boundingBox();
  const account = await page.getByRole("navigation", { name: "Account" }).boundingBox();
  const nav = await main.boundingBox();
  expect(header && account && nav).toBeTruthy();
  expect(nav!.x + nav!.width).toBeLessThanOrEqual(account!.x);
  expect(account!.x + account!.width).toBeLessThanOrEqual(header!.x + header!.width);

  // The longest header: an admin's, with the development mailbox.
  await page.context().clearCookies();
  await signIn(page, admin.email, admin.password);
  await expect(page.getByTestId("header-user")).toBeVisible();
  const adminNav = await main.boundingBox();
  const adminAccount = await page.getByRole("navigation", { name: "Account" }).boundingBox();
  expect(adminNav!.x + adminNav!.width).toBeLessThanOrEqual(adminAccount!.x);
  expect(adminAccount!.x + adminAccount!.width).toBeLessThanOrEqual(header!.x + header!.width);
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(1280);
  await main.getByText("More", { exact: true }).click();
  await expect(main.getByRole("link", { name: "Mailbox" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(main.getByRole("link", { name: "Mailbox" })).toBeHidden();

  await page.goto("/account");
  await page.getByRole("link", { name: /Your print orders/ }).click();
  await expect(page).toHaveURL(/\/orders$/);

  await page.goto("/shop");
  await page.getByRole("link", { name: "Your orders" }).click();
  await expect(page).toHaveURL(/\/orders$/);
});

test("the landing page claims for the desktop companion only what it does today", async ({ page }) => {
  await page.goto("/");
  const desktop = page.getByRole("heading", { name: "Desktop companion" }).locator("..");
  await expect(desktop).toContainText("Sign in from your computer and see your token balance");
  const text = (await page.locator("main").textContent()) ?? "";
  expect(text).not.toMatch(/audio|mix audio|cloud desktop|whole folder|bulk/i);
});
