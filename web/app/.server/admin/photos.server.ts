/**
 * Photo moderation: recent uploads across all users, and the admin actions on one photo —
 * unpublish (private again, share link revoked), remove from the public gallery, delete. Every
 * action writes an audit entry naming the owner.
 */
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { deleteImage, SIGNED_URL_SECONDS, thumbKey } from "../images/library.server.ts";
import { deleteGalleryItemsOfImage } from "../gallery/removal.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export const PHOTO_PAGE_SIZE = 24;
export const MODERATION_ACTIONS = ["unpublish", "unfeature", "delete"] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export class ModerationError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

/** Recent uploads, newest first, with owner, sharing state, views and how often they are featured. */
export async function listRecentPhotos(page: number) {
  const [total, images] = await Promise.all([
    prisma.enhancedImage.count(),
    prisma.enhancedImage.findMany({
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(page, PHOTO_PAGE_SIZE),
      select: {
        id: true,
        name: true,
        originalR2Key: true,
        originalWidth: true,
        originalHeight: true,
        isPublic: true,
        shareToken: true,
        viewCount: true,
        createdAt: true,
        user: { select: { id: true, email: true, name: true } },
        _count: { select: { featuredGalleryItems: true } },
      },
    }),
  ]);
  const storage = objectStorage();
  const photos = await Promise.all(
    images.map(async (image) => ({
      id: image.id,
      name: image.name,
      width: image.originalWidth,
      height: image.originalHeight,
      isPublic: image.isPublic,
      shared: image.shareToken !== null,
      viewCount: image.viewCount,
      createdAt: image.createdAt,
      owner: { id: image.user.id, label: image.user.email ?? image.user.name ?? "Unknown user" },
      featured: image._count.featuredGalleryItems,
      thumb: await storage.signedGetUrl(thumbKey(image.originalR2Key), { expiresInSeconds: SIGNED_URL_SECONDS }),
    })),
  );
  return { photos, total, pages: pageCount(total, PHOTO_PAGE_SIZE) };
}

async function requirePhoto(imageId: string) {
  const image = await prisma.enhancedImage.findUnique({ where: { id: imageId }, select: { id: true, name: true, userId: true, isPublic: true, shareToken: true } });
  if (!image) throw new ModerationError("That photo no longer exists.", 404);
  return image;
}

/** Makes the photo private again and revokes its share link. */
export async function unpublishPhoto(actorId: string, imageId: string, ipAddress: string | null = null) {
  const image = await requirePhoto(imageId);
  await prisma.$transaction(async (tx) => {
    await tx.enhancedImage.update({ where: { id: image.id }, data: { isPublic: false, shareToken: null } });
    await recordAudit(tx, {
      actorId,
      action: "USER_UPDATE",
      event: "photo.unpublish",
      targetId: image.userId,
      metadata: { imageId: image.id, name: image.name, wasPublic: image.isPublic, hadShareLink: image.shareToken !== null },
      ipAddress,
    });
  });
  return `“${image.name}” is private again and its share link no longer works.`;
}

/** Removes every gallery item made from the photo, with their public copies. */
export async function unfeaturePhoto(actorId: string, imageId: string, ipAddress: string | null = null) {
  const image = await requirePhoto(imageId);
  const removed = await deleteGalleryItemsOfImage(image.id);
  await recordAudit(prisma, {
    actorId,
    action: "USER_UPDATE",
    event: "photo.unfeature",
    targetId: image.userId,
    metadata: { imageId: image.id, name: image.name, galleryItemIds: removed },
    ipAddress,
  });
  return removed.length === 0 ? `“${image.name}” was not in the gallery.` : `“${image.name}” was removed from the gallery.`;
}

/** Deletes the photo for its owner: gallery copies, the row (with its jobs) and every stored file. */
export async function deletePhoto(actorId: string, imageId: string, ipAddress: string | null = null) {
  const image = await requirePhoto(imageId);
  const removed = await deleteGalleryItemsOfImage(image.id);
  if (!(await deleteImage(image.userId, image.id))) throw new ModerationError("That photo no longer exists.", 404);
  await recordAudit(prisma, {
    actorId,
    action: "USER_UPDATE",
    event: "photo.delete",
    targetId: image.userId,
    metadata: { imageId: image.id, name: image.name, galleryItemIds: removed },
    ipAddress,
  });
  return `“${image.name}” was deleted.`;
}

export function moderatePhoto(action: ModerationAction, actorId: string, imageId: string, ipAddress: string | null = null) {
  if (action === "unpublish") return unpublishPhoto(actorId, imageId, ipAddress);
  if (action === "unfeature") return unfeaturePhoto(actorId, imageId, ipAddress);
  return deletePhoto(actorId, imageId, ipAddress);
}
