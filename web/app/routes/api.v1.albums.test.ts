/** The album and pipeline JSON endpoints, called with bearer tokens the way the desktop app calls them. */
import { describe, expect, it } from "vitest";
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { albumListResponse, albumResponse, pipelineListResponse, pipelineResponse } from "@spike-land/shared/api/albums";
import { prisma } from "../.server/platform/db.server.ts";
import { addImages, createAlbum } from "../.server/albums/albums.server.ts";
import { action as listAction, loader as listLoader } from "./api.v1.albums.tsx";
import { action as albumAction, loader as albumLoader } from "./api.v1.albums.$id.tsx";
import { action as imagesAction, loader as imagesLoader } from "./api.v1.albums.$id.images.tsx";
import { action as pipelinesAction, loader as pipelinesLoader } from "./api.v1.pipelines.tsx";
import { getRequest, jsonRequest, routeArgs, run, type Outcome } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

function expectApiError(result: Outcome, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(apiErrorBody.safeParse(result.body).success).toBe(true);
  expect(result.body.error.code).toBe(code);
  expect(result.body.error.message.length).toBeGreaterThan(0);
}

async function apiUser() {
  const user = await makeUser();
  const { token } = await signIn(user.id);
  return { user, token };
}

async function makeImage(userId: string, name: string) {
  const image = await prisma.enhancedImage.create({
    data: { userId, name, originalUrl: "", originalR2Key: "pending", originalWidth: 96, originalHeight: 64, originalSizeBytes: 0, originalFormat: "jpeg" },
  });
  return prisma.enhancedImage.update({ where: { id: image.id }, data: { originalR2Key: `images/${userId}/${image.id}/original.jpg` } });
}

const auth = (token?: string) => (token ? { headers: { Authorization: `Bearer ${token}` } } : {});
const list = (token?: string) => run(() => listLoader(routeArgs(getRequest("/api/v1/albums", auth(token)))));
const create = (body: unknown, token?: string) => run(() => listAction(routeArgs(jsonRequest("/api/v1/albums", body, { token }))));
const getAlbum = (id: string, token?: string) => run(() => albumLoader(routeArgs(getRequest(`/api/v1/albums/${id}`, auth(token)), { id })));
const patch = (id: string, body: unknown, token?: string) =>
  run(() => albumAction(routeArgs(jsonRequest(`/api/v1/albums/${id}`, body, { token, method: "PATCH" }), { id })));
const remove = (id: string, token?: string) =>
  run(() => albumAction(routeArgs(getRequest(`/api/v1/albums/${id}`, { method: "DELETE", ...auth(token) }), { id })));
const images = (method: "POST" | "PUT" | "DELETE", id: string, body: unknown, token?: string) =>
  run(() => imagesAction(routeArgs(jsonRequest(`/api/v1/albums/${id}/images`, body, { token, method }), { id })));

const SHARE_URL = /^http:\/\/[^/]+\/share\/albums\/([A-Za-z0-9_-]{12})$/;

describe("album endpoints need a session", () => {
  it("answers 401 JSON without a bearer token, and to a made-up one", async () => {
    expectApiError(await list(), 401, "unauthorized");
    expectApiError(await list("made-up-token"), 401, "unauthorized");
    expectApiError(await create({ name: "Trip" }), 401, "unauthorized");
    expectApiError(await getAlbum("anything"), 401, "unauthorized");
    expectApiError(await patch("anything", { name: "New" }), 401, "unauthorized");
    expectApiError(await remove("anything"), 401, "unauthorized");
    expectApiError(await images("POST", "anything", { imageIds: ["x"] }), 401, "unauthorized");
    expectApiError(await run(() => pipelinesLoader(routeArgs(getRequest("/api/v1/pipelines")))), 401, "unauthorized");
    expectApiError(await run(() => pipelinesAction(routeArgs(jsonRequest("/api/v1/pipelines", { name: "P", tier: "FREE" })))), 401, "unauthorized");
  });

  it("answers 405 with Allow to methods an endpoint does not offer", async () => {
    const { token } = await apiUser();
    const result = await run(() => listAction(routeArgs(jsonRequest("/api/v1/albums", {}, { token, method: "PUT" }))));
    expectApiError(result, 405, "method_not_allowed");
    expect(result.headers.get("Allow")).toBe("GET, POST");
    expectApiError(await run(() => imagesLoader()), 405, "method_not_allowed");
  });
});

