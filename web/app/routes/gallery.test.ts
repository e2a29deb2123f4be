import sharp from "sharp";
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { createGalleryItem, galleryKeys } from "../.server/gallery/gallery.server.ts";
import { loader as galleryLoader } from "./gallery.tsx";
import { loader as fileLoader } from "./gallery.files.$.tsx";
import { action as adminAction, loader as adminLoader } from "./admin.gallery.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function pair(colour = "#336699") {
  const webp = await sharp({ create: { width: 12, height: 8, channels: 3, background: colour } }).webp().toBuffer();
  return { before: webp, after: webp, width: 12, height: 8 };
}

async function admin() {
  const user = await makeUser({ role: "ADMIN" });
  return { user, ...(await signIn(user.id)) };
}

/** A user's photo with a completed job; the original carries EXIF that must not reach the gallery. */
async function completedJob(userId: string) {
  const image = await prisma.enhancedImage.create({
    data: { userId, name: "Beach", originalUrl: "", originalR2Key: "pending", originalWidth: 64, originalHeight: 48, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  const originalKey = `images/${userId}/${image.id}/original.jpg`;
  const original = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#884422" } }).withExif({ IFD0: { Make: "TestCam" } }).jpeg().toBuffer();
  await objectStorage().put(originalKey, original, { contentType: "image/jpeg" });
  const enhancedKey = `images/${userId}/${image.id}/enhanced.jpg`;
  await objectStorage().put(enhancedKey, await sharp({ create: { width: 128, height: 96, channels: 3, background: "#aa6633" } }).jpeg().toBuffer(), { contentType: "image/jpeg" });
  await prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: originalKey } });
  return prisma.imageEnhancementJob.create({
    data: { imageId: image.id, userId, tier: "TIER_1K", tokensCost: 2, status: "COMPLETED", enhancedR2Key: enhancedKey, enhancedWidth: 128, enhancedHeight: 96 },
  });
}

const titles = (outcome: { body: { items: Array<{ title: string }> } }) => outcome.body.items.map((item) => item.title);

beforeEach(async () => {
  await prisma.featuredGalleryItem.deleteMany();
});

describe("the public gallery", () => {
  it("shows shown items to signed-out visitors in order, with a shared-cache header", async () => {
    const creator = await makeUser({ role: "ADMIN" });
    const first = await createGalleryItem({ actorId: creator.id }, await pair(), { title: "First", description: "A portrait", category: "PORTRAIT" });
    await createGalleryItem({ actorId: creator.id }, await pair(), { title: "Second", description: null, category: "LANDSCAPE" });
    const hidden = await createGalleryItem({ actorId: creator.id }, await pair(), { title: "Hidden", description: null, category: "PORTRAIT" });
    await prisma.featuredGalleryItem.update({ where: { id: hidden.id }, data: { isActive: false } });

    const page = await run(() => galleryLoader(routeArgs(getRequest("/gallery"))));
    expect(page.status).toBe(200);
    expect(titles(page)).toEqual(["First", "Second"]);
    expect(page.body.items[0]).toMatchObject({
      id: first.id,
      before: `/gallery/files/${galleryKeys(first.id).before}`,
      after: `/gallery/files/${galleryKeys(first.id).after}`,
      width: 12,
      height: 8,
      categoryLabel: "Portraits",
    });
    expect(page.headers.get("Cache-Control")).toMatch(/^public, /);
    expect(page.headers.get("Vary")).toBe("Cookie");
  });

  it("filters by category and ignores an unknown one", async () => {
    const creator = await makeUser({ role: "ADMIN" });
    await createGalleryItem({ actorId: creator.id }, await pair(), { title: "Face", description: null, category: "PORTRAIT" });
    await createGalleryItem({ actorId: creator.id }, await pair(), { title: "Hill", description: null, category: "LANDSCAPE" });
    const portraits = await run(() => galleryLoader(routeArgs(getRequest("/gallery?category=PORTRAIT"))));
    expect(titles(portraits)).toEqual(["Face"]);
    expect(portraits.body.category).toBe("PORTRAIT");
    const unknown = await run(() => galleryLoader(routeArgs(getRequest("/gallery?category=NOPE"))));
    expect(titles(unknown)).toEqual(["Face", "Hill"]);
    expect(unknown.body.category).toBeNull();
  });

  it("is not shared-cached for a signed-in visitor", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const page = await run(() => galleryLoader(routeArgs(getRequest("/gallery", { cookie }))));
    expect(page.body.signedIn).toBe(true);
    expect(page.headers.get("Cache-Control")).toBe("private, no-cache");
  });
});

