/** Every main page passes axe's WCAG 2.1 A/AA checks: labels, contrast, landmarks, names. */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "../accounts.ts";
import { signIn } from "./helpers.ts";

async function expectAccessible(page: Page, path: string) {
  await page.goto(path);
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const problems = results.violations.map((v) => `${path}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(problems).toEqual([]);
}

test("public pages have no accessibility violations", async ({ page }) => {
  test.setTimeout(180_000);
  for (const path of ["/", "/login", "/signup", "/forgot-password", "/pricing", "/gallery", "/gallery?category=PORTRAIT", "/shop", "/shop/prints", "/shop/prints/prod_lustre_print", "/shop/apparel/prod_tshirt", "/no-such-page"]) {
    await expectAccessible(page, path);
  }
});

test("signed-in pages have no accessibility violations", async ({ page, admin }) => {
  test.setTimeout(180_000);
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  for (const path of ["/account", "/images", "/jobs", "/tokens", "/settings", "/billing", "/vouchers", "/referrals", "/cookie-settings", "/docs/api", "/audio", "/settings/api-keys", "/dev/mailbox"]) {
    await expectAccessible(page, path);
  }
});

test("admin pages have no accessibility violations", async ({ page, admin }) => {
  test.setTimeout(180_000);
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  for (const path of ["/admin", "/admin/audit", "/admin/errors", "/admin/vouchers", "/admin/payments", "/admin/analytics", "/admin/marketing", "/admin/feedback", "/admin/api-keys", "/admin/agents", "/admin/boxes", "/admin/emails", "/admin/referrals", "/admin/subscriptions"]) {
    await expectAccessible(page, path);
  }
});

test("image, album, pipeline and curation pages have no accessibility violations", async ({ page, admin }) => {
  test.setTimeout(180_000);
  await signIn(page, admin.email, admin.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.goto("/albums");
  const firstAlbum = await page.getByRole("list", { name: "Your albums" }).getByRole("link").first().getAttribute("href");
  expect(firstAlbum).toMatch(/^\/albums\//);
  const profile = await page.getByRole("link", { name: "Your public profile" }).getAttribute("href");
  expect(profile).toMatch(/^\/u\//);
  for (const path of [
    "/albums",
    firstAlbum!,
    "/pipelines",
    "/pipelines/new",
    "/pipelines/pipeline_standard",
    profile!,
    "/admin/jobs",
    "/admin/photos",
    "/admin/gallery",
    "/cart",
    "/orders",
    "/admin/merch",
    "/admin/merch/products",
    "/admin/merch/categories",
  ]) {
    await expectAccessible(page, path);
  }
});
