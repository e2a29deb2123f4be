import path from "node:path";
import { expect, test } from "../accounts.ts";
import { readLatestEmail, signIn, uniqueEmail } from "./helpers.ts";

test("a new person signs up, confirms their email, signs in, edits their profile and signs out", async ({ page }, testInfo) => {
  const email = uniqueEmail("newcomer");
  const password = "correct horse battery";

  await page.goto("/");
  await page.getByRole("link", { name: /Start free/ }).click();
  await page.getByLabel("Name").fill("Nora Newcomer");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  // Signing in before confirming is refused with a clear reason.
  await signIn(page, email, password);
  await expect(page.getByRole("alert")).toContainText("Confirm your email address first");

  const body = await readLatestEmail(page, email);
  const link = body.match(/https?:\/\/\S+verify-email\?token=\S+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(page.getByText("Your email is confirmed")).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Hello, Nora Newcomer" })).toBeVisible();
  await expect(page.getByTestId("token-balance")).toHaveText("10");

  // The balance in the header opens the token history, which explains it.
  await page.getByRole("link", { name: "Token balance: 10 tokens" }).click();
  await expect(page.getByRole("heading", { name: "Tokens", level: 1 })).toBeVisible();
  await expect(page.getByTestId("ledger").getByRole("row").nth(1)).toContainText("Welcome tokens");
  await expect(page.getByTestId("ledger").getByRole("row").nth(1)).toContainText("+10");
  await expect(page.getByTestId("next-token")).toContainText("capacity of 10");

  await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Name").fill("Nora Renamed");
  await page.getByLabel(/Avatar image/).setInputFiles(path.join(import.meta.dirname, "fixtures", "avatar.png"));
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Your profile is saved.")).toBeVisible();
  await expect(page.getByTestId("header-user")).toHaveText("Nora Renamed");
  await expect(page.getByRole("img", { name: "Your avatar" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("settings.png"), fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount/);
});

test("a wrong password is refused with the same message as an unknown email", async ({ page, user }) => {
  await signIn(page, user.email, "not-the-password");
  const alert = page.getByRole("alert");
  await expect(alert).toHaveText("That email and password don't match an account. Check them and try again.");
  await signIn(page, uniqueEmail("nobody"), "not-the-password");
  await expect(page.getByRole("alert")).toHaveText("That email and password don't match an account. Check them and try again.");
  await expect(page).toHaveURL(/\/login/);
});

test("signing in works from the keyboard alone, and the skip link leads to the content", async ({ page, user }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.getByLabel("Email", { exact: true }).focus();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
});