describe("gallery files", () => {
  it("serves a gallery copy with a long cache", async () => {
    const creator = await makeUser({ role: "ADMIN" });
    const created = await createGalleryItem({ actorId: creator.id }, await pair(), { title: "File", description: null, category: "PRODUCT" });
    const key = galleryKeys(created.id).after;
    const response = (await fileLoader(routeArgs(getRequest(`/gallery/files/${key}`), { "*": key }))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/webp");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect((await sharp(bytes).metadata()).format).toBe("webp");
  });

  it("serves a hidden item's files to admins only, uncached", async () => {
    const creator = await makeUser({ role: "ADMIN" });
    const created = await createGalleryItem({ actorId: creator.id }, await pair(), { title: "Hidden file", description: null, category: "PRODUCT" });
    await prisma.featuredGalleryItem.update({ where: { id: created.id }, data: { isActive: false } });
    const key = galleryKeys(created.id).before;
    const fetch = (cookie?: string) => run(() => fileLoader(routeArgs(getRequest(`/gallery/files/${key}`, { cookie }), { "*": key })));
    expect((await fetch()).status).toBe(404);
    const user = await makeUser();
    expect((await fetch((await signIn(user.id)).cookie)).status).toBe(404);
    const asAdmin = await fetch((await signIn(creator.id)).cookie);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get("Cache-Control")).toBe("private, no-store");
  });

  it("refuses keys outside gallery/, even ones that exist", async () => {
    const owner = await makeUser();
    const privateKey = `images/${owner.id}/secret/original.jpg`;
    await objectStorage().put(privateKey, Buffer.from("private bytes"), { contentType: "image/jpeg" });
    await objectStorage().put("gallery/orphan/after.webp", Buffer.from("no item row"), { contentType: "image/webp" });
    for (const key of [privateKey, `gallery/../${privateKey}`, "gallery/x/../../images/a.jpg", "avatars/a.webp", "gallery/missing/after.webp", "gallery/orphan/after.webp"]) {
      const outcome = await run(() => fileLoader(routeArgs(getRequest("/gallery/files/x"), { "*": key })));
      expect(outcome.status, key).toBe(404);
      expect(outcome.body).toBe("Not found");
    }
  });
});

