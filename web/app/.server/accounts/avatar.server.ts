/**
 * Profile pictures: checked by content (sharp must decode it as an image), square-cropped to
 * 256 px WebP with metadata stripped, stored under avatars/.
 */
import sharp, { type Metadata } from "sharp";
import { randomToken } from "../platform/crypto.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { heicToJpeg, isHevcHeif } from "@spike-land/shared/node/images/heic";
import { DomainError } from "@spike-land/shared/errors";

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
const AVATAR_SIZE = 256;
const MAX_INPUT_PIXELS = 40_000_000;
/** Avatar keys carry a random part, so a stored file never changes and caches may keep it for good. */
export const AVATAR_CACHE_CONTROL = "public, max-age=31536000, immutable";
const ACCEPTED = new Set(["jpeg", "png", "webp", "gif", "avif", "heif"]);

export class AvatarError extends DomainError {
  constructor(message: string) {
    super(400, message, "bad_request", { field: "avatar" });
  }
}

export async function storeAvatar(userId: string, upload: Buffer): Promise<string> {
  let bytes = upload;
  if (bytes.length === 0) throw new AvatarError("Choose an image file to upload.");
  if (bytes.length > AVATAR_MAX_BYTES) throw new AvatarError("That image is larger than 5 MB. Choose a smaller one.");
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new AvatarError("That file is not an image we can read. Use a JPEG, PNG, WebP or AVIF picture.");
  }
  if (!metadata.format || !ACCEPTED.has(metadata.format)) throw new AvatarError("Use a JPEG, PNG, WebP or AVIF picture for your avatar.");
  if (isHevcHeif(metadata)) {
    if (metadata.width * metadata.height > MAX_INPUT_PIXELS) throw new AvatarError("That picture has too many pixels for an avatar. Choose a smaller one.");
    try {
      bytes = await heicToJpeg(bytes);
    } catch {
      throw new AvatarError("That HEIC picture could not be decoded. Export it as JPEG and upload that.");
    }
  }
  const webp = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
    .rotate()
    .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: "cover", position: "attention" })
    .webp({ quality: 85 })
    .toBuffer();
  const key = `avatars/${userId}-${randomToken(8)}.webp`;
  await objectStorage().put(key, webp, { contentType: "image/webp", cacheControl: AVATAR_CACHE_CONTROL });
  return key;
}

export function avatarUrl(key: string): string {
  return `/${key}`;
}

/** Removes the previous stored avatar, if the image URL points at our storage. */
export async function removeStoredAvatar(image: string | null): Promise<void> {
  if (image?.startsWith("/avatars/")) await objectStorage().delete(image.slice(1));
}
