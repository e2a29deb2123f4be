/**
 * Bulk uploads from a client that prepares files first: asking which source checksums the library
 * holds, and uploading with each file's source checksum and an album, against the real database.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { apiErrorBody } from "@spike-land/shared/api/errors";
import { checksumsResponse, uploadResponse } from "@spike-land/shared/api/uploads";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { addImages, createAlbum } from "../.server/albums/albums.server.ts";
import { action as checksumsAction, loader as checksumsLoader } from "./api.v1.images.checksums.tsx";
import { action as imagesAction } from "./api.v1.images.tsx";
import { action as webUploadAction } from "./images.upload.tsx";
import { formRequest, getRequest, jsonRequest, routeArgs, run, url, type Outcome } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

const SHA256_MESSAGE = "Each checksum must be a SHA-256 in hex (64 characters 0-9, a-f).";

const jpeg = (shade = 120, width = 48, height = 32) =>
  sharp({ create: { width, height, channels: 3, background: { r: 10, g: shade, b: 200 } } }).jpeg().toBuffer();
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
/** A made-up checksum of an original file the client resized before sending it. */
const sourceSum = (label: string) => createHash("sha256").update(`source file ${label}`).digest("hex");

function expectApiError(result: Outcome, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(apiErrorBody.safeParse(result.body).success).toBe(true);
  expect(result.body.error.code).toBe(code);
}

async function apiUser() {
  const user = await makeUser();
  const { token, cookie } = await signIn(user.id);
  return { user, token, cookie };
}

type Part = { bytes: Buffer; name: string; sha256?: string };

function uploadForm(parts: Part[], fields: { albumId?: string; sha256?: string[] } = {}): FormData {
  const form = new FormData();
  for (const part of parts) form.append("file", new File([new Uint8Array(part.bytes)], part.name, { type: "image/jpeg" }));
  for (const sum of fields.sha256 ?? parts.flatMap((part) => (part.sha256 === undefined ? [] : [part.sha256]))) form.append("sha256", sum);
  if (fields.albumId !== undefined) form.append("albumId", fields.albumId);
  return form;
}

const upload = (token: string, parts: Part[], fields: { albumId?: string; sha256?: string[] } = {}) =>
  run(() =>
    imagesAction(routeArgs(new Request(url("/api/v1/images"), { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: uploadForm(parts, fields) }))),
  );

const checksums = (body: unknown, token?: string) => run(() => checksumsAction(routeArgs(jsonRequest("/api/v1/images/checksums", body, { token }))));

const albumImageIds = async (albumId: string) =>
  (await prisma.albumImage.findMany({ where: { albumId }, orderBy: { sortOrder: "asc" }, select: { imageId: true } })).map((row) => row.imageId);

const imageCount = (userId: string) => prisma.enhancedImage.count({ where: { userId } });

