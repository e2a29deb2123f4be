/**
 * Taking items out of the public gallery together with their public copies: one item, or every item
 * featured from a photo or from any photo of an account, when those are deleted. It needs nothing
 * else of the gallery, so the image library and account deletion can call it without depending on
 * the gallery's curation code (which itself reads the library).
 */
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";

/** Every gallery item keeps its public copies in a folder of its own under this prefix. */
export const GALLERY_KEY_PREFIX = "gallery/";

/** Deletes the stored public copies of one item. */
export async function removeStoredCopies(id: string) {
  const storage = objectStorage();
  const keys = await storage.list(`${GALLERY_KEY_PREFIX}${id}/`);
  await Promise.allSettled(keys.map((key) => storage.delete(key)));
}

/** Removes every item featured from this image (moderation audits it); returns the removed item ids. */
export async function deleteGalleryItemsOfImage(imageId: string): Promise<string[]> {
  const items = await prisma.featuredGalleryItem.findMany({ where: { sourceImageId: imageId }, select: { id: true } });
  await prisma.featuredGalleryItem.deleteMany({ where: { id: { in: items.map((item) => item.id) } } });
  await Promise.all(items.map((item) => removeStoredCopies(item.id)));
  return items.map((item) => item.id);
}

/** Removes every item featured from any of a user's photos (their account is being deleted). */
export async function deleteGalleryItemsOfUser(userId: string): Promise<void> {
  const items = await prisma.featuredGalleryItem.findMany({ where: { sourceImage: { userId } }, select: { id: true } });
  await prisma.featuredGalleryItem.deleteMany({ where: { id: { in: items.map((item) => item.id) } } });
  await Promise.all(items.map((item) => removeStoredCopies(item.id)));
}
