/** The album pages, the add-to-album endpoint and the batch progress page, called as the server calls them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { startQueue, stopQueue } from "../.server/platform/queue.server.ts";
import { processEnhancementJob } from "../.server/jobs/enhance-worker.server.ts";
import { readBalance } from "../.server/tokens/ledger.server.ts";
import { addImages, albumOptions, createAlbum } from "../.server/albums/albums.server.ts";
import { action as indexAction, loader as indexLoader } from "./albums._index.tsx";
import { action as albumAction, loader as albumLoader } from "./albums.$id.tsx";
import { action as addAction, loader as addLoader } from "./albums.$id.images.tsx";
import { loader as batchLoader } from "./albums.$id_.batches.$batchId.tsx";
import { loader as libraryLoader } from "./images._index.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

async function makeImage(userId: string, name = "Photo") {
  const image = await prisma.enhancedImage.create({
    data: { userId, name, originalUrl: "", originalR2Key: "pending", originalWidth: 96, originalHeight: 64, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: `images/${userId}/${image.id}/original.jpg` } });
}

async function signedInUser() {
  const user = await makeUser();
  const { cookie } = await signIn(user.id);
  return { user, cookie };
}

/** A url-encoded form that may repeat a field (imageIds=…&imageIds=…). */
function repeated(path: string, fields: Array<[string, string]>, cookie: string) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return formRequest(path, form, { cookie });
}

const post = (albumId: string, fields: Array<[string, string]>, cookie: string) =>
  run(() => albumAction(routeArgs(repeated(`/albums/${albumId}`, fields, cookie), { id: albumId })));

const names = async (userId: string, albumId: string) =>
  (await prisma.albumImage.findMany({ where: { albumId }, orderBy: { sortOrder: "asc" }, include: { image: true } }))
    .filter((row) => row.image.userId === userId)
    .map((row) => row.image.name);

beforeAll(async () => {
  await startQueue(env.DATABASE_URL, { maintenance: false });
});
afterAll(() => stopQueue());

describe("album list", () => {
  it("sends signed-out visitors to sign in", async () => {
    expect((await run(() => indexLoader(routeArgs(getRequest("/albums"))))).location).toBe("/login?redirectTo=%2Falbums");
    expect((await run(() => albumLoader(routeArgs(getRequest("/albums/x"), { id: "x" })))).location).toMatch(/^\/login/);
    expect((await run(() => addAction(routeArgs(formRequest("/albums/x/images", { imageIds: "y" }), { id: "x" })))).location).toMatch(/^\/login/);
    expect((await run(() => batchLoader(routeArgs(getRequest("/albums/x/batches/y"), { id: "x", batchId: "y" })))).location).toMatch(/^\/login/);
  });

  it("shows the two default albums on first visit and creates albums from the form", async () => {
    const { user, cookie } = await signedInUser();
    const page = await run(() => indexLoader(routeArgs(getRequest("/albums", { cookie }))));
    expect(page.body.albums.map((album: { name: string; privacy: string; isDefault: boolean; imageCount: number }) => [album.name, album.privacy, album.isDefault, album.imageCount])).toEqual([
      ["Private Gallery", "PRIVATE", true, 0],
      ["Public Gallery", "PUBLIC", true, 0],
    ]);
    await run(() => indexLoader(routeArgs(getRequest("/albums", { cookie }))));
    expect(await prisma.album.count({ where: { userId: user.id } })).toBe(2);

    const created = await run(() => indexAction(routeArgs(formRequest("/albums", { name: "Weekend", description: "Hills", privacy: "UNLISTED" }, { cookie }))));
    const album = await prisma.album.findFirstOrThrow({ where: { userId: user.id, name: "Weekend" } });
    expect(created.location).toBe(`/albums/${album.id}`);
    expect(album.shareToken).toMatch(/^[A-Za-z0-9_-]{12}$/);

    const blank = await run(() => indexAction(routeArgs(formRequest("/albums", { name: "  " }, { cookie }))));
    expect(blank.status).toBe(400);
    expect(blank.fieldErrors.name).toEqual(["Give the album a name."]);
    const badPrivacy = await run(() => indexAction(routeArgs(formRequest("/albums", { name: "X", privacy: "SECRET" }, { cookie }))));
    expect(badPrivacy.status).toBe(400);
    expect(badPrivacy.fieldErrors.privacy).toEqual(["Choose who can see the album: private, unlisted or public."]);
    const duplicate = await run(() => indexAction(routeArgs(formRequest("/albums", { name: "weekend" }, { cookie }))));
    expect(duplicate.status).toBe(409);
  });
});