describe("GET and POST /api/v1/albums", () => {
  it("lists the two default albums first, with a share URL only for the public one", async () => {
    const { user, token } = await apiUser();
    const result = await list(token);
    expect(result.status).toBe(200);
    const { albums } = albumListResponse.parse(result.body);
    expect(albums.map((album) => [album.name, album.privacy, album.isDefault, album.imageCount])).toEqual([
      ["Private Gallery", "PRIVATE", true, 0],
      ["Public Gallery", "PUBLIC", true, 0],
    ]);
    expect(albums[0]!.shareUrl).toBeNull();
    const token12 = SHARE_URL.exec(albums[1]!.shareUrl ?? "")?.[1];
    const stored = await prisma.album.findFirstOrThrow({ where: { userId: user.id, name: "Public Gallery" } });
    expect(token12).toBe(stored.shareToken);
    // A second call does not duplicate them.
    expect(albumListResponse.parse((await list(token)).body).albums).toHaveLength(2);
  });

  it("creates an album, counts its images and refuses a duplicate name with 409", async () => {
    const { user, token } = await apiUser();
    const created = await create({ name: "  Holidays ", description: "Summer" }, token);
    expect(created.status).toBe(201);
    const { album } = albumResponse.parse(created.body);
    expect(created.headers.get("Location")).toBe(`/api/v1/albums/${album.id}`);
    expect(album).toMatchObject({ name: "Holidays", description: "Summer", privacy: "PRIVATE", shareUrl: null, isDefault: false, images: [] });
    await addImages(user.id, album.id, [(await makeImage(user.id, "A")).id]);
    const listed = albumListResponse.parse((await list(token)).body).albums;
    expect(listed.map((row) => [row.name, row.imageCount])).toEqual([
      ["Private Gallery", 0],
      ["Public Gallery", 0],
      ["Holidays", 1],
    ]);
    expectApiError(await create({ name: "holidays" }, token), 409, "conflict");
    expectApiError(await create({ name: "Public Gallery" }, token), 409, "conflict");
    expect(await prisma.album.count({ where: { userId: user.id } })).toBe(3);
  });

  it("creates a public album with a 12-character share link", async () => {
    const { token } = await apiUser();
    const { album } = albumResponse.parse((await create({ name: "Open", privacy: "PUBLIC" }, token)).body);
    expect(album.shareUrl).toMatch(SHARE_URL);
  });

  it("answers 422 with a message per field to an invalid body, and 400 to a body that is not JSON", async () => {
    const { user, token } = await apiUser();
    const invalid = await create({ name: "   ", privacy: "SECRET", description: 7 }, token);
    expectApiError(invalid, 422, "validation_failed");
    expect(invalid.body.error.fields).toEqual({
      name: ["Give the album a name."],
      description: ["The description must be text."],
      privacy: ["Choose who can see the album: PRIVATE, UNLISTED or PUBLIC."],
    });
    const long = await create({ name: "x".repeat(81) }, token);
    expect(long.body.error.fields).toEqual({ name: ["Keep the album name under 80 characters."] });
    const broken = await create("{", token);
    expectApiError(broken, 400, "bad_request");
    expect(await prisma.album.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("one album", () => {
  it("creates, adds, reorders and reads the images back in the new order", async () => {
    const { user, token } = await apiUser();
    const { album } = albumResponse.parse((await create({ name: "Order" }, token)).body);
    const [one, two, three] = await Promise.all(["One", "Two", "Three"].map((name) => makeImage(user.id, name)));

    const added = await images("POST", album.id, { imageIds: [one!.id, two!.id] }, token);
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ added: 2, skipped: 0 });
    expect((await images("POST", album.id, { imageIds: [two!.id, three!.id] }, token)).body).toEqual({ added: 1, skipped: 1 });

    const reordered = await images("PUT", album.id, { imageIds: [three!.id, one!.id] }, token);
    expect(reordered.status).toBe(200);
    expect(reordered.body).toEqual({ imageIds: [three!.id, one!.id, two!.id] });

    const read = await getAlbum(album.id, token);
    expect(read.status).toBe(200);
    const detail = albumResponse.parse(read.body).album;
    expect(detail.images.map((image) => image.name)).toEqual(["Three", "One", "Two"]);
    expect(detail.images[0]).toMatchObject({ id: three!.id, width: 96, height: 64 });
    expect(detail.images[0]!.thumb).toContain(three!.id);
    expect(detail.imageCount).toBe(3);
    expect(detail.coverThumb).toBe(detail.images[0]!.thumb);

    expect((await images("DELETE", album.id, { imageIds: [one!.id] }, token)).body).toEqual({ removed: 1 });
    expect(albumResponse.parse((await getAlbum(album.id, token)).body).album.images.map((image) => image.name)).toEqual(["Three", "Two"]);
    expect(await prisma.enhancedImage.count({ where: { id: one!.id } })).toBe(1);
  });

  it("validates image id lists and refuses images that are not in the album", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Checks" });
    const empty = await images("POST", album.id, { imageIds: [] }, token);
    expectApiError(empty, 422, "validation_failed");
    expect(empty.body.error.fields).toEqual({ imageIds: ["Send at least one image id."] });
    const wrongType = await images("PUT", album.id, { imageIds: "abc" }, token);
    expect(wrongType.body.error.fields).toEqual({ imageIds: ["Send imageIds as a list of image ids."] });
    const outsider = await makeImage(user.id, "Outside");
    expectApiError(await images("PUT", album.id, { imageIds: [outsider.id] }, token), 400, "bad_request");
  });

  it("changes privacy: a share URL with a 12-character token, kept between unlisted and public, gone when private", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Sharing" });
    const unlisted = await patch(album.id, { privacy: "UNLISTED" }, token);
    expect(unlisted.status).toBe(200);
    const first = albumResponse.parse(unlisted.body).album.shareUrl ?? "";
    const shareToken = SHARE_URL.exec(first)?.[1];
    expect(shareToken).toHaveLength(12);
    expect((await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).shareToken).toBe(shareToken);
    expect(albumResponse.parse((await patch(album.id, { privacy: "PUBLIC" }, token)).body).album.shareUrl).toBe(first);
    const closed = albumResponse.parse((await patch(album.id, { privacy: "PRIVATE" }, token)).body).album;
    expect(closed.shareUrl).toBeNull();
    expect((await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).shareToken).toBeNull();
  });

  it("renames, sets enhancement defaults and the cover, and clears them again", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Before", description: "Kept" });
    const [a, b] = await Promise.all([makeImage(user.id, "A"), makeImage(user.id, "B")]);
    await addImages(user.id, album.id, [a.id, b.id]);
    const pipeline = await prisma.enhancementPipeline.create({ data: { userId: user.id, name: "Mine", tier: "TIER_2K" } });

    const renamed = albumResponse.parse((await patch(album.id, { name: "After" }, token)).body).album;
    expect(renamed).toMatchObject({ name: "After", description: "Kept" });
    const changed = await patch(album.id, { description: null, defaultTier: "TIER_2K", pipelineId: pipeline.id, coverImageId: b.id }, token);
    expect(changed.status).toBe(200);
    const detail = albumResponse.parse(changed.body).album;
    expect(detail).toMatchObject({ name: "After", description: null, defaultTier: "TIER_2K", pipelineId: pipeline.id, coverImageId: b.id });
    expect(detail.coverThumb).toBe(detail.images[1]!.thumb);
    const cleared = albumResponse.parse((await patch(album.id, { pipelineId: null, coverImageId: null }, token)).body).album;
    expect(cleared).toMatchObject({ defaultTier: "TIER_2K", pipelineId: null, coverImageId: null });
  });

  it("refuses a PATCH it cannot apply as a whole, changing nothing", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Whole" });
    const stray = await makeImage(user.id, "Not in album");
    expectApiError(await patch(album.id, { name: "Renamed", coverImageId: stray.id }, token), 400, "bad_request");
    const stranger = await makeUser();
    const theirs = await prisma.enhancementPipeline.create({ data: { userId: stranger.id, name: "Theirs", tier: "FREE" } });
    expectApiError(await patch(album.id, { name: "Renamed", pipelineId: theirs.id }, token), 404, "not_found");
    expect((await prisma.album.findUniqueOrThrow({ where: { id: album.id } })).name).toBe("Whole");

    const empty = await patch(album.id, {}, token);
    expectApiError(empty, 422, "validation_failed");
    expect(empty.body.error.fields._).toEqual(["Send at least one of name, description, privacy, defaultTier, pipelineId or coverImageId."]);
    const bad = await patch(album.id, { privacy: "FRIENDS", defaultTier: "HUGE" }, token);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["defaultTier", "privacy"]);

    await list(token);
    const publicGallery = await prisma.album.findFirstOrThrow({ where: { userId: user.id, name: "Public Gallery" } });
    expectApiError(await patch(publicGallery.id, { privacy: "PRIVATE" }, token), 409, "conflict");
    expectApiError(await patch(publicGallery.id, { name: "Renamed gallery" }, token), 409, "conflict");
    expectApiError(await remove(publicGallery.id, token), 409, "conflict");
  });

  it("deletes an album but keeps its images", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Short-lived" });
    const image = await makeImage(user.id, "Stays");
    await addImages(user.id, album.id, [image.id]);
    const deleted = await remove(album.id, token);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expectApiError(await getAlbum(album.id, token), 404, "not_found");
    expect(await prisma.enhancedImage.count({ where: { id: image.id } })).toBe(1);
  });
});

