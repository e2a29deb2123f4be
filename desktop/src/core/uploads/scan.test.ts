/** Walking dropped folders: photos by content, readable reasons for the rest, streamed in order. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scanFolders, type ScanEntry } from "./scan.ts";
import { writeDroppedFolder } from "./test-photos.ts";

let dir: string;
let dropped: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spike-land-scan-"));
  dropped = join(dir, "Holiday photos");
  await writeDroppedFolder(dropped);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(generator: AsyncGenerator<ScanEntry>): Promise<ScanEntry[]> {
  const entries: ScanEntry[] = [];
  for await (const entry of generator) entries.push(entry);
  return entries;
}

/** What a person would see per entry: the path under the dropped folder, then the format or the reason. */
function summary(entries: ScanEntry[]): string[] {
  return entries.map((entry) => `${entry.relPath}: ${entry.kind === "image" ? entry.format : entry.reason}`);
}

describe("scanFolders", () => {
  it("finds the photos by content, explains the rest and leaves hidden files out, in name order", async () => {
    const entries = await collect(scanFolders([dropped]));
    expect(summary(entries)).toEqual([
      "a-sideways.jpg: jpeg",
      "alpha.png: png",
      "b.webp: webp",
      "broken.jpg: jpeg",
      "c.avif: avif",
      "empty.jpg: Empty file",
      "iphone.heic: heic",
      "link.jpg: Link, not followed",
      "notes.jpg: Not a photo (JPEG, PNG, WebP, AVIF or HEIC)",
      "trip/day1/IMG_0001.jpg: jpeg",
      "trip/day2/IMG_0001.jpg: jpeg",
    ]);
    for (const entry of entries) {
      expect(entry.root).toBe(dropped);
      expect(entry.path).toBe(join(dropped, ...entry.relPath.split("/")));
    }
  });

  it("gives each photo's size, so the caller can apply its own limits", async () => {
    const entries = await collect(scanFolders([dropped]));
    const heic = entries.find((entry) => entry.relPath === "iphone.heic");
    expect(heic).toMatchObject({ kind: "image", format: "heic" });
    expect(heic?.kind === "image" && heic.size).toBeGreaterThan(1000);
  });

  it("scans a dropped file as itself, named by its base name, and says when a root is missing", async () => {
    const single = join(dropped, "trip", "day1", "IMG_0001.jpg");
    const missing = join(dir, "Gone");
    const entries = await collect(scanFolders([single, missing, join(dropped, "notes.jpg")]));
    expect(entries).toEqual([
      { kind: "image", root: single, path: single, relPath: "IMG_0001.jpg", size: expect.any(Number), format: "jpeg" },
      { kind: "skipped", root: missing, path: missing, relPath: "Gone", reason: "Could not be read: it was moved or deleted" },
      { kind: "skipped", root: join(dropped, "notes.jpg"), path: join(dropped, "notes.jpg"), relPath: "notes.jpg", reason: "Not a photo (JPEG, PNG, WebP, AVIF or HEIC)" },
    ]);
  });

  it("keeps each root apart when several folders are dropped", async () => {
    const entries = await collect(scanFolders([join(dropped, "trip", "day2"), join(dropped, "trip")]));
    expect(entries.map((entry) => [entry.root, entry.relPath])).toEqual([
      [join(dropped, "trip", "day2"), "IMG_0001.jpg"],
      [join(dropped, "trip"), "day1/IMG_0001.jpg"],
      [join(dropped, "trip"), "day2/IMG_0001.jpg"],
    ]);
  });

  it("stops when the signal is aborted", async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(async () => {
      for await (const entry of scanFolders([dropped], { signal: controller.signal })) {
        seen.push(entry.relPath);
        if (seen.length === 2) controller.abort();
      }
    }).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual(["a-sideways.jpg", "alpha.png"]);
  });

  it("streams a folder of 3,000 files: the first entry comes before later folders are even listed", async () => {
    const big = join(dir, "big");
    for (let folder = 0; folder < 30; folder++) {
      const sub = join(big, `folder-${String(folder).padStart(2, "0")}`);
      await mkdir(sub, { recursive: true });
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => writeFile(join(sub, `photo-${String(i).padStart(3, "0")}.jpg`), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))),
      );
    }
    const scan = scanFolders([big]);
    const first = await scan.next();
    expect(first.value).toMatchObject({ kind: "image", relPath: "folder-00/photo-000.jpg" });
    // A walk that had listed the whole tree before answering would not see a file added now.
    await writeFile(join(big, "folder-29", "photo-999.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0]));
    let count = 1;
    let last = "";
    for await (const entry of scan) {
      expect(entry.kind).toBe("image");
      count++;
      last = entry.relPath;
    }
    expect(count).toBe(3001);
    expect(last).toBe("folder-29/photo-999.jpg");
  });
});
