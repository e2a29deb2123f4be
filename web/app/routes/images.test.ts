/** The image library pages, the upload endpoint, the API and the signed file route, end to end. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { thumbKey } from "../.server/images/library.server.ts";
import { withNotice } from "../.server/http/notice.server.ts";
import { action as libraryAction, loader as libraryLoader } from "./images._index.tsx";
import { action as uploadAction } from "./images.upload.tsx";
import { action as detailAction, loader as detailLoader } from "./images.$id.tsx";
import { loader as originalLoader } from "./images.$id.original.tsx";
import { action as apiListAction, loader as apiListLoader } from "./api.v1.images.tsx";
import { action as apiOneAction, loader as apiOneLoader } from "./api.v1.images.$id.tsx";
import { loader as filesLoader } from "./files.$.tsx";
import { formRequest, getRequest, routeArgs, run, url } from "../../test/request.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";

const jpeg = (width = 120, height = 80) => sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } }).jpeg().toBuffer();

function filesForm(files: Array<{ bytes: Buffer; name: string; type?: string }>): FormData {
  const form = new FormData();
  for (const file of files) form.append("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "image/jpeg" }));
  return form;
}

const upload = (cookie: string, files: Array<{ bytes: Buffer; name: string; type?: string }>) =>
  run(() => uploadAction(routeArgs(formRequest("/images/upload", filesForm(files), { cookie }))));

const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

function signedFile(signedUrl: string) {
  const parsed = new URL(signedUrl);
  const key = decodeURIComponent(parsed.pathname.replace(/^\/files\//, ""));
  return run(() => filesLoader(routeArgs(new Request(signedUrl), { "*": key })));
}

describe("uploading from the web", () => {
  it("needs a signed-in browser", async () => {
    expect((await run(() => libraryLoader(routeArgs(getRequest("/images"))))).location).toBe("/login?redirectTo=%2Fimages");
    const anonymous = await run(() => uploadAction(routeArgs(formRequest("/images/upload", filesForm([])))));
    expect(anonymous.location).toMatch(/^\/login/);
  });

  it("stores many files in one request, answering per file, and shows them in the library", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const result = await upload(cookie, [
      { bytes: await jpeg(), name: "one.jpg" },
      { bytes: Buffer.from("not a photo at all"), name: "fake.jpg" },
      { bytes: await jpeg(80, 120), name: "two.jpg" },
    ]);
    expect(result.status).toBe(207);
    expect(result.body.results).toEqual([
      expect.objectContaining({ name: "one.jpg", ok: true, image: expect.objectContaining({ name: "one", width: 120, height: 80, format: "jpeg" }) }),
      { name: "fake.jpg", ok: false, error: "fake.jpg is not an image we can read; upload JPEG, PNG, WebP, AVIF or HEIC." },
      expect.objectContaining({ name: "two.jpg", ok: true }),
    ]);
    expect(JSON.stringify(result.body)).not.toContain("originalR2Key");

    const page = await run(() => libraryLoader(routeArgs(getRequest("/images", { cookie }))));
    expect(page.body.images.map((image: { name: string }) => image.name)).toEqual(["two", "one"]);
    const thumb = await signedFile(page.body.images[0].thumb);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("Content-Type")).toBe("image/webp");
  });

  it("answers 422 with the message when the only file is refused", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const result = await upload(cookie, [{ bytes: Buffer.from("hello"), name: "notes.jpg" }]);
    expect(result.status).toBe(422);
    expect(result.body.message).toBe("notes.jpg is not an image we can read; upload JPEG, PNG, WebP, AVIF or HEIC.");
  });

  it("stops a file over 25 MB with 413 and the limit", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const result = await upload(cookie, [{ bytes: Buffer.alloc(25 * 1024 * 1024 + 1), name: "huge.jpg" }]);
    expect(result.status).toBe(413);
    expect(result.body.message).toBe("A file is larger than 25.0 MB, the limit per file.");
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(0);
  });

  it("takes any file name: quoted with = and ;, spaces and accents, keeping a readable display name", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const bytes = await jpeg();
    const result = await upload(cookie, [
      { bytes, name: "a=b;c.jpg" },
      { bytes, name: "summer; at the lake = best.jpg" },
      { bytes, name: 'Zoë "in" Köln 東京.jpg' },
    ]);
    expect(result.status).toBe(201);
    expect(result.body.results.map((entry: { name: string; image: { name: string } }) => [entry.name, entry.image.name])).toEqual([
      ["a=b;c.jpg", "a=b;c"],
      ["summer; at the lake = best.jpg", "summer; at the lake = best"],
      ['Zoë "in" Köln 東京.jpg', 'Zoë "in" Köln 東京'],
    ]);
  });

  it("refuses NUL characters in a file name or a text field with 400 and stores nothing", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const bytes = await jpeg();
    const badName = await upload(cookie, [
      { bytes, name: "fine.jpg" },
      { bytes, name: "bad\0name.jpg" },
    ]);
    expect(badName.status).toBe(400);
    expect(badName.body.message).toBe("File names can't contain NUL characters. Rename the file and upload it again.");

    const form = filesForm([{ bytes, name: "fine.jpg" }]);
    form.append("caption", "a\0b");
    const badText = await run(() => uploadAction(routeArgs(formRequest("/images/upload", form, { cookie }))));
    expect(badText.status).toBe(400);
    expect(badText.body.message).toBe("Text can't contain NUL characters. Remove them and send the form again.");
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(0);
  });

  it("works without JavaScript: the plain form posts to the library page", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const form = filesForm([{ bytes: await jpeg(), name: "plain.jpg" }]);
    const result = await run(() => libraryAction(routeArgs(formRequest("/images?index", form, { cookie }))));
    expect(result.status).toBe(201);
    expect(result.body.results).toEqual([{ name: "plain.jpg", ok: true }]);
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(1);
  });

  it("limits uploads to 30 a minute, then answers 429", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const bytes = await jpeg(16, 16);
    const first = await upload(cookie, Array.from({ length: 30 }, (_, i) => ({ bytes, name: `p${i}.jpg` })));
    expect(first.status).toBe(201);
    const over = await upload(cookie, [{ bytes, name: "p30.jpg" }]);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(over.body.results[0].error).toMatch(/^Too many uploads: the limit is 30 a minute/);
    expect(await prisma.enhancedImage.count({ where: { userId: user.id } })).toBe(30);
  });
});

describe("the image page", () => {
  it("shows the owner the image, its facts, signed URLs and the enhance costs; others get 404", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const [{ cookie }, { cookie: otherCookie }] = await Promise.all([signIn(owner.id), signIn(other.id)]);
    const id = (await upload(cookie, [{ bytes: await jpeg(1200, 600), name: "wide.jpg" }])).body.results[0].image.id as string;

    const page = await run(() => detailLoader(routeArgs(getRequest(`/images/${id}`, { cookie }), { id })));
    expect(page.status).toBe(200);
    expect(page.body.image).toMatchObject({ id, name: "wide", width: 1200, height: 600, format: "JPEG" });
    expect(page.body.balance).toBe(10);
    expect(page.body.tiers).toEqual([
      { tier: "FREE", name: "Free preview", cost: 0, width: 1024, height: 512 },
      { tier: "TIER_1K", name: "1K", cost: 2, width: 1024, height: 512 },
      { tier: "TIER_2K", name: "2K", cost: 5, width: 2048, height: 1024 },
      { tier: "TIER_4K", name: "4K", cost: 10, width: 4096, height: 2048 },
    ]);
    expect(page.body.enhanceError).toBeNull();
    const bounced = await run(() => detailLoader(routeArgs(getRequest(withNotice(`/images/${id}`, "Not enough tokens"), { cookie }), { id })));
    expect(bounced.body.enhanceError).toBe("Not enough tokens");
    const crafted = await run(() => detailLoader(routeArgs(getRequest(`/images/${id}?error=Not%20enough%20tokens`, { cookie }), { id })));
    expect(crafted.body.enhanceError).toBeNull();
    expect((await signedFile(page.body.urls.original)).status).toBe(200);
    const download = await signedFile(page.body.urls.download);
    expect(download.headers.get("Content-Disposition")).toContain("wide.jpg");

    for (const call of [
      () => detailLoader(routeArgs(getRequest(`/images/${id}`, { cookie: otherCookie }), { id })),
      () => detailAction(routeArgs(formRequest(`/images/${id}`, { intent: "delete" }, { cookie: otherCookie }), { id })),
      () => originalLoader(routeArgs(getRequest(`/images/${id}/original`, { cookie: otherCookie }), { id })),
    ]) {
      expect((await run(call)).status).toBe(404);
    }
    const original = await run(() => originalLoader(routeArgs(getRequest(`/images/${id}/original`, { cookie }), { id })));
    expect(original.status).toBe(302);
    expect(original.location).toContain("/files/images/");
  });

  it("does not serve a stored file to someone who knows or guesses its key but has no signature", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const image = (await upload(cookie, [{ bytes: await jpeg(), name: "private.jpg" }])).body.results[0].image;
    const row = await prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } });
    for (const key of [row.originalR2Key, thumbKey(row.originalR2Key)]) {
      const unsigned = await run(() => filesLoader(routeArgs(new Request(url(`/files/${key}`)), { "*": key })));
      expect(unsigned.status).toBe(403);
    }
    const tampered = new URL(image.urls.original);
    tampered.pathname = tampered.pathname.replace("original.jpg", "thumb.webp");
    expect((await signedFile(tampered.toString())).status).toBe(403);
  });

  it("renames and deletes, removing the stored files", async () => {
    const user = await makeUser();
    const { cookie } = await signIn(user.id);
    const id = (await upload(cookie, [{ bytes: await jpeg(), name: "old.jpg" }])).body.results[0].image.id as string;
    const renamed = await run(() => detailAction(routeArgs(formRequest(`/images/${id}`, { intent: "rename", name: "Harbour", description: "At dusk" }, { cookie }), { id })));
    expect(renamed.status).toBe(200);
    expect(renamed.message).toBe("Saved.");
    expect(await prisma.enhancedImage.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "Harbour", description: "At dusk" });
    const empty = await run(() => detailAction(routeArgs(formRequest(`/images/${id}`, { intent: "rename", name: "  " }, { cookie }), { id })));
    expect(empty.status).toBe(400);
    expect(empty.fieldErrors.name).toEqual(["Give the photo a name."]);

    const row = await prisma.enhancedImage.findUniqueOrThrow({ where: { id } });
    const deleted = await run(() => detailAction(routeArgs(formRequest(`/images/${id}`, { intent: "delete" }, { cookie }), { id })));
    expect(deleted.location).toBe("/images");
    expect(await prisma.enhancedImage.findUnique({ where: { id } })).toBeNull();
    expect(await objectStorage().list(`images/${user.id}/${id}/`)).toEqual([]);
    expect(await objectStorage().get(row.originalR2Key)).toBeNull();
  });
});

describe("the images API", () => {
  it("uploads, lists, gets and deletes with a bearer token; another user gets not_found", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const [{ token }, { token: otherToken }] = await Promise.all([signIn(owner.id), signIn(other.id)]);
    const post = new Request(url("/api/v1/images"), { method: "POST", ...bearer(token), body: filesForm([{ bytes: await jpeg(300, 200), name: "api.jpg" }]) });
    const created = await run(() => apiListAction(routeArgs(post)));
    expect(created.status).toBe(201);
    const id = created.body.results[0].image.id as string;

    const list = await run(() => apiListLoader(routeArgs(getRequest("/api/v1/images", bearer(token)))));
    expect(list.body).toMatchObject({ total: 1, page: 1, pages: 1, images: [{ id, name: "api", width: 300, height: 200, format: "jpeg" }] });
    const one = await run(() => apiOneLoader(routeArgs(getRequest(`/api/v1/images/${id}`, bearer(token)), { id })));
    expect(one.body.image.urls.original).toContain("/files/images/");
    expect(JSON.stringify(one.body)).not.toContain("originalR2Key");

    const theirs = await run(() => apiOneLoader(routeArgs(getRequest(`/api/v1/images/${id}`, bearer(otherToken)), { id })));
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("not_found");
    const theirDelete = await run(() => apiOneAction(routeArgs(getRequest(`/api/v1/images/${id}`, { method: "DELETE", ...bearer(otherToken) }), { id })));
    expect(theirDelete.status).toBe(404);

    const refused = new Request(url("/api/v1/images"), { method: "POST", ...bearer(token), body: filesForm([{ bytes: Buffer.from("text"), name: "a.jpg" }]) });
    const bad = await run(() => apiListAction(routeArgs(refused)));
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: "validation_failed", fields: { "files.0": ["a.jpg is not an image we can read; upload JPEG, PNG, WebP, AVIF or HEIC."] } });

    // A client that names the file the RFC 5987 way, with a plain fallback.
    const boundary = "api-boundary-42";
    const raw = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rates.jpg"; filename*=UTF-8''%E2%82%AC%20rates%3B%20q%3D1.jpg\r\n`),
      Buffer.from("Content-Type: image/jpeg\r\n\r\n"),
      await jpeg(),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const extended = new Request(url("/api/v1/images"), {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: new Uint8Array(raw),
    });
    const named = await run(() => apiListAction(routeArgs(extended)));
    expect(named.status).toBe(201);
    expect(named.body.results[0]).toMatchObject({ name: "€ rates; q=1.jpg", image: { name: "€ rates; q=1" } });
    await run(() => apiOneAction(routeArgs(getRequest(`/api/v1/images/${named.body.results[0].image.id}`, { method: "DELETE", ...bearer(token) }), { id: named.body.results[0].image.id })));

    const nul = new Request(url("/api/v1/images"), { method: "POST", ...bearer(token), body: filesForm([{ bytes: await jpeg(), name: "x\0.jpg" }]) });
    expect(await run(() => apiListAction(routeArgs(nul)))).toMatchObject({
      status: 400,
      body: { error: { code: "bad_request", message: "File names can't contain NUL characters. Rename the file and upload it again." } },
    });

    const removed = await run(() => apiOneAction(routeArgs(getRequest(`/api/v1/images/${id}`, { method: "DELETE", ...bearer(token) }), { id })));
    expect(removed.status).toBe(204);
    expect((await run(() => apiListLoader(routeArgs(getRequest("/api/v1/images", bearer(token)))))).body.total).toBe(0);
  });

  it("needs authentication", async () => {
    const result = await run(() => apiListLoader(routeArgs(getRequest("/api/v1/images"))));
    expect(result.status).toBe(401);
    expect(result.body.error.code).toBe("unauthorized");
  });
});