describe("album page", () => {
  it("is not found for anyone but the owner, for reading and for every change", async () => {
    const { user } = await signedInUser();
    const { cookie: strangerCookie } = await signedInUser();
    const album = await createAlbum(user.id, { name: "Private stuff" });
    const image = await makeImage(user.id);
    await addImages(user.id, album.id, [image.id]);
    expect((await run(() => albumLoader(routeArgs(getRequest(`/albums/${album.id}`, { cookie: strangerCookie }), { id: album.id })))).status).toBe(404);
    for (const fields of [
      [["intent", "rename"], ["name", "Mine now"]],
      [["intent", "privacy"], ["privacy", "PUBLIC"]],
      [["intent", "remove"], ["imageIds", image.id]],
      [["intent", "delete"]],
      [["intent", "enhance"], ["tier", "FREE"]],
    ] as Array<Array<[string, string]>>) {
      expect((await post(album.id, fields, strangerCookie)).status).toBe(404);
    }
    const unchanged = await prisma.album.findUniqueOrThrow({ where: { id: album.id } });
    expect(unchanged).toMatchObject({ name: "Private stuff", privacy: "PRIVATE" });
    expect(await prisma.albumImage.count({ where: { albumId: album.id } })).toBe(1);
  });

  it("shows the photos, the share link when not private, and the batch cost against the balance", async () => {
    const { user, cookie } = await signedInUser();
    const album = await createAlbum(user.id, { name: "Show" });
    const images = await Promise.all(["A", "B"].map((name) => makeImage(user.id, name)));
    await addImages(user.id, album.id, images.map((image) => image.id));
    let page = await run(() => albumLoader(routeArgs(getRequest(`/albums/${album.id}`, { cookie }), { id: album.id })));
    expect(page.body.images.map((image: { name: string }) => image.name)).toEqual(["A", "B"]);
    expect(page.body.album.sharePath).toBeNull();
    expect(page.body.otherAlbums.map((other: { name: string }) => other.name)).toEqual(["Private Gallery", "Public Gallery"]);
    expect(page.body.balance).toBe((await readBalance(user.id)).balance);

    expect((await post(album.id, [["intent", "privacy"], ["privacy", "UNLISTED"]], cookie)).status).toBe(200);
    page = await run(() => albumLoader(routeArgs(getRequest(`/albums/${album.id}`, { cookie }), { id: album.id })));
    expect(page.body.album.sharePath).toMatch(/^\/share\/albums\/[A-Za-z0-9_-]{12}$/);
    expect((await post(album.id, [["intent", "privacy"], ["privacy", "PRIVATE"]], cookie)).status).toBe(200);
    expect((await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).shareToken).toBeNull();
    const invalid = await post(album.id, [["intent", "privacy"], ["privacy", "EVERYONE"]], cookie);
    expect(invalid.status).toBe(400);
    expect(invalid.message).toBe("Choose private, unlisted or public.");
  });

  it("reorders, shifts, removes, moves and sets the cover from the bulk forms", async () => {
    const { user, cookie } = await signedInUser();
    const album = await createAlbum(user.id, { name: "Bulk" });
    const target = await createAlbum(user.id, { name: "Elsewhere" });
    const [a, b, c] = await Promise.all(["A", "B", "C"].map((name) => makeImage(user.id, name)));
    await addImages(user.id, album.id, [a!.id, b!.id, c!.id]);

    expect((await post(album.id, [["intent", "reorder"], ["orderedImageIds", c!.id], ["orderedImageIds", a!.id], ["orderedImageIds", b!.id]], cookie)).status).toBe(200);
    expect(await names(user.id, album.id)).toEqual(["C", "A", "B"]);
    await post(album.id, [["intent", "shift"], ["imageId", b!.id], ["direction", "up"]], cookie);
    expect(await names(user.id, album.id)).toEqual(["C", "B", "A"]);

    const twoCovers = await post(album.id, [["intent", "cover"], ["imageIds", a!.id], ["imageIds", b!.id]], cookie);
    expect(twoCovers.status).toBe(400);
    expect(twoCovers.message).toBe("Select exactly one photo to use as the cover.");
    expect((await post(album.id, [["intent", "cover"], ["imageIds", a!.id]], cookie)).message).toBe("Cover photo set.");
    expect((await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).coverImageId).toBe(a!.id);

    const none = await post(album.id, [["intent", "remove"]], cookie);
    expect(none.status).toBe(400);
    expect(none.message).toBe("Select at least one photo first.");
    const moved = await post(album.id, [["intent", "move"], ["imageIds", a!.id], ["imageIds", c!.id], ["toAlbumId", target.id]], cookie);
    expect(moved.message).toBe("2 photos moved.");
    expect(await names(user.id, target.id)).toEqual(["C", "A"]);
    const removed = await post(album.id, [["intent", "remove"], ["imageIds", b!.id]], cookie);
    expect(removed.message).toBe("1 photo removed from the album; they are still in your library.");
    expect(await names(user.id, album.id)).toEqual([]);

    const strangersAlbum = await createAlbum((await makeUser()).id, { name: "Not yours" });
    expect((await post(target.id, [["intent", "move"], ["imageIds", a!.id], ["toAlbumId", strangersAlbum.id]], cookie)).status).toBe(404);
    expect(await names(user.id, target.id)).toEqual(["C", "A"]);
  });

  it("renames, refuses deleting a default album, and deletes other albums keeping their photos", async () => {
    const { user, cookie } = await signedInUser();
    const [privateGallery] = await albumOptions(user.id);
    const refused = await post(privateGallery!.id, [["intent", "delete"]], cookie);
    expect(refused.status).toBe(409);
    expect(refused.message).toBe('"Private Gallery" is a default album and cannot be deleted.');
    const album = await createAlbum(user.id, { name: "Short-lived" });
    await addImages(user.id, album.id, [(await makeImage(user.id)).id]);
    expect((await post(album.id, [["intent", "rename"], ["name", "Renamed"], ["description", "New words"]], cookie)).status).toBe(200);
    expect(await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).toMatchObject({ name: "Renamed", description: "New words" });
    expect((await post(album.id, [["intent", "delete"]], cookie)).location).toBe("/albums");
    expect(await prisma.album.findUnique({ where: { id: album.id } })).toBeNull();
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe("adding photos from elsewhere", () => {
  it("adds the user's own photos and goes back to a safe redirectTo", async () => {
    const { user, cookie } = await signedInUser();
    const [privateGallery] = await albumOptions(user.id);
    const [a, b] = await Promise.all(["A", "B"].map((name) => makeImage(user.id, name)));
    const added = await run(() =>
      addAction(routeArgs(repeated(`/albums/${privateGallery!.id}/images`, [["imageIds", a!.id], ["imageIds", b!.id], ["redirectTo", "/images?page=2"]], cookie), { id: privateGallery!.id })),
    );
    expect(added.location).toBe(`/images?page=2&addedTo=${privateGallery!.id}&count=2`);
    expect(await names(user.id, privateGallery!.id)).toEqual(["A", "B"]);
    const again = await run(() =>
      addAction(routeArgs(repeated(`/albums/${privateGallery!.id}/images`, [["imageIds", a!.id], ["redirectTo", "//evil.example/phish"]], cookie), { id: privateGallery!.id })),
    );
    expect(again.location).toBe(`/albums/${privateGallery!.id}?addedTo=${privateGallery!.id}&count=1`);
    expect(await names(user.id, privateGallery!.id)).toEqual(["A", "B"]);
    const empty = await run(() => addAction(routeArgs(repeated(`/albums/${privateGallery!.id}/images`, [["redirectTo", "/images"]], cookie), { id: privateGallery!.id })));
    expect(empty.status).toBe(400);
    expect(empty.body).toBe("Select at least one photo first.");
    expect((await run(() => addLoader(routeArgs(getRequest(`/albums/${privateGallery!.id}/images`, { cookie }), { id: privateGallery!.id })))).location).toBe(
      `/albums/${privateGallery!.id}`,
    );
  });

  it("is not found for someone else's album or someone else's photo", async () => {
    const { user, cookie } = await signedInUser();
    const other = await makeUser();
    const [mine] = await albumOptions(user.id);
    const [theirs] = await albumOptions(other.id);
    const myImage = await makeImage(user.id);
    const theirImage = await makeImage(other.id);
    const intoTheirs = await run(() => addAction(routeArgs(repeated(`/albums/${theirs!.id}/images`, [["imageIds", myImage.id]], cookie), { id: theirs!.id })));
    expect(intoTheirs.status).toBe(404);
    const theirPhoto = await run(() => addAction(routeArgs(repeated(`/albums/${mine!.id}/images`, [["imageIds", theirImage.id]], cookie), { id: mine!.id })));
    expect(theirPhoto.status).toBe(404);
    expect(await prisma.albumImage.count({ where: { albumId: { in: [mine!.id, theirs!.id] } } })).toBe(0);
  });

  it("gives the library page the album choices", async () => {
    const { cookie } = await signedInUser();
    const page = await run(() => libraryLoader(routeArgs(getRequest("/images", { cookie }))));
    expect(page.body.albums.map((album: { name: string }) => album.name)).toEqual(["Private Gallery", "Public Gallery"]);
  });
});

describe("enhance all from the album page", () => {
  it("refuses an unaffordable batch with 402 and creates no job", async () => {
    const { user, cookie } = await signedInUser();
    const album = await createAlbum(user.id, { name: "Dear" });
    await addImages(user.id, album.id, [(await makeImage(user.id)).id, (await makeImage(user.id)).id]);
    const balance = (await readBalance(user.id)).balance;
    const refused = await post(album.id, [["intent", "enhance"], ["tier", "TIER_4K"]], cookie);
    expect(refused.status).toBe(402);
    expect(refused.message).toMatch(new RegExp(`^This batch needs 20 tokens and you have ${balance}\\.`));
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(0);
  });

  it("starts a batch, shows its progress, and limits batches to 5 a minute with Retry-After", async () => {
    const { user, cookie } = await signedInUser();
    const album = await createAlbum(user.id, { name: "Many" });
    const images = await Promise.all(["One", "Two"].map((name) => makeImage(user.id, name)));
    await addImages(user.id, album.id, images.map((image) => image.id));

    const started = await post(album.id, [["intent", "enhance"], ["tier", "FREE"], ["pipelineId", ""]], cookie);
    const batchId = started.location?.split("/").pop() ?? "";
    expect(started.location).toBe(`/albums/${album.id}/batches/${batchId}`);
    const jobs = await prisma.imageEnhancementJob.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(jobs.map((job) => job.workflowRunId)).toEqual([batchId, batchId]);

    // The originals are not in storage, so each attempt fails until the job is refunded.
    for (let attempt = 0; attempt < 3; attempt++) await processEnhancementJob(jobs[0]!.id).catch(() => undefined);
    const progress = await run(() => batchLoader(routeArgs(getRequest(`/albums/${album.id}/batches/${batchId}`, { cookie }), { id: album.id, batchId })));
    expect(progress.body.batch.totals).toMatchObject({ total: 2, done: 0, failed: 1, running: 1 });
    expect(progress.body.batch.items.map((item: { status: string }) => item.status)).toEqual(["REFUNDED", "PENDING"]);
    expect(progress.body.batch.finished).toBe(false);

    const { cookie: strangerCookie } = await signedInUser();
    expect((await run(() => batchLoader(routeArgs(getRequest("/", { cookie: strangerCookie }), { id: album.id, batchId })))).status).toBe(404);
    expect((await run(() => batchLoader(routeArgs(getRequest("/", { cookie }), { id: album.id, batchId: "batch_missing" })))).status).toBe(404);

    for (let batch = 2; batch <= 5; batch++) {
      expect((await post(album.id, [["intent", "enhance"], ["tier", "FREE"]], cookie)).status).toBe(302);
    }
    const limited = await post(album.id, [["intent", "enhance"], ["tier", "FREE"]], cookie);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.message).toMatch(/5 album batches a minute/);
    expect(await prisma.imageEnhancementJob.count({ where: { userId: user.id } })).toBe(10);
  });
});
