/** Uploads against real sharp, the real database and the local object storage. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { MAX_UPLOAD_BYTES } from "@spike-land/shared/images/limits";
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import { deleteImage, findImage, listImages, thumbKey } from "./library.server.ts";
import { prepareDirectUpload } from "../merch/cart.server.ts";
import { sha256Of, storeUpload, UploadError } from "./upload.server.ts";

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: { r: 220, g: 40, b: 40 } } });

/** Left half red, right half blue, so the upright orientation can be read from the pixels. */
async function halves(width: number, height: number) {
  const blue = await sharp({ create: { width: width / 2, height, channels: 3, background: { r: 0, g: 0, b: 255 } } }).png().toBuffer();
  return sharp(await solid(width, height).composite([{ input: blue, left: width / 2, top: 0 }]).png().toBuffer());
}

async function thumbOf(originalKey: string) {
  const stored = await objectStorage().get(thumbKey(originalKey));
  expect(stored).not.toBeNull();
  return stored!.body;
}

/** A real HEVC-coded HEIC, as iPhones write them (made with libheif's heif-enc): 640 × 480, red rising left to right. */
const HEIC_FIXTURE = readFileSync(fileURLToPath(new URL("../../../test/fixtures/hevc-640x480.heic", import.meta.url)));

describe("HEIC photos", () => {
  it("decodes an HEVC HEIC, which sharp alone cannot, and keeps it as a JPEG with a thumbnail", async () => {
    const user = await makeUser();
    const image = await storeUpload(user.id, HEIC_FIXTURE, "IMG_0001.HEIC");
    expect(image).toMatchObject({ name: "IMG_0001", originalFormat: "jpeg", originalWidth: 640, originalHeight: 480 });
    expect(image.originalR2Key).toMatch(/original\.jpg$/);
    const original = (await objectStorage().get(image.originalR2Key))!.body;
    expect(await sharp(original).metadata()).toMatchObject({ format: "jpeg", width: 640, height: 480 });
    // The picture itself came through: dark red on the left, bright red on the right.
    const { data, info } = await sharp(original).raw().toBuffer({ resolveWithObject: true });
    const red = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(red(20, 20)).toBeLessThan(70);
    expect(red(620, 20)).toBeGreaterThan(190);
    expect(await sharp(await thumbOf(image.originalR2Key)).metadata()).toMatchObject({ format: "webp", width: 480, height: 360 });
  });

  it("refuses a damaged HEIC with a message saying what to do", async () => {
    const user = await makeUser();
    // Cut short, as an interrupted transfer leaves it: the header is whole, the picture data is not.
    const damaged = HEIC_FIXTURE.subarray(0, HEIC_FIXTURE.length - 1200);
    await expect(storeUpload(user.id, damaged, "broken.heic")).rejects.toThrow(
      new UploadError("broken.heic is a HEIC photo we could not decode; it may be damaged. Export it as JPEG and upload that."),
    );
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(0);
  });

  it("takes a HEIC as a direct upload to print", async () => {
    const prepared = await prepareDirectUpload(HEIC_FIXTURE, "IMG_0002.heic");
    expect(prepared).toMatchObject({ width: 640, height: 480 });
    expect((await sharp(prepared.bytes).metadata()).format).toBe("jpeg");
  });
});

