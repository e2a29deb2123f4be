/**
 * First-party analytics end to end: a visitor accepts the consent banner and arrives from a
 * campaign; an admin connects the built-in ad platform, syncs it, and reads the dashboard with its
 * charts, the visitor's campaign and campaign ROI. The server runs with APP_ENV=development, so its
 * database holds the demo analytics as well.
 */
import { copyFile } from "node:fs/promises";
import type { Page, TestInfo } from "@playwright/test";
import { expect, test, webUrl } from "../accounts.ts";
import { signIn } from "./helpers.ts";

async function fullPageShot(page: Page, testInfo: TestInfo, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.evaluate("window.scrollTo(0, 0)");
  // ResponsiveContainer measures again after the resize.
  await expect(page.locator(".recharts-responsive-container svg.recharts-surface").first()).toBeVisible();
  const file = testInfo.outputPath(name);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
  return file;
}

test("a consenting visitor's campaign shows on the analytics dashboard with campaign ROI", async ({ page, browser, admin }, testInfo) => {
  test.setTimeout(120_000);
  const campaign = `launch_${Date.now().toString(36)}`;

  // A visitor arrives from a campaign: nothing is counted until they accept.
  const visitorContext = await browser.newContext({ baseURL: webUrl() });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`/pricing?utm_source=e2e_newsletter&utm_medium=email&utm_campaign=${campaign}`);
  await expect(visitor.locator("html[data-hydrated=true]")).toBeAttached();
  const banner = visitor.getByRole("region", { name: "May we count your visit?" });
  await expect(banner).toBeVisible();
  const counted = visitor.waitForResponse((response) => new URL(response.url()).pathname === "/analytics/events" && response.request().method() === "POST");
  await banner.getByRole("button", { name: "Accept" }).click();
  expect((await counted).status()).toBe(204);
  await expect(banner).toBeHidden();
  for (const path of ["/gallery", "/shop"]) {
    const next = visitor.waitForResponse((response) => new URL(response.url()).pathname === "/analytics/events");
    await visitor.goto(`${path}?utm_source=e2e_newsletter&utm_campaign=${campaign}`);
    expect((await next).status()).toBe(204);
  }
  await visitorContext.close();

  // The admin connects the built-in ad platform and syncs it.
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.getByRole("region", { name: "May we count your visit?" }).getByRole("button", { name: "Decline" }).click();
  await expect(page.getByTestId("consent-banner")).toBeHidden();
  await page.goto("/admin/marketing");
  await page.getByRole("button", { name: "Connect Google Ads" }).click();
  await expect(page.getByRole("heading", { name: "Allow Spike Land to read your Google Ads campaigns?" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("1 ad account is connected.")).toBeVisible();
  const accounts = page.getByRole("list", { name: "Connected ad accounts" });
  await accounts.getByRole("button", { name: /^Sync now: / }).first().click();
  await expect(page.getByText("A sync of this account has started.")).toBeVisible();
  await expect(async () => {
    await page.goto("/admin/marketing");
    await expect(accounts.getByText("Synced", { exact: true }).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  await expect(page.getByRole("row", { name: /Spring prints — search/ })).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  const marketingShot = testInfo.outputPath("admin-marketing.png");
  await page.screenshot({ path: marketingShot, fullPage: true });
  await testInfo.attach("admin-marketing.png", { path: marketingShot, contentType: "image/png" });

  // The dashboard: charts drawn, the visitor's campaign among the top campaigns, ROI from the sync.
  await page.goto("/admin/analytics?days=30");
  await expect(page.getByRole("heading", { name: "Analytics", exact: true })).toBeVisible();
  await expect(page.locator(".recharts-responsive-container svg.recharts-surface").first()).toBeVisible();
  expect(await page.locator("svg.recharts-surface").count()).toBeGreaterThanOrEqual(3);
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeAttached();
  await expect(page.getByRole("cell", { name: campaign, exact: true })).toBeVisible();
  await expect(page.getByRole("cell", { name: "spring_prints", exact: true }).first()).toBeVisible();
  const roi = page.getByTestId("campaign-roi");
  await expect(roi.getByRole("rowheader", { name: /Spring prints — search/ })).toBeVisible();
  await expect(roi.locator(".recharts-responsive-container svg.recharts-surface").first()).toBeVisible();

  const desktop = await fullPageShot(page, testInfo, "analytics-dashboard.png", 1280);
  const phone = await fullPageShot(page, testInfo, "analytics-dashboard-phone.png", 390);
  // On a phone the page itself never scrolls sideways; wide tables scroll inside their card.
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
  await copyFile(desktop, "/tmp/analytics-dashboard.png");
  await copyFile(phone, "/tmp/analytics-dashboard-phone.png");
});
