/**
 * Photo uploads: checked by content (sharp must read it as one of the accepted formats), within the
 * size and pixel limits, stored untouched and private, with an upright 480 px WebP thumbnail that
 * carries no metadata (no EXIF, no GPS). An iPhone HEIC (HEVC-coded, which sharp cannot decode) is
 * the one exception to "untouched": it is decoded and stored as a JPEG (see shared/src/node/images/heic.ts). Both files are written before the row; on failure whatever
 * was written is deleted again.
 */
import sharp, { type Metadata } from "sharp";
import { createHash, randomBytes } from "node:crypto";
import {
  ACCEPTED_FORMATS_TEXT,
  isAcceptedFormat,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_PIXELS,
  THUMBNAIL_EDGE,
  tooLargeMessage,
} from "@spike-land/shared/images/limits";
import { prisma } from "../platform/db.server.ts";
import { heicToJpeg, isHevcHeif } from "@spike-land/shared/node/images/heic";
import { objectStorage } from "../providers/storage/index.server.ts";
import { DomainError } from "@spike-land/shared/errors";

/** A photo refused for what it is (empty, too large, not an image we read). */
export class UploadError extends DomainError {
  constructor(message: string, status = 422) {
    super(status, message);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  heif: "image/heic",
};
const EXTENSIONS: Record<string, string> = { jpeg: "jpg", png: "png", webp: "webp", avif: "avif", heif: "heic" };

export function imageKeys(userId: string, imageId: string, format: string) {
  const folder = `images/${userId}/${imageId}/`;
  return { folder, original: `${folder}original.${EXTENSIONS[format] ?? "bin"}`, thumb: `${folder}thumb.webp` };
}

/** The app route that serves an original to its owner (see images.$id.original.tsx). */
export function originalPath(imageId: string): string {
  return `/images/${imageId}/original`;
}

function displayName(filename: string): string {
  const base = filename.replace(/^.*[\\/]/, "").trim();
  const withoutExtension = base.replace(/\.[^.]+$/, "").trim();
  return (withoutExtension || base || "Untitled").slice(0, 200);
}

/** SHA-256 hex of a file's bytes: the checksum an image keeps of the file it came from. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Stores one photo. The image keeps the SHA-256 of `upload` as received (before a HEIC becomes a
 * JPEG), unless `sourceSha256` declares the checksum of the file a client made these bytes from.
 */
export async function storeUpload(userId: string, upload: Buffer, filename: string, options: { sourceSha256?: string } = {}) {
  let bytes = upload;
  const label = filename.replace(/^.*[\\/]/, "") || "The file";
  if (bytes.length === 0) throw new UploadError(`${label} is empty; choose a ${ACCEPTED_FORMATS_TEXT} photo.`);
  if (bytes.length > MAX_UPLOAD_BYTES) throw new UploadError(tooLargeMessage(label, bytes.length));
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new UploadError(`${label} is not an image we can read; upload ${ACCEPTED_FORMATS_TEXT}.`);
  }
  // sharp names both HEIC and AVIF "heif" (same container); the codec tells them apart.
  let format = metadata.format === "heif" && metadata.compression === "av1" ? "avif" : metadata.format;
  if (!isAcceptedFormat(format)) {
    throw new UploadError(`${label} is a ${String(format ?? "unknown").toUpperCase()} file; upload ${ACCEPTED_FORMATS_TEXT}.`);
  }
  const rawWidth = metadata.width ?? 0;
  const rawHeight = metadata.height ?? 0;
  if (!rawWidth || !rawHeight) throw new UploadError(`${label} is not an image we can read; upload ${ACCEPTED_FORMATS_TEXT}.`);
  const pixels = rawWidth * rawHeight;
  if (pixels > MAX_UPLOAD_PIXELS) {
    const mp = (n: number) => `${(n / 1_000_000).toFixed(1)} megapixels`;
    throw new UploadError(`${label} is ${rawWidth}×${rawHeight} (${mp(pixels)}); the limit is ${mp(MAX_UPLOAD_PIXELS)}.`);
  }
  if (isHevcHeif(metadata)) {
    try {
      bytes = await heicToJpeg(bytes);
      metadata = await sharp(bytes).metadata();
    } catch {
      throw new UploadError(`${label} is a HEIC photo we could not decode; it may be damaged. Export it as JPEG and upload that.`);
    }
    format = "jpeg";
  }
  const swapped = (metadata.orientation ?? 1) >= 5;
  const width = swapped ? metadata.height : metadata.width;
  const height = swapped ? metadata.width : metadata.height;

  let thumb: Buffer;
  try {
    // sharp drops all metadata unless asked to keep it, so the thumbnail carries no EXIF or GPS.
    thumb = await sharp(bytes, { limitInputPixels: MAX_UPLOAD_PIXELS })
      .rotate()
      .resize(THUMBNAIL_EDGE, THUMBNAIL_EDGE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
  } catch {
    throw new UploadError(`${label} could not be decoded; it may be damaged or use a variant we cannot read. Upload ${ACCEPTED_FORMATS_TEXT}.`);
  }

  const imageId = `img_${randomBytes(16).toString("hex")}`;
  const keys = imageKeys(userId, imageId, format);
  const storage = objectStorage();
  const written: string[] = [];
  try {
    await storage.put(keys.original, bytes, { contentType: CONTENT_TYPES[format] ?? "application/octet-stream", cacheControl: "private, no-store" });
    written.push(keys.original);
    await storage.put(keys.thumb, thumb, { contentType: "image/webp", cacheControl: "private, max-age=3600" });
    written.push(keys.thumb);
    return await prisma.enhancedImage.create({
      data: {
        id: imageId,
        userId,
        name: displayName(filename),
        originalUrl: originalPath(imageId),
        originalR2Key: keys.original,
        originalWidth: width,
        originalHeight: height,
        originalSizeBytes: bytes.length,
        originalFormat: format,
        sourceSha256: options.sourceSha256 ?? sha256Of(upload),
      },
    });
  } catch (error) {
    await Promise.allSettled(written.map((key) => storage.delete(key)));
    throw error;
  }
}
