/**
 * Bulk folder uploads in the desktop app, end to end: a folder tree dropped on the window (the test
 * host maps a dropped item to DESKTOP_TEST_DROP_ROOT/<name>), checked and uploaded into a new album
 * by the real core against the real web server, the report naming what was left out and why, then
 * "Enhance all" at the free tier until every batch is done.
 */
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { expect, test, webUrl } from "../accounts.ts";
import { dropNamed, expectAccessible, signIn } from "./window.ts";

const serverUrl = webUrl();

function dropRoot(): string {
  const root = process.env.DESKTOP_TEST_DROP_ROOT;
  if (!root) throw new Error("DESKTOP_TEST_DROP_ROOT is not set; run the browser tests through playwright.config.ts.");
  return root;
}

/** A small JPEG whose colours depend on `seed`, so no two seeds give the same file. */
async function photo(file: string, seed: number): Promise<void> {
  const width = 480;
  const height = 320;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      pixels[i] = (x + seed * 37) % 256;
      pixels[i + 1] = (y + seed * 71) % 256;
      pixels[i + 2] = (seed * 53) % 256;
    }
  }
  await writeFile(file, await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 }).toBuffer());
}

/**
 * <name>/beach.jpg, sunset.jpg, notes.jpg (text, not a photo), day1/IMG_0001.jpg,
 * day2/IMG_0001.jpg (same name, other photo) and day2/copies/beach (copy).jpg (beach.jpg again).
 */
async function makeFolderTree(name: string): Promise<string> {
  const root = path.join(dropRoot(), name);
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(root, "day1"), { recursive: true });
  await mkdir(path.join(root, "day2", "copies"), { recursive: true });
  await Promise.all([
    photo(path.join(root, "beach.jpg"), 1),
    photo(path.join(root, "sunset.jpg"), 2),
    photo(path.join(root, "day1", "IMG_0001.jpg"), 3),
    photo(path.join(root, "day2", "IMG_0001.jpg"), 4),
    writeFile(path.join(root, "notes.jpg"), "Bring the blue towel.\n"),
  ]);
  await copyFile(path.join(root, "beach.jpg"), path.join(root, "day2", "copies", "beach (copy).jpg"));
  return root;
}


// The test host runs one core for every test: leave it as the next test expects it, signed out with no upload.
test.afterEach(async ({ page }) => {
  await page.evaluate(async () => {
    const bridge = (globalThis as unknown as { spikeLand?: { invoke(channel: string): Promise<unknown> } }).spikeLand;
    if (!bridge) return;
    await bridge.invoke("upload:cancel");
    await bridge.invoke("upload:dismiss");
    await bridge.invoke("session:signOut");
  });
});