describe("POST /api/v1/images/checksums", () => {
  it("needs a session and POST", async () => {
    expectApiError(await checksums({ sha256: [sourceSum("a")] }), 401, "unauthorized");
    const other = await run(() => checksumsLoader());
    expectApiError(other, 405, "method_not_allowed");
    expect(other.headers.get("Allow")).toBe("POST");
    const { token } = await apiUser();
    const put = await run(() => checksumsAction(routeArgs(jsonRequest("/api/v1/images/checksums", { sha256: [] }, { token, method: "PUT" }))));
    expectApiError(put, 405, "method_not_allowed");
    expect(put.headers.get("Allow")).toBe("POST");
  });

  it("reports the caller's images by source checksum, declared or computed, in the order asked, and leaves out the rest", async () => {
    const { user, token, cookie } = await apiUser();
    const declared = sourceSum("beach");
    const sent = await upload(token, [{ bytes: await jpeg(10), name: "beach.jpg", sha256: declared }]);
    expect(sent.status).toBe(201);
    // The web form sends no checksum: the server keeps the one of the bytes it received.
    const webBytes = await jpeg(200);
    const web = await run(() => webUploadAction(routeArgs(formRequest("/images/upload", uploadForm([{ bytes: webBytes, name: "web.jpg" }]), { cookie }))));
    expect(web.status).toBe(201);

    const unknown = sourceSum("never uploaded");
    const answer = await checksums({ sha256: [unknown, sha256(webBytes), ` ${declared.toUpperCase()} `, declared] }, token);
    expect(answer.status).toBe(200);
    expect(checksumsResponse.safeParse(answer.body).success).toBe(true);
    expect(answer.body).toEqual({
      known: [
        { sha256: sha256(webBytes), imageId: web.body.results[0].image.id, name: "web" },
        { sha256: declared, imageId: sent.body.results[0].image.id, name: "beach" },
      ],
    });
    expect(await imageCount(user.id)).toBe(2);
  });

  it("names the oldest image when several came from the same file", async () => {
    const { user, token } = await apiUser();
    const sum = sourceSum("twice");
    const base = { userId: user.id, originalUrl: "", originalR2Key: "k", originalWidth: 1, originalHeight: 1, originalSizeBytes: 1, originalFormat: "jpeg", sourceSha256: sum };
    await prisma.enhancedImage.create({ data: { ...base, name: "newer", createdAt: new Date("2026-02-01T00:00:00Z") } });
    const older = await prisma.enhancedImage.create({ data: { ...base, name: "older", createdAt: new Date("2026-01-01T00:00:00Z") } });
    expect((await checksums({ sha256: [sum] }, token)).body).toEqual({ known: [{ sha256: sum, imageId: older.id, name: "older" }] });
  });

  it("never reports another user's images", async () => {
    const [mine, theirs] = await Promise.all([apiUser(), apiUser()]);
    const sum = sourceSum("shared file");
    expect((await upload(theirs.token, [{ bytes: await jpeg(), name: "theirs.jpg", sha256: sum }])).status).toBe(201);
    expect((await checksums({ sha256: [sum] }, mine.token)).body).toEqual({ known: [] });
    expect((await checksums({ sha256: [sum] }, theirs.token)).body.known).toHaveLength(1);
  });

  it("refuses anything but 1 to 500 SHA-256 checksums in hex with 422 and the field", async () => {
    const { token } = await apiUser();
    const bad = await checksums({ sha256: [sourceSum("ok"), "abc"] }, token);
    expectApiError(bad, 422, "validation_failed");
    expect(bad.body.error.fields).toEqual({ "sha256.1": [SHA256_MESSAGE] });
    for (const body of [{ sha256: ["g".repeat(64)] }, { sha256: [42] }, { sha256: "a".repeat(64) }, {}]) {
      expectApiError(await checksums(body, token), 422, "validation_failed");
    }
    const empty = await checksums({ sha256: [] }, token);
    expect(empty.body.error.fields).toEqual({ sha256: ["Send at least one checksum."] });

    const many = Array.from({ length: 501 }, (_, i) => sourceSum(String(i)));
    const tooMany = await checksums({ sha256: many }, token);
    expectApiError(tooMany, 422, "validation_failed");
    expect(tooMany.body.error.fields).toEqual({ sha256: ["Send at most 500 checksums at a time."] });
    const most = await checksums({ sha256: many.slice(0, 500) }, token);
    expect(most.status).toBe(200);
    expect(most.body).toEqual({ known: [] });

    const notJson = await run(() =>
      checksumsAction(routeArgs(new Request(url("/api/v1/images/checksums"), { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: "sha256=x" }))),
    );
    expectApiError(notJson, 400, "bad_request");
  });
});

