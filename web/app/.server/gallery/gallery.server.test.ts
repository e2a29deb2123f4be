import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma, type GalleryCategory } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import {
  createGalleryItem,
  deleteGalleryItem,
  featureJob,
  galleryKeys,
  GalleryError,
  isGalleryKey,
  listAllGalleryItems,
  listGallery,
  moveGalleryItem,
  setGalleryItemActive,
  setGalleryItemOrder,
  updateGalleryItem,
} from "./gallery.server.ts";
import { listFeaturableJobs } from "../admin/featurable-jobs.server.ts";
import { seedDemoGallery } from "./demo.server.ts";
import { deleteImage } from "../images/library.server.ts";
import { deleteUser } from "../accounts/users.server.ts";

/** A camera-like JPEG: stored sideways with EXIF orientation 6, a camera make and a GPS position. */
async function cameraJpeg(width = 240, height = 160) {
  return sharp({ create: { width, height, channels: 3, background: "#556677" } })
    .withExif({ IFD0: { Make: "TestCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

/** An uploaded image with a completed job whose result is a portrait 320×480 JPEG. */
async function completedJob(userId: string, options: { status?: "COMPLETED" | "FAILED"; createdAt?: Date } = {}) {
  const image = await prisma.enhancedImage.create({
    data: { userId, name: "Holiday", originalUrl: "", originalR2Key: "pending", originalWidth: 160, originalHeight: 240, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  const originalKey = `images/${userId}/${image.id}/original.jpg`;
  const original = await cameraJpeg();
  await objectStorage().put(originalKey, original, { contentType: "image/jpeg" });
  await prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: originalKey, originalSizeBytes: original.length } });
  const job = await prisma.imageEnhancementJob.create({
    data: { imageId: image.id, userId, tier: "TIER_1K", tokensCost: 2, status: options.status ?? "COMPLETED", createdAt: options.createdAt },
  });
  if ((options.status ?? "COMPLETED") === "COMPLETED") {
    const key = `images/${userId}/${image.id}/enhanced-${job.id}.jpg`;
    const enhanced = await sharp({ create: { width: 320, height: 480, channels: 3, background: "#aabbcc" } }).jpeg().toBuffer();
    await objectStorage().put(key, enhanced, { contentType: "image/jpeg" });
    await prisma.imageEnhancementJob.update({ where: { id: job.id }, data: { enhancedR2Key: key, enhancedWidth: 320, enhancedHeight: 480 } });
  }
  return { image, job, originalKey };
}

const tinyPair = async () => {
  const webp = await sharp({ create: { width: 8, height: 6, channels: 3, background: "#123456" } }).webp().toBuffer();
  return { before: webp, after: webp, width: 8, height: 6 };
};

async function item(actorId: string, title: string, category: GalleryCategory = "LANDSCAPE") {
  return createGalleryItem({ actorId }, await tinyPair(), { title, description: null, category });
}

describe("featuring a completed job", () => {
  it("copies the original and the result to public keys, upright and without any metadata", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const { job, image, originalKey } = await completedJob(owner.id);
    expect((await sharp((await objectStorage().get(originalKey))!.body).metadata()).exif?.toString("latin1")).toContain("TestCam");

    const created = await featureJob({ actorId: admin.id }, job.id, { title: "Sunny", description: "Lifted shadows", category: "PORTRAIT" });
    const keys = galleryKeys(created.id);
    expect(created).toMatchObject({
      title: "Sunny",
      description: "Lifted shadows",
      category: "PORTRAIT",
      originalUrl: `/gallery/files/${keys.before}`,
      enhancedUrl: `/gallery/files/${keys.after}`,
      width: 320,
      height: 480,
      sourceImageId: image.id,
      sourceJobId: job.id,
      isActive: true,
    });
    for (const key of [keys.before, keys.after]) {
      const stored = await objectStorage().get(key);
      expect(stored?.contentType).toBe("image/webp");
      const meta = await sharp(stored!.body).metadata();
      expect(meta).toMatchObject({ format: "webp", width: 320, height: 480 });
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
    }
    expect(created.originalUrl).not.toContain(originalKey);
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: admin.id, targetId: created.id } });
    expect(audit.metadata).toMatchObject({ event: "gallery.feature", jobId: job.id, imageId: image.id, title: "Sunny" });
    expect((await listGallery()).map((row) => row.id)).toContain(created.id);
  });

  it("scales large results to 2048 px on the longest edge", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { job } = await completedJob(admin.id);
    const big = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: "#334455" } }).jpeg().toBuffer();
    await objectStorage().put((await prisma.imageEnhancementJob.findUniqueOrThrow({ where: { id: job.id } })).enhancedR2Key!, big, { contentType: "image/jpeg" });
    const created = await featureJob({ actorId: admin.id }, job.id, { title: "Wide", description: null, category: "LANDSCAPE" });
    expect(created).toMatchObject({ width: 2048, height: 1024 });
  });

  it("refuses a job that is not completed, and one that does not exist", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const { job } = await completedJob(admin.id, { status: "FAILED" });
    await expect(featureJob({ actorId: admin.id }, job.id, { title: "No", description: null, category: "PRODUCT" })).rejects.toMatchObject({ status: 409 });
    await expect(featureJob({ actorId: admin.id }, "missing", { title: "No", description: null, category: "PRODUCT" })).rejects.toBeInstanceOf(GalleryError);
    expect(await prisma.featuredGalleryItem.count({ where: { sourceJobId: job.id } })).toBe(0);
  });

  it("lists completed jobs newest first, with how often each is featured", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const older = await completedJob(admin.id, { createdAt: new Date("2030-01-01T00:00:00Z") });
    const newer = await completedJob(admin.id, { createdAt: new Date("2030-01-02T00:00:00Z") });
    const failed = await completedJob(admin.id, { status: "FAILED", createdAt: new Date("2030-01-03T00:00:00Z") });
    await featureJob({ actorId: admin.id }, older.job.id, { title: "Old", description: null, category: "LANDSCAPE" });
    const { jobs } = await listFeaturableJobs(1);
    const ids = jobs.map((job) => job.id);
    expect(ids.indexOf(newer.job.id)).toBeLessThan(ids.indexOf(older.job.id));
    expect(ids).not.toContain(failed.job.id);
    expect(jobs.find((job) => job.id === older.job.id)).toMatchObject({ featured: 1, imageName: "Holiday" });
    expect(jobs[0]!.thumb).toContain("thumb.webp");
  });
});

