import { writeFile } from "node:fs/promises";
import sharp from "sharp";
import { expect, test } from "../accounts.ts";
import { signIn } from "./helpers.ts";

test("uploads photos with a progress bar each, sees them in the library and opens one", async ({ page, user }, testInfo) => {
  const stamp = Date.now();
  const colours = [
    { r: 200, g: 40, b: 40 },
    { r: 40, g: 160, b: 60 },
    { r: 40, g: 80, b: 200 },
  ];
  const photos = await Promise.all(
    colours.map(async (background, index) => {
      const file = testInfo.outputPath(`photo-${stamp}-${index}.jpg`);
      await writeFile(file, await sharp({ create: { width: 640 + index * 10, height: 480, channels: 3, background } }).jpeg().toBuffer());
      return file;
    }),
  );
  const fake = testInfo.outputPath(`notes-${stamp}.jpg`);
  await writeFile(fake, "These are notes, not a photo.\n");

  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: /Hello/ })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Images" }).click();
  await expect(page.getByRole("heading", { name: "Images", level: 1 })).toBeVisible();

  await page.getByLabel("Photos to upload").setInputFiles([...photos, fake]);
  const items = page.getByTestId("upload-item");
  await expect(items).toHaveCount(4);
  for (let index = 0; index < 3; index += 1) {
    const item = items.filter({ hasText: `photo-${stamp}-${index}.jpg` });
    await expect(item).toHaveAttribute("data-state", "done");
    await expect(item.getByRole("progressbar")).toHaveAttribute("value", "100");
  }
  const failed = items.filter({ hasText: `notes-${stamp}.jpg` });
  await expect(failed).toHaveAttribute("data-state", "error");
  await expect(failed.getByRole("alert")).toHaveText(`notes-${stamp}.jpg is not an image we can read; upload JPEG, PNG, WebP, AVIF or HEIC.`);

  const grid = page.getByRole("list", { name: "Your images" });
  for (let index = 0; index < 3; index += 1) {
    const thumbnail = grid.getByRole("img", { name: `photo-${stamp}-${index}` });
    await expect(thumbnail).toBeVisible();
    await expect.poll(() => thumbnail.evaluate((node) => {
      const img = node as unknown as { complete: boolean; naturalWidth: number };
      return img.complete ? img.naturalWidth : 0;
    })).toBeGreaterThan(0);
  }

  await grid.getByRole("link", { name: `photo-${stamp}-1` }).click();
  await expect(page.getByRole("heading", { name: `photo-${stamp}-1`, level: 1 })).toBeVisible();
  await expect(page.getByTestId("image-dimensions")).toHaveText("650 × 480");
  await expect(page.getByRole("button", { name: "Enhance" })).toBeVisible();
});