describe("someone else's album or image", () => {
  it("is not found, whatever the method or body", async () => {
    const owner = await apiUser();
    const album = await createAlbum(owner.user.id, { name: "Private stuff" });
    const ownerImage = await makeImage(owner.user.id, "Owner's");
    await addImages(owner.user.id, album.id, [ownerImage.id]);
    const { user, token } = await apiUser();

    expectApiError(await getAlbum(album.id, token), 404, "not_found");
    expectApiError(await patch(album.id, { name: "Mine now" }, token), 404, "not_found");
    expectApiError(await patch(album.id, { privacy: "NOT-A-PRIVACY" }, token), 404, "not_found");
    expectApiError(await remove(album.id, token), 404, "not_found");
    expectApiError(await images("POST", album.id, { imageIds: [ownerImage.id] }, token), 404, "not_found");
    expectApiError(await images("DELETE", album.id, { imageIds: [ownerImage.id] }, token), 404, "not_found");
    expectApiError(await images("PUT", album.id, { imageIds: [ownerImage.id] }, token), 404, "not_found");

    // Their image cannot go into my album either.
    const mine = await createAlbum(user.id, { name: "Mine" });
    expectApiError(await images("POST", mine.id, { imageIds: [ownerImage.id] }, token), 404, "not_found");

    const untouched = await prisma.album.findUniqueOrThrow({ where: { id: album.id }, include: { albumImages: true } });
    expect(untouched.name).toBe("Private stuff");
    expect(untouched.albumImages).toHaveLength(1);
    expect(await prisma.albumImage.count({ where: { albumId: mine.id } })).toBe(0);
  });
});