describe("curating the gallery", () => {
  it("lists only shown items of the chosen category, in sort order", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const curator = { actorId: admin.id, ipAddress: "192.0.2.5" };
    await prisma.featuredGalleryItem.deleteMany();
    const a = await item(admin.id, "A", "PORTRAIT");
    const b = await item(admin.id, "B", "LANDSCAPE");
    const c = await item(admin.id, "C", "PORTRAIT");
    expect((await listGallery()).map((row) => row.title)).toEqual(["A", "B", "C"]);
    expect((await listGallery("PORTRAIT")).map((row) => row.title)).toEqual(["A", "C"]);

    await setGalleryItemActive(curator, a.id, false);
    expect((await listGallery()).map((row) => row.title)).toEqual(["B", "C"]);
    expect((await listAllGalleryItems()).map((row) => row.title)).toEqual(["A", "B", "C"]);
    await setGalleryItemActive(curator, a.id, true);

    await moveGalleryItem(curator, c.id, "up");
    expect((await listGallery()).map((row) => row.title)).toEqual(["A", "C", "B"]);
    await moveGalleryItem(curator, a.id, "down");
    expect((await listGallery()).map((row) => row.title)).toEqual(["C", "A", "B"]);
    await moveGalleryItem(curator, c.id, "up"); // already first: nothing moves
    expect((await listGallery()).map((row) => row.title)).toEqual(["C", "A", "B"]);

    await setGalleryItemOrder(curator, b.id, -1);
    expect((await listGallery()).map((row) => row.title)[0]).toBe("B");

    const audits = await prisma.auditLog.findMany({ where: { userId: admin.id, ipAddress: "192.0.2.5" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((row) => (row.metadata as { event: string }).event)).toEqual([
      "gallery.hide",
      "gallery.show",
      "gallery.move",
      "gallery.move",
      "gallery.move",
      "gallery.order",
    ]);
    expect(audits.at(-1)).toMatchObject({ action: "USER_UPDATE", targetId: b.id });
  });

  it("edits the details and deletes the item with its stored copies", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const curator = { actorId: admin.id };
    const created = await item(admin.id, "Before edit");
    await updateGalleryItem(curator, created.id, { title: "After edit", description: "Now described", category: "ARCHITECTURE" });
    expect(await prisma.featuredGalleryItem.findUniqueOrThrow({ where: { id: created.id } })).toMatchObject({
      title: "After edit",
      description: "Now described",
      category: "ARCHITECTURE",
    });
    const keys = galleryKeys(created.id);
    expect(await objectStorage().get(keys.after)).not.toBeNull();
    await deleteGalleryItem(curator, created.id);
    expect(await prisma.featuredGalleryItem.count({ where: { id: created.id } })).toBe(0);
    expect(await objectStorage().get(keys.before)).toBeNull();
    expect(await objectStorage().get(keys.after)).toBeNull();
    await expect(deleteGalleryItem(curator, created.id)).rejects.toMatchObject({ status: 404 });
    await expect(setGalleryItemActive(curator, created.id, true)).rejects.toMatchObject({ status: 404 });
  });

  it("takes a photo out of the gallery when its owner deletes the photo or the whole account", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const owner = await makeUser();
    const first = await completedJob(owner.id);
    const second = await completedJob(owner.id);
    const fromFirst = await featureJob({ actorId: admin.id }, first.job.id, { title: "First", description: null, category: "PORTRAIT" });
    const fromSecond = await featureJob({ actorId: admin.id }, second.job.id, { title: "Second", description: null, category: "PORTRAIT" });

    expect(await deleteImage(owner.id, first.image.id)).toBe(true);
    expect(await prisma.featuredGalleryItem.count({ where: { id: fromFirst.id } })).toBe(0);
    expect(await objectStorage().get(galleryKeys(fromFirst.id).after)).toBeNull();
    expect(await prisma.featuredGalleryItem.count({ where: { id: fromSecond.id } })).toBe(1);

    await deleteUser(owner.id);
    expect(await prisma.featuredGalleryItem.count({ where: { id: fromSecond.id } })).toBe(0);
    expect(await objectStorage().get(galleryKeys(fromSecond.id).before)).toBeNull();
    expect(await objectStorage().list(`images/${owner.id}/`)).toEqual([]);
  });

  it("only treats files under gallery/ as gallery keys", () => {
    expect(isGalleryKey("gallery/abc-123/before.webp")).toBe(true);
    expect(isGalleryKey("images/u1/i1/original.jpg")).toBe(false);
    expect(isGalleryKey("gallery/../images/u1/original.jpg")).toBe(false);
    expect(isGalleryKey("gallery/abc/nested/after.webp")).toBe(false);
  });
});

describe("demo content", () => {
  it("fills an empty gallery once, across all four categories, quickly", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    await prisma.featuredGalleryItem.deleteMany();
    const started = performance.now();
    expect(await seedDemoGallery(admin.id)).toBe(6);
    expect(performance.now() - started).toBeLessThan(15_000); // about 1–3 s on an idle machine; generous for shared CI cores
    const items = await listGallery();
    expect(items).toHaveLength(6);
    expect(new Set(items.map((row) => row.category))).toEqual(new Set(["PORTRAIT", "LANDSCAPE", "PRODUCT", "ARCHITECTURE"]));
    const after = await objectStorage().get(items[0]!.enhancedUrl.replace("/gallery/files/", ""));
    expect((await sharp(after!.body).metadata()).format).toBe("webp");
    expect(await seedDemoGallery(admin.id)).toBe(0);
    expect(await prisma.featuredGalleryItem.count()).toBe(6);
  });
});