test("uploads a dropped folder tree into a new album, reports what was left out, then enhances it for free", async ({ page, request, user }) => {
  test.setTimeout(180_000);
  const folder = `Trip ${Date.now()}`;
  await makeFolderTree(folder);

  await signIn(page, user);
  await page.getByRole("navigation", { name: "Sections" }).getByRole("button", { name: "Upload folders" }).click();
  await expect(page.getByRole("heading", { name: "Upload folders", level: 1 })).toBeFocused();
  await expect(page.getByRole("button", { name: "Choose folders…" })).toBeVisible();
  await expectAccessible(page, "upload folders, empty");

  await dropNamed(page, "Drop folders here", [folder]);
  const chosen = page.getByRole("list", { name: "1 folder to upload" });
  await expect(chosen.getByRole("listitem")).toHaveCount(1);
  await expect(chosen).toContainText(folder);
  await expect(chosen).toContainText(path.join(dropRoot(), folder));

  await page.getByLabel("A new album named after each folder").check();
  await expect(page.getByLabel("Upload originals (no resizing, metadata kept)")).not.toBeChecked();
  await expectAccessible(page, "upload folders, ready to start");
  await page.getByRole("button", { name: "Start upload" }).click();

  const photos = page.getByRole("progressbar", { name: "Photos" });
  await expect(photos).toBeVisible();
  await expect(page.getByRole("heading", { name: "Upload finished" })).toBeVisible({ timeout: 90_000 });
  await expect(photos).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByRole("progressbar", { name: "Checking for duplicates" })).toHaveAttribute("aria-valuenow", "100");
  await expect(page.getByTestId("count-found")).toHaveText("5");
  await expect(page.getByTestId("count-uploaded")).toHaveText("4");
  await expect(page.getByTestId("count-duplicates")).toHaveText("1");
  await expect(page.getByTestId("count-skipped")).toHaveText("1");
  await expect(page.getByTestId("count-failed")).toHaveText("0");
  await expect(page.getByRole("button", { name: "Pause" })).toHaveCount(0);

  // The report folds each kind away; opening it names the file and the reason.
  await page.locator("summary").filter({ hasText: "Duplicates" }).click();
  const duplicates = page.getByRole("list", { name: "Duplicates" });
  await expect(duplicates.getByRole("listitem")).toHaveCount(1);
  await expect(duplicates).toContainText(/beach( \(copy\))?\.jpg/);
  await expect(duplicates).toContainText(/The same photo as .*beach/);
  await page.locator("summary").filter({ hasText: "Skipped" }).click();
  const skipped = page.getByRole("list", { name: "Skipped" });
  await expect(skipped.getByRole("listitem")).toHaveCount(1);
  await expect(skipped).toContainText(`${folder}/notes.jpg`);
  await expect(skipped).toContainText("Not a photo");
  await expect(page.getByRole("list", { name: "Failed" })).toHaveCount(0);

  const album = page.getByRole("list", { name: "Album" }).getByRole("listitem").filter({ hasText: folder });
  // The copy of beach.jpg counts as in the album: the same photo is there.
  await expect(album).toContainText("5 of 5 photos in the album");
  await album.getByRole("button", { name: "Open on the web" }).click();
  await expect
    .poll(async () => ((await (await request.get("/__test-host/opened")).json()) as { url: string | null }).url)
    .toMatch(new RegExp(`^${serverUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/albums/[^/]+$`));
  await expectAccessible(page, "upload finished, report open");

  // Enhance all: the offer names each album's photos × tier, the total and the balance.
  await page.getByRole("button", { name: "Enhance all…" }).click();
  const tier = page.getByLabel("Enhancement tier");
  await expect(tier).toBeVisible();
  const costs = page.getByRole("list", { name: "Cost per album" });
  await expect(costs.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByTestId("quote-balance")).toHaveText("10 tokens");

  // 4 photos at 4K cost 40 tokens: more than a new account has, so it cannot start.
  await tier.selectOption("TIER_4K");
  await expect(costs).toContainText("4 photos × 4K = 40 tokens");
  await expect(page.getByTestId("quote-total")).toHaveText("40 tokens");
  await expect(page.getByText("This needs 30 more tokens than you have.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Enhance for 40 tokens" })).toBeDisabled();
  await expectAccessible(page, "enhancement offer, balance short");

  await tier.selectOption("FREE");
  await expect(costs).toContainText("4 photos × Free preview = free");
  await expect(page.getByTestId("quote-total")).toHaveText("Free");
  await page.getByRole("button", { name: "Enhance for free" }).click();

  const batches = page.getByRole("list", { name: "Albums being enhanced" });
  await expect(batches.getByRole("listitem")).toHaveCount(1);
  const batch = batches.getByRole("progressbar", { name: folder });
  await expect(batch).toBeVisible();
  await expect(batch).toHaveAttribute("aria-valuenow", "100", { timeout: 120_000 });
  await expect(batches.getByText("Finished")).toBeVisible();
  await expect(batches).toContainText("Free preview · 4 done · 0 failed");
  await expect(page.getByRole("status").filter({ hasText: "Enhancing finished" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expectAccessible(page, "albums enhanced");
});
