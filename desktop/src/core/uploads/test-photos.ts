/**
 * Small photos of every kind a dropped folder can hold, made with sharp for the upload tests (plus
 * the repository's one HEIC, which sharp cannot write): each is built so its content can be checked
 * after preparation (which half is red, where it is transparent).
 */
import { copyFile, mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

export const HEIC_FIXTURE = fileURLToPath(new URL("../../../../web/test/fixtures/hevc-640x480.heic", import.meta.url));

/** Stored size of the sideways photo: 300 wide, 200 tall; its left half red, its right half blue. */
export const SIDEWAYS = { width: 300, height: 200 };

/** A JPEG stored sideways (EXIF orientation 6: turn 90° clockwise to view) with camera and GPS tags. */
export async function sidewaysJpegWithGps(): Promise<Buffer> {
  const { width, height } = SIDEWAYS;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels[(y * width + x) * 3 + (x < width / 2 ? 0 : 2)] = 255;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({
      IFD0: { Make: "Acme", Model: "Pocket 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 0/1" },
    })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** A 64×64 PNG whose left half is fully transparent and right half opaque green. */
export async function halfTransparentPng(): Promise<Buffer> {
  const size = 64;
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = size / 2; x < size; x++) pixels.set([0, 200, 0, 255], (y * size + x) * 4);
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 4 } }).png().toBuffer();
}

export function plainPhoto(format: "jpeg" | "webp" | "avif", width = 120, height = 80): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .toFormat(format)
    .toBuffer();
}

/** A real JPEG (noisy, so the image data is most of the file) cut off after 60% of its bytes. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#000000", noise: { type: "gaussian", mean: 128, sigma: 40 } } })
    .jpeg()
    .toBuffer();
  return whole.subarray(0, Math.floor(whole.length * 0.6));
}

/**
 * The folder a person might drop:
 *
 *     a-sideways.jpg  alpha.png  b.webp  c.avif  iphone.heic        photos
 *     broken.jpg                                                    JPEG header, cut short
 *     empty.jpg  notes.jpg                                          empty; text named .jpg
 *     link.jpg → a-sideways.jpg                                     a symlink
 *     .DS_Store  .hidden.jpg  .git/photo.jpg                        hidden
 *     trip/day1/IMG_0001.jpg  trip/day2/IMG_0001.jpg                same name, different photos
 */
export async function writeDroppedFolder(root: string): Promise<void> {
  const put = async (relPath: string, bytes: Buffer | string) => {
    await mkdir(dirname(join(root, relPath)), { recursive: true });
    await writeFile(join(root, relPath), bytes);
  };
  await put("a-sideways.jpg", await sidewaysJpegWithGps());
  await put("alpha.png", await halfTransparentPng());
  await put("b.webp", await plainPhoto("webp"));
  await put("c.avif", await plainPhoto("avif"));
  await copyFile(HEIC_FIXTURE, join(root, "iphone.heic"));
  await put("broken.jpg", await truncatedJpeg());
  await put("empty.jpg", "");
  await put("notes.jpg", "Shopping list: milk, eggs, film for the camera.\n");
  await symlink(join(root, "a-sideways.jpg"), join(root, "link.jpg"));
  await put(".DS_Store", Buffer.alloc(16));
  await put(".hidden.jpg", await plainPhoto("jpeg"));
  await put(".git/photo.jpg", await plainPhoto("jpeg"));
  await put("trip/day1/IMG_0001.jpg", await plainPhoto("jpeg", 100, 50));
  await put("trip/day2/IMG_0001.jpg", await plainPhoto("jpeg", 50, 100));
}
