/** The gallery curation page through its loader and action: admin-only, featuring, editing, arranging and deleting, with the replies the page shows. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { action, loader } from "./admin.gallery.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function admin() {
  const user = await makeUser({ role: "ADMIN" });
  return { user, ...(await signIn(user.id)) };
}

/** A completed job with its original and enhanced files stored. */
async function completedJob(userId: string) {
  const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: "#778899" } }).jpeg().toBuffer();
  const image = await prisma.enhancedImage.create({
    data: { userId, name: "Harbour", originalUrl: "", originalR2Key: "pending", originalWidth: 40, originalHeight: 30, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  const originalKey = `images/${userId}/${image.id}/original.jpg`;
  await objectStorage().put(originalKey, await jpeg(40, 30), { contentType: "image/jpeg" });
  await prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: originalKey } });
  const job = await prisma.imageEnhancementJob.create({ data: { imageId: image.id, userId, tier: "TIER_1K", tokensCost: 2, status: "COMPLETED" } });
  const enhancedKey = `images/${userId}/${image.id}/enhanced-${job.id}.jpg`;
  await objectStorage().put(enhancedKey, await jpeg(80, 60), { contentType: "image/jpeg" });
  return prisma.imageEnhancementJob.update({ where: { id: job.id }, data: { enhancedR2Key: enhancedKey, enhancedWidth: 80, enhancedHeight: 60 } });
}

const post = (cookie: string, fields: Record<string, string>) => run(() => action(routeArgs(formRequest("/admin/gallery", fields, { cookie }))));

describe("the admin gallery page", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await run(() => loader(routeArgs(getRequest("/admin/gallery", { cookie }))))).status).toBe(403);
    const job = await completedJob(user.id);
    const attempt = await post(cookie, { intent: "feature", jobId: job.id, title: "Mine now", category: "LANDSCAPE" });
    expect(attempt.status).toBe(403);
    expect(await prisma.featuredGalleryItem.count({ where: { sourceJobId: job.id } })).toBe(0);
  });

  it("features a completed job, explains bad fields, and edits, arranges and deletes the item", async () => {
    const { cookie } = await admin();
    const owner = await makeUser();
    const job = await completedJob(owner.id);

    const invalid = await post(cookie, { intent: "feature", jobId: job.id, title: " ", category: "SPACE" });
    expect(invalid.status).toBe(400);
    expect(invalid.fieldErrors).toMatchObject({ title: ["Give the item a title."], category: ["Choose a category: portrait, landscape, product or architecture."] });
    expect(invalid.body.result.initialValue).toMatchObject({ jobId: job.id });
    const missingJob = await post(cookie, { intent: "feature", jobId: "missing", title: "Nothing", category: "LANDSCAPE" });
    expect(missingJob.status).toBe(404);
    expect(missingJob.message).toBe("That job was not found.");

    const featured = await post(cookie, { intent: "feature", jobId: job.id, title: "Harbour at dusk", description: "", category: "LANDSCAPE" });
    expect(featured.status).toBe(200);
    expect(featured.message).toBe("“Harbour at dusk” is now in the gallery.");
    const item = await prisma.featuredGalleryItem.findFirstOrThrow({ where: { sourceJobId: job.id } });
    expect(item).toMatchObject({ title: "Harbour at dusk", description: null, category: "LANDSCAPE", isActive: true });

    const page = await run(() => loader(routeArgs(getRequest("/admin/gallery", { cookie }))));
    expect(page.body.items.find((row: { id: string }) => row.id === item.id)).toMatchObject({ categoryLabel: "Landscapes" });

    const edited = await post(cookie, { intent: "update", id: item.id, title: "Harbour lights", description: "Long exposure", category: "ARCHITECTURE" });
    expect(edited.message).toBe("“Harbour lights” saved.");
    expect(await prisma.featuredGalleryItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ title: "Harbour lights", description: "Long exposure", category: "ARCHITECTURE" });

    const badPosition = await post(cookie, { intent: "order", id: item.id, sortOrder: "first" });
    expect(badPosition.status).toBe(400);
    expect(badPosition.message).toBe("Enter a whole number for the position.");
    expect((await post(cookie, { intent: "order", id: item.id, sortOrder: "7" })).message).toBe("Position saved.");
    expect((await prisma.featuredGalleryItem.findUniqueOrThrow({ where: { id: item.id } })).sortOrder).toBe(7);

    const hidden = await post(cookie, { intent: "hide", id: item.id });
    expect(hidden.message).toBe("The item is hidden from the gallery.");
    expect((await prisma.featuredGalleryItem.findUniqueOrThrow({ where: { id: item.id } })).isActive).toBe(false);

    const deleted = await post(cookie, { intent: "delete", id: item.id });
    expect(deleted.message).toBe("The item and its public copies were deleted.");
    expect(await prisma.featuredGalleryItem.count({ where: { id: item.id } })).toBe(0);
    const gone = await post(cookie, { intent: "up", id: item.id });
    expect(gone.status).toBe(404);
    expect(gone.message).toBe("That gallery item no longer exists.");
  });

  it("asks for an item and an action", async () => {
    const { cookie } = await admin();
    const unknown = await post(cookie, { intent: "burn", id: "x" });
    expect(unknown.status).toBe(400);
    expect(unknown.message).toBe("Choose a gallery item and what to do with it.");
    const noItem = await post(cookie, { intent: "show" });
    expect(noItem.status).toBe(400);
    expect(noItem.message).toBe("Choose a gallery item.");
  });
});
