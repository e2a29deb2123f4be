/**
 * What an uploaded photo may be: the formats sharp reads for us and the size and pixel limits.
 * Browser-safe, so the upload zone shows the same limits the server enforces.
 */

/** sharp's format names we accept, with the name people know them by. */
const ACCEPTED_IMAGE_FORMATS = { jpeg: "JPEG", png: "PNG", webp: "WebP", avif: "AVIF", heif: "HEIC" } as const;
export type AcceptedImageFormat = keyof typeof ACCEPTED_IMAGE_FORMATS;

/** Human list for messages: "JPEG, PNG, WebP, AVIF or HEIC". */
export const ACCEPTED_FORMATS_TEXT = "JPEG, PNG, WebP, AVIF or HEIC";

/** For the file picker's `accept` attribute (a hint only; the server checks content). */
export const ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/avif,image/heic,image/heif,.jpg,.jpeg,.png,.webp,.avif,.heic,.heif";

export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
export const MAX_UPLOAD_PIXELS = 50_000_000;
/** Longest edge of grid thumbnails. */
export const THUMBNAIL_EDGE = 480;

export function isAcceptedFormat(format: string | undefined): format is AcceptedImageFormat {
  return format !== undefined && Object.hasOwn(ACCEPTED_IMAGE_FORMATS, format);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function tooLargeMessage(filename: string, bytes: number): string {
  return `${filename} is ${formatBytes(bytes)}; the limit is ${formatBytes(MAX_UPLOAD_BYTES)} per file.`;
}
