/** Albums against the real database: default albums, privacy tokens, ownership, ordering and batches. */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENHANCEMENT_COST } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { readBalance } from "../tokens/ledger.server.ts";
import { startQueue, stopQueue } from "../platform/queue.server.ts";
import { processEnhancementJob } from "../jobs/enhance-worker.server.ts";
import { enhancementQueueOptions } from "../jobs/enhance-queue.server.ts";
import {
  addImages,
  AlbumError,
  albumImages,
  albumOptions,
  createAlbum,
  deleteAlbum,
  ensureDefaultAlbums,
  listAlbums,
  moveImages,
  newShareToken,
  removeImages,
  renameAlbum,
  reorder,
  requireAlbum,
  setCover,
  setDefaults,
  setPrivacy,
  shiftImage,
} from "./albums.server.ts";
import { batchView, enhanceAll } from "./batches.server.ts";
import { makeUser } from "../../../test/fixtures.ts";

const URL_SAFE_12 = /^[A-Za-z0-9_-]{12}$/;

const jpeg = () => sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40, g: 110, b: 180 } } }).jpeg().toBuffer();

/** An image row of the user's; with `stored`, its original exists so a job can really run. */
async function makeImage(userId: string, name = "Photo", stored = false) {
  const image = await prisma.enhancedImage.create({
    data: { userId, name, originalUrl: "", originalR2Key: "pending", originalWidth: 96, originalHeight: 64, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  const key = `images/${userId}/${image.id}/original.jpg`;
  if (stored) await objectStorage().put(key, await jpeg(), { contentType: "image/jpeg" });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: key } });
}

async function expectAlbumError(work: Promise<unknown>, status: number, message?: RegExp | string) {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AlbumError);
  expect((error as AlbumError).status).toBe(status);
  if (message) expect((error as AlbumError).message).toMatch(message);
}

async function order(userId: string, albumId: string) {
  return (await albumImages(userId, albumId)).map((image) => image.name);
}