describe("admin curation", () => {
  it("is for admins only", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    expect((await run(() => adminLoader(routeArgs(getRequest("/admin/gallery", { cookie }))))).status).toBe(403);
    const job = await completedJob(user.id);
    const feature = await run(() => adminAction(routeArgs(formRequest("/admin/gallery", { intent: "feature", jobId: job.id, title: "Mine", category: "PORTRAIT" }, { cookie }))));
    expect(feature.status).toBe(403);
    const signedOut = await run(() => adminLoader(routeArgs(getRequest("/admin/gallery"))));
    expect(signedOut.location).toBe("/login?redirectTo=%2Fadmin%2Fgallery");
    expect(await prisma.featuredGalleryItem.count()).toBe(0);
  });

  it("features a completed job, which then shows in the gallery without the original's metadata", async () => {
    const { user, cookie } = await admin();
    const owner = await makeUser();
    const job = await completedJob(owner.id);
    const picker = await run(() => adminLoader(routeArgs(getRequest("/admin/gallery", { cookie }))));
    expect(picker.body.featurable.jobs.map((row: { id: string }) => row.id)).toContain(job.id);

    const result = await run(() =>
      adminAction(routeArgs(formRequest("/admin/gallery", { intent: "feature", jobId: job.id, title: " Beach day ", description: "", category: "LANDSCAPE" }, { cookie }))),
    );
    expect(result.status).toBe(200);
    expect(result.message).toBe("“Beach day” is now in the gallery.");
    const page = await run(() => galleryLoader(routeArgs(getRequest("/gallery?category=LANDSCAPE"))));
    expect(titles(page)).toEqual(["Beach day"]);
    const shown = page.body.items[0];
    expect(shown).toMatchObject({ width: 128, height: 96, description: null });
    const before = await objectStorage().get(shown.before.replace("/gallery/files/", ""));
    expect((await sharp(before!.body).metadata()).exif).toBeUndefined();
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { userId: user.id, targetId: shown.id } });
    expect(audit.metadata).toMatchObject({ event: "gallery.feature", jobId: job.id });
  });

  it("hides, reorders, edits and deletes through the page's forms", async () => {
    const { cookie } = await admin();
    const creator = await makeUser({ role: "ADMIN" });
    const a = await createGalleryItem({ actorId: creator.id }, await pair(), { title: "A", description: null, category: "PORTRAIT" });
    const b = await createGalleryItem({ actorId: creator.id }, await pair(), { title: "B", description: null, category: "PORTRAIT" });
    const post = (fields: Record<string, string>) => run(() => adminAction(routeArgs(formRequest("/admin/gallery", fields, { cookie }))));
    const gallery = async () => titles(await run(() => galleryLoader(routeArgs(getRequest("/gallery")))));

    expect((await post({ intent: "down", id: a.id })).message).toBe("Moved down.");
    expect(await gallery()).toEqual(["B", "A"]);
    expect((await post({ intent: "order", id: a.id, sortOrder: "0" })).message).toBe("Position saved.");
    expect((await post({ intent: "order", id: b.id, sortOrder: "5" })).message).toBe("Position saved.");
    expect(await gallery()).toEqual(["A", "B"]);
    expect((await post({ intent: "hide", id: a.id })).message).toBe("The item is hidden from the gallery.");
    expect(await gallery()).toEqual(["B"]);
    expect((await post({ intent: "show", id: a.id })).message).toBe("The item is shown in the gallery again.");
    expect(await gallery()).toEqual(["A", "B"]);

    const edited = await post({ intent: "update", id: b.id, title: "Bee", description: "Close up", category: "PRODUCT" });
    expect(edited.status).toBe(200);
    expect(edited.message).toBe("“Bee” saved.");
    expect(titles(await run(() => galleryLoader(routeArgs(getRequest("/gallery?category=PRODUCT")))))).toEqual(["Bee"]);

    expect((await post({ intent: "delete", id: b.id })).message).toBe("The item and its public copies were deleted.");
    expect(await objectStorage().get(galleryKeys(b.id).after)).toBeNull();
    expect((await post({ intent: "delete", id: b.id })).status).toBe(404);
  });

  it("explains invalid input", async () => {
    const { cookie } = await admin();
    const owner = await makeUser();
    const job = await completedJob(owner.id);
    const post = (fields: Record<string, string>) => run(() => adminAction(routeArgs(formRequest("/admin/gallery", fields, { cookie }))));
    const missing = await post({ intent: "feature", jobId: job.id, title: "", category: "FOOD" });
    expect(missing.status).toBe(400);
    expect(missing.fieldErrors).toMatchObject({
      title: ["Give the item a title."],
      category: ["Choose a category: portrait, landscape, product or architecture."],
    });
    expect((await post({ intent: "order", id: "x", sortOrder: "-3" })).message).toBe("Enter 0 or more.");
    expect((await post({ intent: "explode" })).status).toBe(400);
    expect((await post({ intent: "feature", jobId: "nope", title: "T", category: "PORTRAIT" })).status).toBe(404);
    expect(await prisma.featuredGalleryItem.count()).toBe(0);
  });
});
