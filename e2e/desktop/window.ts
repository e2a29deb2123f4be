/** What the desktop specs do in the app's window: sign in through its form, and check accessibility. */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, webUrl, type TestAccount } from "../accounts.ts";

export async function signIn(page: Page, user: TestAccount): Promise<void> {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Server address").fill(webUrl());
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(user.email, { exact: true })).toBeVisible();
}

/** WCAG 2.1 AA, as axe checks it: each violation named with where it was found. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const problems = results.violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  expect(problems).toEqual([]);
}

/**
 * What a file manager does when items are dragged onto a drop zone (the region with this name):
 * dragenter, dragover, drop, with an empty File per name (the test host reads each by its name).
 */
export async function dropNamed(page: Page, zoneName: string, names: string[]): Promise<void> {
  const zone = page.getByRole("region", { name: zoneName });
  const dataTransfer = await page.evaluateHandle((items) => {
    // This runs in the page; the test's own types know no DOM.
    type PageGlobals = {
      DataTransfer: new () => { items: { add(file: unknown): unknown } };
      File: new (parts: unknown[], name: string) => unknown;
    };
    const { DataTransfer, File } = globalThis as unknown as PageGlobals;
    const transfer = new DataTransfer();
    for (const item of items) transfer.items.add(new File([], item));
    return transfer;
  }, names);
  for (const type of ["dragenter", "dragover", "drop"]) await zone.dispatchEvent(type, { dataTransfer });
}
