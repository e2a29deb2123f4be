import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { createGalleryItem, galleryKeys } from "../gallery/gallery.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import { deletePhoto, listRecentPhotos, unfeaturePhoto, unpublishPhoto } from "./photos.server.ts";

async function photo(userId: string, data: { isPublic?: boolean; shareToken?: string | null; viewCount?: number } = {}) {
  const image = await prisma.enhancedImage.create({
    data: { userId, name: "Party", originalUrl: "", originalR2Key: "pending", originalWidth: 10, originalHeight: 10, originalSizeBytes: 1, originalFormat: "jpeg", ...data },
  });
  const key = `images/${userId}/${image.id}/original.jpg`;
  await objectStorage().put(key, Buffer.from("original"), { contentType: "image/jpeg" });
  await objectStorage().put(`images/${userId}/${image.id}/thumb.webp`, Buffer.from("thumb"), { contentType: "image/webp" });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: key } });
}

async function feature(actorId: string, imageId: string) {
  const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).webp().toBuffer();
  return createGalleryItem({ actorId }, { before: webp, after: webp, width: 4, height: 4 }, { title: "Featured", description: null, category: "PORTRAIT" }, { imageId });
}

const auditOf = (actorId: string, event: string) =>
  prisma.auditLog.findFirstOrThrow({ where: { userId: actorId, metadata: { path: ["event"], equals: event } } });

describe("photo moderation", () => {
  it("lists recent uploads across users with owner, sharing state and views", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const shared = await photo(owner.id, { isPublic: true, shareToken: `tok-${owner.id}`, viewCount: 7 });
    const plain = await photo(other.id);
    const { photos, total } = await listRecentPhotos(1);
    expect(total).toBeGreaterThanOrEqual(2);
    expect(photos[0]!.id).toBe(plain.id);
    expect(photos.find((row) => row.id === shared.id)).toMatchObject({
      isPublic: true,
      shared: true,
      viewCount: 7,
      featured: 0,
      owner: { id: owner.id, label: owner.email },
    });
    expect(photos.find((row) => row.id === plain.id)).toMatchObject({ isPublic: false, shared: false });
    expect(photos[0]!.thumb).toContain("thumb.webp");
  });

  it("unpublishes: private again, share link revoked, audited", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const image = await photo(owner.id, { isPublic: true, shareToken: `share-${owner.id}` });
    expect(await unpublishPhoto(admin.id, image.id, "192.0.2.1")).toBe("“Party” is private again and its share link no longer works.");
    expect(await prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } })).toMatchObject({ isPublic: false, shareToken: null });
    const audit = await auditOf(admin.id, "photo.unpublish");
    expect(audit).toMatchObject({ targetId: owner.id, ipAddress: "192.0.2.1" });
    expect(audit.metadata).toMatchObject({ imageId: image.id, wasPublic: true, hadShareLink: true });
  });

  it("removes the photo from the gallery with the public copies, audited", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const image = await photo(owner.id);
    const item = await feature(admin.id, image.id);
    expect(await unfeaturePhoto(admin.id, image.id)).toBe("“Party” was removed from the gallery.");
    expect(await prisma.featuredGalleryItem.count({ where: { id: item.id } })).toBe(0);
    expect(await objectStorage().get(galleryKeys(item.id).after)).toBeNull();
    expect((await auditOf(admin.id, "photo.unfeature")).metadata).toMatchObject({ imageId: image.id, galleryItemIds: [item.id] });
    expect(await prisma.enhancedImage.count({ where: { id: image.id } })).toBe(1);
  });

  it("deletes the photo for its owner: row, files and gallery copies, audited", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const image = await photo(owner.id);
    const item = await feature(admin.id, image.id);
    expect(await deletePhoto(admin.id, image.id)).toBe("“Party” was deleted.");
    expect(await prisma.enhancedImage.count({ where: { id: image.id } })).toBe(0);
    expect(await objectStorage().get(image.originalR2Key)).toBeNull();
    expect(await prisma.featuredGalleryItem.count({ where: { id: item.id } })).toBe(0);
    const audit = await auditOf(admin.id, "photo.delete");
    expect(audit).toMatchObject({ targetId: owner.id, action: "USER_UPDATE" });
    await expect(deletePhoto(admin.id, image.id)).rejects.toMatchObject({ status: 404 });
  });
});
