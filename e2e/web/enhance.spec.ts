import { writeFile } from "node:fs/promises";
import sharp from "sharp";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "../accounts.ts";
import { signIn } from "./helpers.ts";

async function axeViolations(page: Page): Promise<string[]> {
  await expect(page.locator("html[data-hydrated=true]")).toBeAttached();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${page.url()}: ${v.id} ${v.help}`);
}

/** A 900×600 gradient photo; `tint` shifts the blue channel so each file differs. */
async function gradientJpeg(path: string, tint: number) {
  const width = 900;
  const height = 600;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      pixels[i] = 60 + Math.floor((x / width) * 120);
      pixels[i + 1] = 50 + Math.floor((y / height) * 100);
      pixels[i + 2] = tint;
    }
  }
  await writeFile(path, await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toBuffer());
}

test("uploads several photos, enhances one at 2K live, compares, adds it to an album and shares the album with a link", async ({ page, browser, user }, testInfo) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const names = [`enhance-${stamp}`, `second-${stamp}`, `third-${stamp}`];
  const files = names.map((name) => testInfo.outputPath(`${name}.jpg`));
  await Promise.all(files.map((file, index) => gradientJpeg(file, 90 + index * 30)));

  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.goto("/images");
  await page.getByLabel("Photos to upload").setInputFiles(files);
  for (const name of names) {
    const item = page.getByTestId("upload-item").filter({ hasText: `${name}.jpg` });
    await expect(item.getByRole("progressbar")).toBeAttached();
    await expect(item).toHaveAttribute("data-state", "done");
  }
  await page.getByRole("list", { name: "Your images" }).getByRole("link", { name: names[0] }).click();
  await expect(page.getByRole("heading", { name: `enhance-${stamp}`, level: 1 })).toBeVisible();

  await page.getByRole("radio", { name: /^2K — / }).check();
  await page.getByRole("button", { name: "Enhance" }).click();
  await expect(page).toHaveURL(/\/jobs\/[a-z0-9]+$/);
  // A marker on this document: it must survive until the job is done, proving no reload happened.
  await page.evaluate(() => {
    (globalThis as unknown as { sameDocument: boolean }).sameDocument = true;
  });

  // The page follows the job over Server-Sent Events: the status moves on without a reload.
  const stages = page.getByTestId("stages").locator("li");
  await expect(stages).toHaveCount(4);
  await expect(page.getByTestId("job-status")).toHaveText("COMPLETED", { timeout: 45_000 });
  for (const stage of ["ANALYZING", "CROPPING", "PROMPTING", "GENERATING"]) {
    await expect(page.getByTestId("stages").locator(`li[data-stage="${stage}"]`)).toHaveAttribute("data-state", "done");
  }

  expect(await page.evaluate(() => (globalThis as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  const comparison = page.getByTestId("comparison");
  await expect(comparison.getByRole("img", { name: "Enhanced result" })).toBeVisible();
  const slider = page.getByRole("slider", { name: /Compare original/ });
  await expect(slider).toHaveValue("50");
  await slider.fill("20");
  await expect(slider).toHaveValue("20");
  await expect(page.getByText("2048 × 1365 px")).toBeVisible();
  await expect(page.getByRole("link", { name: "Download result" })).toBeVisible();

  await page.goto("/jobs");
  await expect(page.getByRole("heading", { name: "Enhancement jobs" })).toBeVisible();
  await expect(page.getByRole("link", { name: `enhance-${stamp}` }).first()).toBeVisible();

  // Into a new album, shared by link.
  await page.goto("/albums");
  await page.getByLabel("Name").fill(`Trip ${stamp}`);
  await page.getByRole("button", { name: "Create album" }).click();
  await expect(page.getByRole("heading", { name: `Trip ${stamp}`, level: 1 })).toBeVisible();
  const albumUrl = page.url();

  await page.goto("/images");
  await page.getByRole("list", { name: "Your images" }).getByRole("link", { name: names[0] }).click();
  await page.getByLabel("Album").selectOption({ label: `Trip ${stamp} (private)` });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added to" })).toContainText(`Trip ${stamp}`);

  await page.goto(albumUrl);
  await expect(page.getByRole("img", { name: names[0] })).toBeVisible();
  await page.getByRole("radio", { name: "Unlisted" }).check();
  await page.getByRole("button", { name: "Save privacy" }).click();
  const link = page.getByLabel("Share link");
  await expect(link).toHaveValue(/\/share\/albums\/[A-Za-z0-9_-]{12}$/);
  const shareUrl = await link.inputValue();

  // A visitor who is not signed in opens the link and sees the enhanced photo.
  const visitor = await browser.newContext();
  const guest = await visitor.newPage();
  await guest.goto(shareUrl);
  await expect(guest.getByRole("heading", { name: `Trip ${stamp}`, level: 1 })).toBeVisible();
  await expect(guest.getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await axeViolations(guest)).toEqual([]);
  await guest.getByRole("img", { name: names[0] }).click();
  await expect(guest.getByRole("img", { name: `${names[0]}, enhanced` })).toBeVisible();
  await expect(guest.getByTestId("shared-dimensions")).toHaveText("900 × 600");
  await expect(guest.getByTestId("shared-enhanced-dimensions")).toHaveText("2048 × 1365");
  expect(await axeViolations(guest)).toEqual([]);
  await visitor.close();

  // The whole album as one batch, with its own progress page.
  await page.getByLabel("Quality", { exact: true }).selectOption("FREE");
  await page.getByRole("button", { name: /^Enhance all/ }).click();
  await expect(page).toHaveURL(/\/albums\/[^/]+\/batches\/[^/]+$/);
  await expect(page.getByRole("progressbar")).toBeVisible();
  await expect(page.getByTestId("batch-done")).toHaveText("1", { timeout: 45_000 });
  await expect(page.getByTestId("batch-item")).toHaveCount(1);
});