describe("GET and POST /api/v1/pipelines", () => {
  it("creates a pipeline from JSON and lists it among the usable ones", async () => {
    const { user, token } = await apiUser();
    const stranger = await makeUser();
    await prisma.enhancementPipeline.create({ data: { userId: stranger.id, name: "Their public", tier: "FREE", visibility: "PUBLIC" } });
    await prisma.enhancementPipeline.create({ data: { userId: stranger.id, name: "Their private", tier: "FREE" } });

    const created = await run(() =>
      pipelinesAction(
        routeArgs(
          jsonRequest("/api/v1/pipelines", { name: "Crisp", tier: "TIER_2K", autoCrop: false, quality: 88, instructions: "Warm tones" }, { token }),
        ),
      ),
    );
    expect(created.status).toBe(201);
    const { pipeline } = pipelineResponse.parse(created.body);
    expect(pipeline).toMatchObject({ name: "Crisp", visibility: "PRIVATE", tier: "TIER_2K", mine: true, shareToken: null });
    expect(pipeline.settings).toMatchObject({ tier: "TIER_2K", analysis: true, autoCrop: { enabled: false }, prompt: { instructions: "Warm tones" }, generation: { quality: 88 } });
    const stored = await prisma.enhancementPipeline.findUniqueOrThrow({ where: { id: pipeline.id } });
    expect(stored.userId).toBe(user.id);

    const listed = pipelineListResponse.parse((await run(() => pipelinesLoader(routeArgs(getRequest("/api/v1/pipelines", auth(token)))))).body);
    const names = listed.pipelines.map((row) => row.name);
    expect(names[0]).toBe("Crisp");
    expect(names).toContain("Their public");
    expect(names).not.toContain("Their private");
    expect(listed.pipelines[0]).toEqual({ id: pipeline.id, name: "Crisp", tier: "TIER_2K", mine: true });
  });

  it("answers 422 with field messages to an invalid pipeline", async () => {
    const { user, token } = await apiUser();
    const result = await run(() =>
      pipelinesAction(routeArgs(jsonRequest("/api/v1/pipelines", { name: "", quality: 0, analysis: "yes", visibility: "LINK" }, { token }))),
    );
    expectApiError(result, 422, "validation_failed");
    expect(result.body.error.fields).toEqual({
      name: ["Give the pipeline a name."],
      tier: ["Choose one of the enhancement tiers."],
      analysis: ["analysis is true or false."],
      quality: ["Quality is between 1 and 100."],
    });
    expect(await prisma.enhancementPipeline.count({ where: { userId: user.id } })).toBe(0);
  });
});