describe("storing an upload", () => {
  it.each([
    ["jpeg", "photo.jpg", () => solid(640, 480).jpeg().toBuffer()],
    ["png", "graphic.png", () => solid(640, 480).png().toBuffer()],
    ["webp", "modern.webp", () => solid(640, 480).webp().toBuffer()],
    ["avif", "next.avif", () => solid(640, 480).avif({ effort: 0 }).toBuffer()],
  ])("accepts a real %s, keeps the original untouched and makes a 480 px WebP thumbnail", async (format, filename, make) => {
    const user = await makeUser();
    const bytes = await make();
    const image = await storeUpload(user.id, bytes, filename);
    expect(image).toMatchObject({
      userId: user.id,
      name: filename.replace(/\.[^.]+$/, ""),
      originalFormat: format,
      originalWidth: 640,
      originalHeight: 480,
      originalSizeBytes: bytes.length,
      originalUrl: `/images/${image.id}/original`,
      isPublic: false,
    });
    expect(image.originalR2Key).toMatch(new RegExp(`^images/${user.id}/${image.id}/original\\.`));
    expect((await objectStorage().get(image.originalR2Key))!.body.equals(bytes)).toBe(true);
    const thumb = await sharp(await thumbOf(image.originalR2Key)).metadata();
    expect(thumb).toMatchObject({ format: "webp", width: 480, height: 360 });
  });

  it("records the SHA-256 of the file as received, or the one a client declares for the file it prepared the upload from", async () => {
    const user = await makeUser();
    const bytes = await solid(64, 48).jpeg().toBuffer();
    const expected = createHash("sha256").update(bytes).digest("hex");
    expect(sha256Of(bytes)).toBe(expected);
    expect((await storeUpload(user.id, bytes, "as-sent.jpg")).sourceSha256).toBe(expected);
    const declared = "0123456789abcdef".repeat(4);
    expect((await storeUpload(user.id, bytes, "resized.jpg", { sourceSha256: declared })).sourceSha256).toBe(declared);
    // A HEIC is stored as a JPEG, but the checksum is of the file that was sent.
    const heic = await storeUpload(user.id, HEIC_FIXTURE, "IMG_0003.HEIC");
    expect(heic.sourceSha256).toBe(createHash("sha256").update(HEIC_FIXTURE).digest("hex"));
  });

  it("refuses a text file renamed .jpg, by content", async () => {
    const user = await makeUser();
    await expect(storeUpload(user.id, Buffer.from("just some notes, not a photo\n".repeat(20)), "notes.jpg")).rejects.toThrow(
      "notes.jpg is not an image we can read; upload JPEG, PNG, WebP, AVIF or HEIC.",
    );
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(0);
  });

  it("names the format of an image it does not take", async () => {
    const user = await makeUser();
    await expect(storeUpload(user.id, await solid(20, 20).tiff().toBuffer(), "scan.tif")).rejects.toThrow(
      "scan.tif is a TIFF file; upload JPEG, PNG, WebP, AVIF or HEIC.",
    );
  });

  it("refuses a file over 25 MB, stating the limit and the file's size", async () => {
    const user = await makeUser();
    const error = await storeUpload(user.id, Buffer.alloc(MAX_UPLOAD_BYTES + 1024 * 1024), "huge.jpg").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UploadError);
    expect((error as Error).message).toBe("huge.jpg is 26.0 MB; the limit is 25.0 MB per file.");
  });

  it("refuses more than 50 megapixels, stating both numbers", async () => {
    const user = await makeUser();
    const bytes = await solid(8000, 7000).png({ compressionLevel: 1 }).toBuffer();
    await expect(storeUpload(user.id, bytes, "panorama.png")).rejects.toThrow("panorama.png is 8000×7000 (56.0 megapixels); the limit is 50.0 megapixels.");
  });

  it("applies EXIF orientation 6: swapped dimensions and an upright thumbnail", async () => {
    const user = await makeUser();
    const bytes = await (await halves(200, 100)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const image = await storeUpload(user.id, bytes, "sideways.jpg");
    expect([image.originalWidth, image.originalHeight]).toEqual([100, 200]);
    const thumb = sharp(await thumbOf(image.originalR2Key));
    const meta = await thumb.metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([100, 200, undefined]);
    // Rotated 90° clockwise: the left (red) half is now on top, the right (blue) half at the bottom.
    const { data, info } = await thumb.raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    expect(pixel(50, 20)[0]).toBeGreaterThan(180);
    expect(pixel(50, 180)[2]).toBeGreaterThan(180);
  });

  it("strips EXIF and GPS from the thumbnail, keeping the private original as uploaded", async () => {
    const user = await makeUser();
    const bytes = await solid(300, 200)
      .jpeg()
      .withExif({ IFD0: { Make: "Spike Camera" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
      .toBuffer();
    expect((await sharp(bytes).metadata()).exif).toBeDefined();
    const image = await storeUpload(user.id, bytes, "holiday.jpg");
    const meta = await sharp(await thumbOf(image.originalR2Key)).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
  });
});

describe("the library", () => {
  it("lists newest first, never shows another user's image, and delete removes the files and the row", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const first = await storeUpload(owner.id, await solid(64, 64).png().toBuffer(), "first.png");
    const second = await storeUpload(owner.id, await solid(64, 64).png().toBuffer(), "second.png");
    expect((await listImages(owner.id)).images.map((image) => image.id)).toEqual([second.id, first.id]);
    expect((await listImages(other.id)).total).toBe(0);
    expect(await findImage(other.id, first.id)).toBeNull();
    expect(await deleteImage(other.id, first.id)).toBe(false);

    expect(await deleteImage(owner.id, first.id)).toBe(true);
    expect(await prisma.enhancedImage.findUnique({ where: { id: first.id } })).toBeNull();
    expect(await objectStorage().get(first.originalR2Key)).toBeNull();
    expect(await objectStorage().get(thumbKey(first.originalR2Key))).toBeNull();
    expect(await objectStorage().get(second.originalR2Key)).not.toBeNull();
  });
});
