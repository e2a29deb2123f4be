import { expect, test } from "../accounts.ts";
import { readLatestEmail, signIn, uniqueEmail } from "./helpers.ts";

test("a friend signs up through a user's link and both get 50 tokens", async ({ page, browser, user }, testInfo) => {
  // The user finds their link on the referrals page.
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: `Hello, ${user.name}` })).toBeVisible();
  await page.getByRole("link", { name: "Invite friends, earn tokens" }).click();
  await expect(page.getByRole("heading", { name: "Invite friends" })).toBeVisible();
  const link = await page.getByLabel("Your referral link").inputValue();
  const code = link.match(/\/r\/([A-Z2-9]{8})$/)?.[1];
  expect(code).toBeTruthy();
  const earnedBefore = Number(await page.getByTestId("referral-tokens").textContent());

  // The friend, in their own browser on another network (a sign-up from the user's own
  // address would earn nothing), opens the link and signs up.
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.50" } });
  const friend = await context.newPage();
  const email = uniqueEmail("quinn");
  const password = "a friend's long password";
  await friend.goto(`/r/${code}`);
  await expect(friend).toHaveURL(/\/signup$/);
  await expect(friend.getByText(`${user.name} invited you`)).toBeVisible();
  await friend.screenshot({ path: testInfo.outputPath("signup-invited.png"), fullPage: true });
  await friend.getByLabel("Name").fill("Quinn Friend");
  await friend.getByLabel("Email", { exact: true }).fill(email);
  await friend.getByLabel("Password").fill(password);
  await friend.getByRole("button", { name: "Create account" }).click();
  await expect(friend.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  const confirm = (await readLatestEmail(friend, email)).match(/https?:\/\/\S+verify-email\?token=\S+/)?.[0];
  expect(confirm).toBeTruthy();
  await friend.goto(new URL(confirm!).pathname + new URL(confirm!).search);
  await expect(friend.getByText("Your email is confirmed")).toBeVisible();
  await signIn(friend, email, password);
  await expect(friend.getByRole("heading", { name: "Hello, Quinn Friend" })).toBeVisible();
  await expect(friend.getByTestId("token-balance")).toHaveText("60");
  await context.close();

  // The user sees the completed referral and 50 more tokens earned.
  await page.reload();
  const row = page.getByTestId("referral-list").getByRole("row").filter({ hasText: "q***@example.com" }).first();
  await expect(row).toContainText("COMPLETED");
  await expect(row).toContainText("+50");
  await expect(page.getByTestId("referral-tokens")).toHaveText(String(earnedBefore + 50));
  await page.screenshot({ path: testInfo.outputPath("referrals.png"), fullPage: true });

  // The copy button puts the link on the clipboard.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy link" }).click();
  await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
});