beforeAll(async () => {
  enhancementQueueOptions.retryDelaySeconds = 0;
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(() => stopQueue());

describe("default albums", () => {
  it("creates Private Gallery and Public Gallery once, even when asked concurrently", async () => {
    const user = await makeUser();
    await Promise.all(Array.from({ length: 6 }, () => ensureDefaultAlbums(user.id)));
    await ensureDefaultAlbums(user.id);
    const albums = await prisma.album.findMany({ where: { userId: user.id }, orderBy: { sortOrder: "asc" } });
    expect(albums.map((album) => [album.name, album.privacy])).toEqual([
      ["Private Gallery", "PRIVATE"],
      ["Public Gallery", "PUBLIC"],
    ]);
    expect(albums[0]!.shareToken).toBeNull();
    expect(albums[1]!.shareToken).toMatch(URL_SAFE_12);
    const options = await albumOptions(user.id);
    expect(options).toEqual([
      { id: albums[0]!.id, name: "Private Gallery", privacy: "PRIVATE" },
      { id: albums[1]!.id, name: "Public Gallery", privacy: "PUBLIC" },
    ]);
  });

  it("cannot be renamed, deleted or change privacy, but their description can change", async () => {
    const user = await makeUser();
    const [privateGallery] = await albumOptions(user.id);
    await expectAlbumError(renameAlbum(user.id, privateGallery!.id, { name: "Holiday" }), 409, /default album/);
    await expectAlbumError(deleteAlbum(user.id, privateGallery!.id), 409, /cannot be deleted/);
    await expectAlbumError(setPrivacy(user.id, privateGallery!.id, "UNLISTED"), 409, /privacy cannot change/);
    const renamed = await renameAlbum(user.id, privateGallery!.id, { name: "Private Gallery", description: "Just for me" });
    expect(renamed.description).toBe("Just for me");
    await expectAlbumError(createAlbum(user.id, { name: "public gallery" }), 409, /default albums/);
  });
});

describe("creating, renaming and privacy", () => {
  it("creates albums with unique names and renames them", async () => {
    const user = await makeUser();
    const trip = await createAlbum(user.id, { name: "  Trip  ", description: "Summer" });
    expect(trip).toMatchObject({ name: "Trip", description: "Summer", privacy: "PRIVATE", shareToken: null });
    await expectAlbumError(createAlbum(user.id, { name: "trip" }), 409, 'You already have an album called "trip".');
    const other = await createAlbum(user.id, { name: "Other" });
    await expectAlbumError(renameAlbum(user.id, other.id, { name: "TRIP" }), 409);
    expect((await renameAlbum(user.id, other.id, { name: "Walks", description: "" })).name).toBe("Walks");
    // Another user may use the same name.
    expect((await createAlbum((await makeUser()).id, { name: "Trip" })).name).toBe("Trip");
  });

  it("makes a 12-character url-safe token when leaving PRIVATE, keeps it between UNLISTED and PUBLIC, removes it on PRIVATE", async () => {
    const user = await makeUser();
    const album = await createAlbum(user.id, { name: "Shared" });
    const unlisted = await setPrivacy(user.id, album.id, "UNLISTED");
    expect(unlisted.shareToken).toMatch(URL_SAFE_12);
    const made = await setPrivacy(user.id, album.id, "PUBLIC");
    expect(made.shareToken).toBe(unlisted.shareToken);
    const closed = await setPrivacy(user.id, album.id, "PRIVATE");
    expect(closed.shareToken).toBeNull();
    expect(await prisma.album.findFirst({ where: { shareToken: unlisted.shareToken } })).toBeNull();
    const reopened = await setPrivacy(user.id, album.id, "UNLISTED");
    expect(reopened.shareToken).toMatch(URL_SAFE_12);
    expect(reopened.shareToken).not.toBe(unlisted.shareToken);
    const created = await createAlbum(user.id, { name: "Born public", privacy: "PUBLIC" });
    expect(created.shareToken).toMatch(URL_SAFE_12);
    const tokens = new Set(Array.from({ length: 200 }, () => newShareToken()));
    expect(tokens.size).toBe(200);
    for (const token of tokens) expect(token).toMatch(URL_SAFE_12);
  });
});

describe("ownership", () => {
  it("treats another user's album and images as not found", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const album = await createAlbum(owner.id, { name: "Mine" });
    const ownersImage = await makeImage(owner.id, "Owner's");
    await addImages(owner.id, album.id, [ownersImage.id]);
    const strangersAlbum = await createAlbum(stranger.id, { name: "Theirs" });
    const strangersImage = await makeImage(stranger.id, "Stranger's");

    await expectAlbumError(requireAlbum(stranger.id, album.id), 404);
    await expectAlbumError(albumImages(stranger.id, album.id), 404);
    await expectAlbumError(renameAlbum(stranger.id, album.id, { name: "Hijacked" }), 404);
    await expectAlbumError(setPrivacy(stranger.id, album.id, "PUBLIC"), 404);
    await expectAlbumError(deleteAlbum(stranger.id, album.id), 404);
    await expectAlbumError(addImages(stranger.id, album.id, [strangersImage.id]), 404);
    await expectAlbumError(removeImages(stranger.id, album.id, [ownersImage.id]), 404);
    await expectAlbumError(reorder(stranger.id, album.id, [ownersImage.id]), 404);
    await expectAlbumError(setCover(stranger.id, album.id, ownersImage.id), 404);
    await expectAlbumError(moveImages(stranger.id, album.id, strangersAlbum.id, [ownersImage.id]), 404);
    await expectAlbumError(moveImages(owner.id, album.id, strangersAlbum.id, [ownersImage.id]), 404);
    await expectAlbumError(enhanceAll(stranger.id, album.id, { tier: "FREE" }), 404);
    // Guessing someone else's image id into your own album adds nothing.
    await expectAlbumError(addImages(stranger.id, strangersAlbum.id, [ownersImage.id]), 404, /not found/);
    await expectAlbumError(addImages(owner.id, album.id, [ownersImage.id, strangersImage.id]), 404);
    expect(await prisma.albumImage.count({ where: { imageId: ownersImage.id } })).toBe(1);
    expect(await prisma.albumImage.count({ where: { imageId: strangersImage.id } })).toBe(0);

    const after = await prisma.album.findUniqueOrThrow({ where: { id: album.id } });
    expect(after).toMatchObject({ name: "Mine", privacy: "PRIVATE", shareToken: null });
    expect((await listAlbums(stranger.id)).map((row) => row.id)).not.toContain(album.id);
  });
});

describe("photos in an album", () => {
  it("appends, skips duplicates, reorders, shifts, moves, sets and clears the cover; deleting keeps the images", async () => {
    const user = await makeUser();
    const album = await createAlbum(user.id, { name: "Ordered" });
    const target = await createAlbum(user.id, { name: "Target" });
    const [a, b, c, d] = await Promise.all(["A", "B", "C", "D"].map((name) => makeImage(user.id, name)));

    expect(await addImages(user.id, album.id, [a!.id, b!.id, a!.id])).toEqual({ added: 2, skipped: 0 });
    expect(await addImages(user.id, album.id, [b!.id, c!.id, d!.id])).toEqual({ added: 2, skipped: 1 });
    expect(await order(user.id, album.id)).toEqual(["A", "B", "C", "D"]);

    await reorder(user.id, album.id, [d!.id, b!.id, a!.id, c!.id]);
    expect(await order(user.id, album.id)).toEqual(["D", "B", "A", "C"]);
    // Only some listed: the rest keep their order after them.
    await reorder(user.id, album.id, [c!.id]);
    expect(await order(user.id, album.id)).toEqual(["C", "D", "B", "A"]);
    await expectAlbumError(reorder(user.id, album.id, [c!.id, c!.id]), 400);
    await expectAlbumError(reorder(user.id, album.id, [c!.id, "not-in-album"]), 400);
    await shiftImage(user.id, album.id, b!.id, -1);
    expect(await order(user.id, album.id)).toEqual(["C", "B", "D", "A"]);
    await shiftImage(user.id, album.id, c!.id, -1);
    expect(await order(user.id, album.id)).toEqual(["C", "B", "D", "A"]);

    await expectAlbumError(setCover(user.id, album.id, (await makeImage(user.id, "Outside")).id), 400, /not in this album/);
    await setCover(user.id, album.id, d!.id);
    let listed = (await listAlbums(user.id)).find((row) => row.id === album.id)!;
    expect(listed.imageCount).toBe(4);
    expect(listed.coverThumb).toContain(encodeURIComponent(d!.id));

    await addImages(user.id, target.id, [a!.id]);
    expect(await moveImages(user.id, album.id, target.id, [d!.id, a!.id])).toEqual({ moved: 2, alreadyThere: 1 });
    expect(await order(user.id, album.id)).toEqual(["C", "B"]);
    expect(await order(user.id, target.id)).toEqual(["A", "D"]);
    expect((await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).coverImageId).toBeNull();
    await expectAlbumError(moveImages(user.id, album.id, target.id, [d!.id]), 400);
    await expectAlbumError(moveImages(user.id, album.id, album.id, [c!.id]), 400);
    listed = (await listAlbums(user.id)).find((row) => row.id === album.id)!;
    expect(listed.coverThumb).toContain(encodeURIComponent(c!.id));

    await setCover(user.id, album.id, b!.id);
    expect(await removeImages(user.id, album.id, [b!.id])).toEqual({ removed: 1 });
    expect((await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).coverImageId).toBeNull();

    await deleteAlbum(user.id, album.id);
    expect(await prisma.album.findUnique({ where: { id: album.id } })).toBeNull();
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(5);
  });

  it("accepts default pipelines the user may run and refuses someone else's private one", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const album = await createAlbum(user.id, { name: "Defaults" });
    const own = await prisma.enhancementPipeline.create({ data: { name: "Mine", userId: user.id } });
    const shared = await prisma.enhancementPipeline.create({ data: { name: "Public", userId: other.id, visibility: "PUBLIC" } });
    const hidden = await prisma.enhancementPipeline.create({ data: { name: "Hidden", userId: other.id } });
    expect(await setDefaults(user.id, album.id, { defaultTier: "TIER_2K", pipelineId: own.id })).toMatchObject({ defaultTier: "TIER_2K", pipelineId: own.id });
    expect((await setDefaults(user.id, album.id, { defaultTier: "TIER_1K", pipelineId: shared.id })).pipelineId).toBe(shared.id);
    await expectAlbumError(setDefaults(user.id, album.id, { defaultTier: "TIER_1K", pipelineId: hidden.id }), 404, /pipeline was not found/);
    expect((await setDefaults(user.id, album.id, { defaultTier: "FREE", pipelineId: null })).pipelineId).toBeNull();
  });
});

