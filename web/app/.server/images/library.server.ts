/**
 * The user's image library. Every read and write filters by `{ id, userId }`, so another user's image
 * is simply "not found" (404), never "forbidden": ids cannot be probed.
 */
import { DomainError } from "@spike-land/shared/errors";
import { MINUTE_SECONDS } from "@spike-land/shared/time";
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { deleteGalleryItemsOfImage } from "../gallery/removal.server.ts";
import { pageCount } from "../platform/pagination.server.ts";

export const LIBRARY_PAGE_SIZE = 24;
/** Signed URLs live long enough to view a page, not to share. */
export const SIGNED_URL_SECONDS = 15 * MINUTE_SECONDS;

const imageSelect = {
  id: true,
  name: true,
  description: true,
  originalUrl: true,
  originalR2Key: true,
  originalWidth: true,
  originalHeight: true,
  originalSizeBytes: true,
  originalFormat: true,
  createdAt: true,
  updatedAt: true,
} as const;

export class LibraryError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

export type LibraryImage = NonNullable<Awaited<ReturnType<typeof findImage>>>;

export function thumbKey(originalKey: string): string {
  return originalKey.replace(/[^/]+$/, "thumb.webp");
}

export async function listImages(userId: string, page = 1, pageSize = LIBRARY_PAGE_SIZE) {
  const current = Math.max(1, Math.floor(page) || 1);
  const [images, total] = await Promise.all([
    prisma.enhancedImage.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (current - 1) * pageSize,
      take: pageSize,
      select: imageSelect,
    }),
    prisma.enhancedImage.count({ where: { userId } }),
  ]);
  return { images, total, page: current, pages: pageCount(total, pageSize) };
}

export function findImage(userId: string, id: string) {
  return prisma.enhancedImage.findFirst({ where: { id, userId }, select: imageSelect });
}

/** The image, or a 404 `LibraryError` for a missing image or someone else's. */
export async function requireImage(userId: string, id: string): Promise<LibraryImage> {
  const image = await findImage(userId, id);
  if (!image) throw new LibraryError("We could not find that image.", 404);
  return image;
}

/**
 * The user's images made from files with these SHA-256 checksums, one per checksum: the oldest
 * when several share it (uploaded twice before checksums were asked about). Another user's images
 * are never found.
 */
export async function imagesBySourceSha256(userId: string, sha256: readonly string[]): Promise<Map<string, LibraryImage>> {
  const found = new Map<string, LibraryImage>();
  if (sha256.length === 0) return found;
  const rows = await prisma.enhancedImage.findMany({
    where: { userId, sourceSha256: { in: [...new Set(sha256)] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { ...imageSelect, sourceSha256: true },
  });
  for (const { sourceSha256, ...image } of rows) {
    if (sourceSha256 !== null && !found.has(sourceSha256)) found.set(sourceSha256, image);
  }
  return found;
}

/** The user's other photos an image can be blended with, newest first. */
export function blendSources(userId: string, imageId: string) {
  return prisma.enhancedImage.findMany({
    where: { userId, id: { not: imageId } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    select: { id: true, name: true },
  });
}

export async function updateImage(userId: string, id: string, changes: { name?: string; description?: string | null }) {
  const result = await prisma.enhancedImage.updateMany({ where: { id, userId }, data: changes });
  return result.count > 0;
}

/** Removes the row (cascading to its jobs and album entries), its gallery features and every stored object of the image. */
export async function deleteImage(userId: string, id: string): Promise<boolean> {
  const image = await findImage(userId, id);
  if (!image) return false;
  // A deleted photo leaves the public gallery too; before the row goes, since deleting it unlinks
  // the gallery items.
  await deleteGalleryItemsOfImage(id);
  await prisma.enhancedImage.deleteMany({ where: { id, userId } });
  const storage = objectStorage();
  const folder = image.originalR2Key.replace(/[^/]+$/, "");
  const keys = new Set([image.originalR2Key, thumbKey(image.originalR2Key), ...(await storage.list(folder))]);
  await Promise.allSettled([...keys].map((key) => storage.delete(key)));
  return true;
}

export async function signedUrls(image: Pick<LibraryImage, "originalR2Key" | "name" | "originalFormat">) {
  const storage = objectStorage();
  const extension = image.originalR2Key.split(".").pop() ?? "jpg";
  const [thumb, original, download] = await Promise.all([
    storage.signedGetUrl(thumbKey(image.originalR2Key), { expiresInSeconds: SIGNED_URL_SECONDS }),
    storage.signedGetUrl(image.originalR2Key, { expiresInSeconds: SIGNED_URL_SECONDS }),
    storage.signedGetUrl(image.originalR2Key, { expiresInSeconds: SIGNED_URL_SECONDS, downloadName: `${image.name}.${extension}` }),
  ]);
  return { thumb, original, download };
}

/** The shape API clients and the upload endpoint see: no storage keys. */
export async function publicImage(image: LibraryImage) {
  const urls = await signedUrls(image);
  return {
    id: image.id,
    name: image.name,
    description: image.description,
    width: image.originalWidth,
    height: image.originalHeight,
    sizeBytes: image.originalSizeBytes,
    format: image.originalFormat,
    createdAt: image.createdAt.toISOString(),
    urls,
  };
}