describe("POST /api/v1/images with sha256 and albumId", () => {
  it("stores the image with the declared checksum and adds it to the end of the album", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Trip" });
    const first = await upload(token, [{ bytes: await jpeg(1), name: "first.jpg" }]);
    await addImages(user.id, album.id, [first.body.results[0].image.id]);

    const declared = sourceSum("IMG_0001.HEIC");
    const bytes = await jpeg(2);
    const result = await upload(token, [{ bytes, name: "IMG_0001.jpg", sha256: declared.toUpperCase() }], { albumId: album.id });
    expect(result.status).toBe(201);
    expect(uploadResponse.safeParse(result.body).success).toBe(true);
    const [entry] = result.body.results;
    expect(entry).toMatchObject({ name: "IMG_0001.jpg", ok: true, image: { name: "IMG_0001", width: 48, height: 32 } });
    expect(entry.duplicate).toBeUndefined();
    const row = await prisma.enhancedImage.findUniqueOrThrow({ where: { id: entry.image.id } });
    expect(row.sourceSha256).toBe(declared);
    expect(row.sourceSha256).not.toBe(sha256(bytes));
    expect(await albumImageIds(album.id)).toEqual([first.body.results[0].image.id, entry.image.id]);
  });

  it("answers a file the library already holds with the existing image: nothing stored, nothing counted, added to the album once", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Holiday" });
    const sum = sourceSum("beach original");
    const stored = await upload(token, [{ bytes: await jpeg(30), name: "beach.jpg", sha256: sum }], { albumId: album.id });
    const original = stored.body.results[0].image;
    const objects = await objectStorage().list(`images/${user.id}/`);

    // Re-sent after a restart, prepared again (different bytes) from the same original.
    const again = await upload(token, [{ bytes: await jpeg(31), name: "beach.jpg", sha256: sum }], { albumId: album.id });
    expect(again.status).toBe(201);
    expect(uploadResponse.safeParse(again.body).success).toBe(true);
    expect(again.body.results).toEqual([{ name: "beach.jpg", ok: true, image: expect.objectContaining({ id: original.id, name: "beach" }), duplicate: true }]);
    expect(await imageCount(user.id)).toBe(1);
    expect((await objectStorage().list(`images/${user.id}/`)).sort()).toEqual(objects.sort());
    expect(await albumImageIds(album.id)).toEqual([original.id]);

    // The same file twice in one request is stored once.
    const pair = sourceSum("pair");
    const twice = await upload(token, [
      { bytes: await jpeg(40), name: "a.jpg", sha256: pair },
      { bytes: await jpeg(41), name: "a copy.jpg", sha256: pair },
    ]);
    expect(twice.status).toBe(201);
    expect(twice.body.results[1]).toMatchObject({ ok: true, duplicate: true, image: { id: twice.body.results[0].image.id } });
    expect(await imageCount(user.id)).toBe(2);

    // 2 files stored so far; 28 more use up the limit of 30 a minute.
    const fill = await upload(
      token,
      await Promise.all(Array.from({ length: 28 }, async (_, i) => ({ bytes: await jpeg(50 + i, 16, 16), name: `f${i}.jpg`, sha256: sourceSum(`fill ${i}`) }))),
    );
    expect(fill.status).toBe(201);
    // Over the limit, a duplicate still comes back; a new file does not.
    const over = await upload(token, [
      { bytes: await jpeg(90), name: "beach.jpg", sha256: sum },
      { bytes: await jpeg(91), name: "new.jpg", sha256: sourceSum("new") },
    ]);
    expect(over.status).toBe(207);
    expect(over.body.results[0]).toMatchObject({ ok: true, duplicate: true, image: { id: original.id } });
    expect(over.body.results[1]).toMatchObject({ name: "new.jpg", ok: false, error: expect.stringMatching(/^Too many uploads: the limit is 30 a minute\./) });
    const limited = await upload(token, [{ bytes: await jpeg(92), name: "new.jpg", sha256: sourceSum("new") }]);
    expectApiError(limited, 429, "rate_limited");
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await imageCount(user.id)).toBe(30);
  });

  it("stores a file of someone else's as new: only the caller's library counts", async () => {
    const [mine, theirs] = await Promise.all([apiUser(), apiUser()]);
    const sum = sourceSum("same camera roll");
    const theirUpload = await upload(theirs.token, [{ bytes: await jpeg(), name: "x.jpg", sha256: sum }]);
    const myUpload = await upload(mine.token, [{ bytes: await jpeg(), name: "x.jpg", sha256: sum }]);
    expect(myUpload.status).toBe(201);
    expect(myUpload.body.results[0].duplicate).toBeUndefined();
    expect(myUpload.body.results[0].image.id).not.toBe(theirUpload.body.results[0].image.id);
    expect(await imageCount(mine.user.id)).toBe(1);
  });

  it("answers 404 for an album that is not the caller's, storing nothing", async () => {
    const [mine, theirs] = await Promise.all([apiUser(), apiUser()]);
    const theirAlbum = await createAlbum(theirs.user.id, { name: "Private" });
    for (const albumId of [theirAlbum.id, "no-such-album"]) {
      const result = await upload(mine.token, [{ bytes: await jpeg(), name: "a.jpg", sha256: sourceSum("a") }], { albumId });
      expectApiError(result, 404, "not_found");
      expect(result.body.error.message).toBe("We could not find that album.");
    }
    expect(await imageCount(mine.user.id)).toBe(0);
    expect(await albumImageIds(theirAlbum.id)).toEqual([]);
    // Nothing was counted against the limit either: 30 files still go through.
    const small = await jpeg(120, 16, 16);
    const full = await upload(mine.token, Array.from({ length: 30 }, (_, i) => ({ bytes: small, name: `p${i}.jpg` })));
    expect(full.status).toBe(201);
    expect(await imageCount(mine.user.id)).toBe(30);
  });

  it("refuses a malformed checksum, or more checksums than files, with 422 on sha256, storing nothing", async () => {
    const { user, token } = await apiUser();
    const album = await createAlbum(user.id, { name: "Kept empty" });
    const bytes = await jpeg();
    for (const sha256 of [["abc"], [sourceSum("ok"), "z".repeat(64)], ["a".repeat(65)]]) {
      const result = await upload(token, [{ bytes, name: "a.jpg" }, { bytes, name: "b.jpg" }], { sha256, albumId: album.id });
      expectApiError(result, 422, "validation_failed");
      expect(result.body.error).toMatchObject({ message: SHA256_MESSAGE, fields: { sha256: [SHA256_MESSAGE] } });
    }
    const extra = await upload(token, [{ bytes, name: "a.jpg" }], { sha256: [sourceSum("1"), sourceSum("2")] });
    expectApiError(extra, 422, "validation_failed");
    expect(extra.body.error).toMatchObject({ message: "Send at most one sha256 per file: 2 came with 1 file.", fields: { sha256: [expect.any(String)] } });
    expect(await imageCount(user.id)).toBe(0);
    expect(await albumImageIds(album.id)).toEqual([]);
  });

  it("pairs the i-th checksum with the i-th file; an empty one leaves its file to the server's checksum", async () => {
    const { user, token } = await apiUser();
    const [one, two] = [await jpeg(5), await jpeg(6)];
    const result = await upload(token, [{ bytes: one, name: "one.jpg" }, { bytes: two, name: "two.jpg" }], { sha256: ["", sourceSum("two")] });
    expect(result.status).toBe(201);
    const rows = await prisma.enhancedImage.findMany({ where: { userId: user.id }, select: { name: true, sourceSha256: true }, orderBy: { name: "asc" } });
    expect(rows).toEqual([
      { name: "one", sourceSha256: sha256(one) },
      { name: "two", sourceSha256: sourceSum("two") },
    ]);
  });

  it("keeps the web upload as it was: no fields, JSON results, the checksum of the bytes received", async () => {
    const { user, cookie } = await apiUser();
    const bytes = await jpeg(77);
    const web = await run(() => webUploadAction(routeArgs(formRequest("/images/upload", uploadForm([{ bytes, name: "web.jpg" }]), { cookie }))));
    expect(web.status).toBe(201);
    expect(web.body.results).toEqual([{ name: "web.jpg", ok: true, image: expect.objectContaining({ name: "web" }) }]);
    expect((await prisma.enhancedImage.findFirstOrThrow({ where: { userId: user.id } })).sourceSha256).toBe(sha256(bytes));
    // Uploading the same file again from the web makes a second image, as before.
    await run(() => webUploadAction(routeArgs(formRequest("/images/upload", uploadForm([{ bytes, name: "web.jpg" }]), { cookie }))));
    expect(await imageCount(user.id)).toBe(2);
    expect((await run(() => webUploadAction(routeArgs(getRequest("/images/upload", { cookie, method: "PUT" }))))).status).toBe(405);
  });
});