describe("enhance all", () => {
  it("charges every image, stores one batch id on every job and uses the album's defaults", async () => {
    const user = await makeUser();
    const album = await createAlbum(user.id, { name: "Batch" });
    const images = await Promise.all(["One", "Two", "Three"].map((name) => makeImage(user.id, name)));
    await addImages(user.id, album.id, images.map((image) => image.id));
    const pipeline = await prisma.enhancementPipeline.create({ data: { name: "Mine", userId: user.id } });
    await setDefaults(user.id, album.id, { defaultTier: "TIER_1K", pipelineId: pipeline.id });
    const before = (await readBalance(user.id)).balance;

    const batch = await enhanceAll(user.id, album.id);
    expect(batch.batchId).toMatch(/^batch_[0-9a-f-]{36}$/);
    expect(batch.jobIds).toHaveLength(3);
    expect(batch.cost).toBe(3 * ENHANCEMENT_COST.TIER_1K);
    expect((await readBalance(user.id)).balance).toBe(before - 3 * ENHANCEMENT_COST.TIER_1K);
    const jobs = await prisma.imageEnhancementJob.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(jobs.map((job) => [job.imageId, job.workflowRunId, job.tier, job.pipelineId])).toEqual(
      images.map((image) => [image.id, batch.batchId, "TIER_1K", pipeline.id]),
    );
    const spends = await prisma.tokenTransaction.findMany({ where: { userId: user.id, type: "SPEND_ENHANCEMENT" } });
    expect(spends.map((row) => row.amount)).toEqual([-2, -2, -2]);
    expect(new Set(spends.map((row) => row.sourceId))).toEqual(new Set(batch.jobIds));
  });

  it("refuses a batch the balance cannot pay for without creating any job", async () => {
    const user = await makeUser();
    const album = await createAlbum(user.id, { name: "Too dear" });
    const images = await Promise.all(["One", "Two"].map((name) => makeImage(user.id, name)));
    await addImages(user.id, album.id, images.map((image) => image.id));
    const before = (await readBalance(user.id)).balance;
    await expectAlbumError(enhanceAll(user.id, album.id, { tier: "TIER_4K" }), 402, `This batch needs 20 tokens and you have ${before}.`);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
    expect((await readBalance(user.id)).balance).toBe(before);
    await expectAlbumError(enhanceAll(user.id, (await createAlbum(user.id, { name: "Empty" })).id, { tier: "FREE" }), 400, /no images/);
  });

  it("reports each job's status and the batch totals", async () => {
    const user = await makeUser();
    const album = await createAlbum(user.id, { name: "Progress" });
    const good = await makeImage(user.id, "Good", true);
    const broken = await makeImage(user.id, "Broken", false);
    const waiting = await makeImage(user.id, "Waiting", true);
    await addImages(user.id, album.id, [good.id, broken.id, waiting.id]);
    const batch = await enhanceAll(user.id, album.id, { tier: "FREE", pipelineId: null });

    let view = await batchView(user.id, batch.batchId);
    expect(view!.totals).toMatchObject({ total: 3, done: 0, failed: 0, running: 3 });
    expect(view!.finished).toBe(false);

    await processEnhancementJob(batch.jobIds[0]!);
    // No original in storage: every attempt fails, and after the last one the job is refunded.
    for (let attempt = 0; attempt < 3; attempt++) await processEnhancementJob(batch.jobIds[1]!).catch(() => undefined);
    view = await batchView(user.id, batch.batchId);
    expect(view!.items.map((item) => [item.imageName, item.status])).toEqual([
      ["Good", "COMPLETED"],
      ["Broken", "REFUNDED"],
      ["Waiting", "PENDING"],
    ]);
    expect(view!.items[0]!.currentStage).toBe("GENERATING");
    expect(view!.totals).toMatchObject({ total: 3, done: 1, failed: 1, running: 1 });

    await processEnhancementJob(batch.jobIds[2]!);
    view = await batchView(user.id, batch.batchId);
    expect(view!.totals).toMatchObject({ done: 2, failed: 1, running: 0 });
    expect(view!.finished).toBe(true);

    expect(await batchView((await makeUser()).id, batch.batchId)).toBeNull();
    expect(await batchView(user.id, "batch_unknown")).toBeNull();
  });
});
