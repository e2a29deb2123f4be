/** Preparing photos for upload: upright, small enough, no camera or location data; or untouched. */
import { readFile, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxEdgeForTier, preprocess, PreprocessError } from "./preprocess.ts";
import { scanFolders } from "./scan.ts";
import { HEIC_FIXTURE, SIDEWAYS, sidewaysJpegWithGps, writeDroppedFolder } from "./test-photos.ts";

const RESIZE = { maxEdge: 100, uploadOriginals: false };
const KEEP_SIZE = { maxEdge: null, uploadOriginals: false };
const ORIGINALS = { maxEdge: 100, uploadOriginals: true };

let dir: string;
const at = (relPath: string) => join(dir, relPath);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spike-land-preprocess-"));
  await writeDroppedFolder(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** RGB of one pixel of an encoded image. */
async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

function near(actual: number[], expected: number[], tolerance = 24): boolean {
  return actual.every((value, i) => Math.abs(value - expected[i]!) <= tolerance);
}

/** Whether an EXIF block holds a GPS directory (tag 0x8825, in either byte order). */
function hasGpsTag(exif: Buffer): boolean {
  return exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));
}

describe("preprocess", () => {
  it("turns a sideways JPEG upright and sends it without EXIF, GPS or XMP", async () => {
    const input = await sharp(await sidewaysJpegWithGps()).metadata();
    expect(input.orientation).toBe(6);
    expect(input.exif && hasGpsTag(input.exif)).toBe(true);

    const prepared = await preprocess(at("a-sideways.jpg"), "jpeg", KEEP_SIZE);
    expect(prepared).toMatchObject({ name: "a-sideways.jpg", contentType: "image/jpeg", width: SIDEWAYS.height, height: SIDEWAYS.width });
    const output = await sharp(prepared.bytes).metadata();
    expect(output).toMatchObject({ format: "jpeg", width: SIDEWAYS.height, height: SIDEWAYS.width });
    expect(output.exif).toBeUndefined();
    expect(output.xmp).toBeUndefined();
    expect(output.iptc).toBeUndefined();
    expect(output.orientation).toBeUndefined();
    // The stored left half (red) is the top once the photo is turned a quarter clockwise.
    expect(near(await pixel(prepared.bytes, 100, 20), [255, 0, 0])).toBe(true);
    expect(near(await pixel(prepared.bytes, 100, 280), [0, 0, 255])).toBe(true);
  });

  it("shrinks to the longest edge asked for and never enlarges", async () => {
    expect(await preprocess(at("a-sideways.jpg"), "jpeg", RESIZE)).toMatchObject({ width: 67, height: 100 });
    expect(await preprocess(at("a-sideways.jpg"), "jpeg", { maxEdge: 4096, uploadOriginals: false })).toMatchObject({ width: 200, height: 300 });
    const landscape = await preprocess(at("trip/day1/IMG_0001.jpg"), "jpeg", { maxEdge: 40, uploadOriginals: false });
    expect(landscape).toMatchObject({ width: 40, height: 20 });
    expect(await sharp(landscape.bytes).metadata()).toMatchObject({ width: 40, height: 20 });
  });

  it("puts transparency on white and names the JPEG after the original", async () => {
    const prepared = await preprocess(at("alpha.png"), "png", KEEP_SIZE);
    expect(prepared).toMatchObject({ name: "alpha.jpg", contentType: "image/jpeg", width: 64, height: 64 });
    expect((await sharp(prepared.bytes).metadata()).hasAlpha).toBe(false);
    expect(near(await pixel(prepared.bytes, 4, 32), [255, 255, 255])).toBe(true);
    expect(near(await pixel(prepared.bytes, 60, 32), [0, 200, 0])).toBe(true);
  });

  it("converts WebP and AVIF to JPEG", async () => {
    for (const [file, format] of [["b.webp", "webp"], ["c.avif", "avif"]] as const) {
      const prepared = await preprocess(at(file), format, RESIZE);
      expect(prepared).toMatchObject({ name: file.replace(/\.\w+$/, ".jpg"), contentType: "image/jpeg", width: 100, height: 67 });
      expect((await sharp(prepared.bytes).metadata()).format).toBe("jpeg");
      expect(near(await pixel(prepared.bytes, 50, 30), [40, 120, 200])).toBe(true);
    }
  });

  it("decodes an iPhone HEIC (HEVC), which sharp alone cannot", async () => {
    await expect(sharp(HEIC_FIXTURE).jpeg().toBuffer()).rejects.toThrow();
    const prepared = await preprocess(at("iphone.heic"), "heic", { maxEdge: 320, uploadOriginals: false });
    expect(prepared).toMatchObject({ name: "iphone.jpg", contentType: "image/jpeg", width: 320, height: 240 });
    expect(await sharp(prepared.bytes).metadata()).toMatchObject({ format: "jpeg", width: 320, height: 240 });
  });

  it("sends originals untouched, with their own name, type and upright size", async () => {
    const jpeg = await preprocess(at("a-sideways.jpg"), "jpeg", ORIGINALS);
    expect(jpeg).toMatchObject({ name: "a-sideways.jpg", contentType: "image/jpeg", width: SIDEWAYS.height, height: SIDEWAYS.width });
    expect(jpeg.bytes.equals(await readFile(at("a-sideways.jpg")))).toBe(true);

    const heic = await preprocess(at("iphone.heic"), "heic", ORIGINALS);
    expect(heic).toMatchObject({ name: "iphone.heic", contentType: "image/heic", width: 640, height: 480 });
    expect(heic.bytes.equals(await readFile(HEIC_FIXTURE))).toBe(true);

    for (const [file, type] of [["alpha.png", "image/png"], ["b.webp", "image/webp"], ["c.avif", "image/avif"]]) {
      expect((await preprocess(at(file!), file === "alpha.png" ? "png" : file === "b.webp" ? "webp" : "avif", ORIGINALS)).contentType).toBe(type);
    }
  });

  it("says a damaged photo is damaged: a JPEG header cut short is sniffed as JPEG but cannot be prepared", async () => {
    const entries = [];
    for await (const entry of scanFolders([at("broken.jpg")])) entries.push(entry);
    expect(entries).toMatchObject([{ kind: "image", format: "jpeg" }]);
    const attempt = preprocess(at("broken.jpg"), "jpeg", RESIZE);
    await expect(attempt).rejects.toBeInstanceOf(PreprocessError);
    await expect(attempt).rejects.toThrow("Could not read this photo: it is damaged or not really a JPEG");
  });

  it("says a file that is not the format it was taken for cannot be read", async () => {
    await expect(preprocess(at("notes.jpg"), "png", RESIZE)).rejects.toThrow("Could not read this photo: it is damaged or not really a PNG");
    await expect(preprocess(at("notes.jpg"), "heic", ORIGINALS)).rejects.toThrow("Could not read this photo: it is damaged or not really a HEIC");
    await expect(preprocess(at("gone.jpg"), "jpeg", RESIZE)).rejects.toThrow("Could not be read: it was moved or deleted");
  });
});

describe("maxEdgeForTier", () => {
  it("is the longest edge each enhancement tier produces", () => {
    expect(maxEdgeForTier("FREE")).toBe(1024);
    expect(maxEdgeForTier("TIER_1K")).toBe(1024);
    expect(maxEdgeForTier("TIER_2K")).toBe(2048);
    expect(maxEdgeForTier("TIER_4K")).toBe(4096);
  });
});
