import { writeFile } from "node:fs/promises";
import sharp from "sharp";
import { expect, test } from "@playwright/test";
import { DEMO_USER, signIn } from "./helpers.ts";

test("enhances an uploaded photo at TIER_2K, follows the stages live and compares before and after", async ({ page }, testInfo) => {
  const stamp = Date.now();
  const width = 900;
  const height = 600;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      pixels[i] = 60 + Math.floor((x / width) * 120);
      pixels[i + 1] = 50 + Math.floor((y / height) * 100);
      pixels[i + 2] = 110;
    }
  }
  const file = testInfo.outputPath(`enhance-${stamp}.jpg`);
  await writeFile(file, await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toBuffer());

  await signIn(page, DEMO_USER.email, DEMO_USER.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.goto("/images");
  await page.getByLabel("Photos to upload").setInputFiles([file]);
  await expect(page.getByTestId("upload-item").filter({ hasText: `enhance-${stamp}.jpg` })).toHaveAttribute("data-state", "done");
  await page.getByRole("list", { name: "Your images" }).getByRole("link", { name: `enhance-${stamp}` }).click();
  await expect(page.getByRole("heading", { name: `enhance-${stamp}`, level: 1 })).toBeVisible();

  await page.getByRole("radio", { name: /TIER_2K/ }).check();
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
});
