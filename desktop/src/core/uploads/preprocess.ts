/**
 * Gets one photo ready to send: either its own bytes untouched (when the person chose to upload
 * originals) or an upright JPEG no larger than the enhancement tier needs, without camera or
 * location metadata. Making it smaller here saves upload time and never sends where a photo was
 * taken. iPhone HEIC (HEVC) photos are decoded with the shared WebAssembly decoder, since the
 * prebuilt sharp cannot.
 */
import { readFile } from "node:fs/promises";
import os from "node:os";
import { parse } from "node:path";
import sharp, { type Metadata, type Sharp } from "sharp";
import { decodeHeicPixels, isHevcHeif } from "@spike-land/shared/node/images/heic";
import { ENHANCEMENT_LONGEST_EDGE, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { describeFsError } from "./scan.ts";
import type { ImageFormat } from "./sniff.ts";

// libvips runs one worker thread per image by default on glibc; photos are decoded on every core.
sharp.concurrency(os.availableParallelism());

/** How many photos the upload queue prepares at once. */
export const PREPROCESS_CONCURRENCY = Math.max(1, os.availableParallelism());

export const JPEG_QUALITY = 90;

export type Prepared = { bytes: Buffer; name: string; contentType: string; width: number; height: number };

export type PreprocessOptions = {
  /** Longest edge of the prepared photo; null keeps the photo's own size. Never enlarges. */
  maxEdge: number | null;
  /** Send the file as it is (the server converts HEIC itself). */
  uploadOriginals: boolean;
};

const CONTENT_TYPES: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  avif: "image/avif",
  heic: "image/heic",
};

const FORMAT_NAMES: Record<ImageFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF", heic: "HEIC" };

/** A photo that could not be prepared; the message is meant for the person who dropped it. */
export class PreprocessError extends Error {
  override name = "PreprocessError";
}

/** The longest edge a tier enhances to, and so the largest photo worth sending for it. */
export function maxEdgeForTier(tier: EnhancementTier): number {
  return ENHANCEMENT_LONGEST_EDGE[tier];
}

export async function preprocess(path: string, format: ImageFormat, options: PreprocessOptions): Promise<Prepared> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new PreprocessError(`Could not be read: ${describeFsError(error)}`);
  }
  const base = parse(path).base;
  return options.uploadOriginals ? original(bytes, base, format) : converted(bytes, base, format, options.maxEdge);
}

async function original(bytes: Buffer, name: string, format: ImageFormat): Promise<Prepared> {
  const metadata = await readMetadata(bytes, format);
  // Upright size, as the photo will be shown (an EXIF orientation of 5–8 swaps width and height).
  const { width, height } = metadata.autoOrient;
  if (!width || !height) throw damaged(format);
  return { bytes, name, contentType: CONTENT_TYPES[format], width, height };
}

async function converted(bytes: Buffer, base: string, format: ImageFormat, maxEdge: number | null): Promise<Prepared> {
  let image: Sharp;
  if (format === "heic" && isHevcHeif(await readMetadata(bytes, format))) {
    let pixels;
    try {
      pixels = await decodeHeicPixels(bytes);
    } catch {
      throw damaged(format);
    }
    const { data, width, height, channels } = pixels;
    image = sharp(data, { raw: { width, height, channels } });
  } else {
    image = sharp(bytes).autoOrient();
  }
  if (maxEdge !== null) image = image.resize({ width: maxEdge, height: maxEdge, fit: "inside", withoutEnlargement: true });
  // sharp writes no EXIF, XMP or GPS unless asked, and converts to sRGB, so no profile is needed.
  image = image.flatten({ background: "#ffffff" }).jpeg({ quality: JPEG_QUALITY });
  try {
    const { data, info } = await image.toBuffer({ resolveWithObject: true });
    return { bytes: data, name: `${parse(base).name}.jpg`, contentType: "image/jpeg", width: info.width, height: info.height };
  } catch (error) {
    throw readError(error, format);
  }
}

async function readMetadata(bytes: Buffer, format: ImageFormat): Promise<Metadata> {
  try {
    return await sharp(bytes).metadata();
  } catch (error) {
    throw readError(error, format);
  }
}

function readError(error: unknown, format: ImageFormat): PreprocessError {
  if (error instanceof Error && error.message.includes("pixel limit")) {
    return new PreprocessError("Could not read this photo: it has more pixels than can be processed");
  }
  return damaged(format);
}

function damaged(format: ImageFormat): PreprocessError {
  return new PreprocessError(`Could not read this photo: it is damaged or not really a ${FORMAT_NAMES[format]}`);
}
