/** Visitor pages for shared photos and albums, public profiles, view counts and the owner's Sharing panel. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { objectStorage } from "../.server/providers/storage/index.server.ts";
import { storeUpload } from "../.server/images/upload.server.ts";
import { newShareToken } from "../.server/sharing/sharing.server.ts";
import { action as detailAction, loader as detailLoader } from "./images.$id.tsx";
import { loader as imagePage, meta as imageMeta } from "./share.images.$token.tsx";
import { loader as imageOriginal } from "./share.images.$token.original.tsx";
import { loader as imageEnhanced } from "./share.images.$token.enhanced.tsx";
import { loader as albumPage, meta as albumMeta } from "./share.albums.$token.tsx";
import { loader as albumImagePage } from "./share.albums.$token_.images.$imageId.tsx";
import { loader as albumImageOriginal } from "./share.albums.$token_.images.$imageId.original.tsx";
import { loader as albumImageEnhanced } from "./share.albums.$token_.images.$imageId.enhanced.tsx";
import { loader as profilePage } from "./u.$userId.tsx";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { makeUser, signIn, uniqueIp } from "../../test/fixtures.ts";

function gpsJpeg() {
  return sharp({ create: { width: 90, height: 60, channels: 3, background: { r: 20, g: 160, b: 90 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "TestCam", Model: "Pocket 9" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2400/100", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 300/100" },
    })
    .toBuffer();
}

const upload = async (userId: string, name = "photo.jpg") => storeUpload(userId, await gpsJpeg(), name);

/** A signed-out visitor from an address of its own, so rate limits do not leak between tests. */
const visitor = () => ({ ip: uniqueIp() });

async function ownerWithImage(name?: string) {
  const owner = await makeUser({ name: "Ada Lovelace" });
  const { cookie } = await signIn(owner.id);
  const image = await upload(owner.id, name);
  return { owner, cookie, image };
}

async function share(cookie: string, imageId: string, fields: Record<string, string> = { intent: "share" }) {
  return run(() => detailAction(routeArgs(formRequest(`/images/${imageId}`, fields, { cookie }), { id: imageId })));
}

async function tokenOf(imageId: string) {
  return (await prisma.enhancedImage.findUniqueOrThrow({ where: { id: imageId } })).shareToken;
}

function makeAlbum(userId: string, privacy: "PRIVATE" | "UNLISTED" | "PUBLIC", name: string, imageIds: string[]) {
  return prisma.album.create({
    data: {
      userId,
      name,
      privacy,
      shareToken: privacy === "PRIVATE" ? null : newShareToken(),
      albumImages: { create: imageIds.map((imageId, sortOrder) => ({ imageId, sortOrder })) },
    },
  });
}

describe("shared image links", () => {
  it("open the photo signed out, with no storage keys, and noindex", async () => {
    const { owner, cookie, image } = await ownerWithImage("harbour.jpg");
    const created = await share(cookie, image.id);
    expect(created.status).toBe(200);
    expect(created.message).toBe("Share link created.");
    const token = (await tokenOf(image.id))!;

    const page = await run(() => imagePage(routeArgs(getRequest(`/share/images/${token}`, visitor()), { token })));
    expect(page.status).toBe(200);
    expect(page.body.photo).toMatchObject({
      name: "harbour",
      width: 90,
      height: 60,
      viewCount: 1,
      owner: { id: owner.id, name: "Ada Lovelace" },
      files: { original: `/share/images/${token}/original`, enhanced: null },
    });
    expect(page.body.imageId).toBeNull();
    expect(JSON.stringify(page.body)).not.toMatch(/originalR2Key|original\.jpg/);
    expect(JSON.stringify(page.body)).not.toContain(`images/${owner.id}/`);
    expect(page.headers.get("X-Robots-Tag")).toBe("noindex");
    const tags = imageMeta({ data: page.body } as Parameters<typeof imageMeta>[0]);
    expect(tags).toContainEqual({ name: "robots", content: "noindex" });
    expect(tags).toContainEqual({ title: "harbour — Spike Land" });
  });

  it("answer 404 for a wrong token, and for a token after it is turned off", async () => {
    const { cookie, image } = await ownerWithImage();
    await share(cookie, image.id);
    const token = (await tokenOf(image.id))!;
    for (const wrong of [newShareToken(), image.id, "short"]) {
      expect((await run(() => imagePage(routeArgs(getRequest(`/share/images/${wrong}`, visitor()), { token: wrong })))).status).toBe(404);
      expect((await run(() => imageOriginal(routeArgs(getRequest(`/share/images/${wrong}/original`, visitor()), { token: wrong })))).status).toBe(404);
    }
    const revoked = await share(cookie, image.id, { intent: "unshare" });
    expect(revoked.message).toBe("Share link turned off. The old link no longer works.");
    const page = await run(() => imagePage(routeArgs(getRequest(`/share/images/${token}`, visitor()), { token })));
    expect(page.status).toBe(404);
    expect(page.body).toBe("We could not find that shared photo. The link may have been turned off.");
    expect((await run(() => imageOriginal(routeArgs(getRequest(`/share/images/${token}/original`, visitor()), { token })))).status).toBe(404);
    const tags = imageMeta({ data: undefined } as unknown as Parameters<typeof imageMeta>[0]);
    expect(tags).toContainEqual({ name: "robots", content: "noindex" });
  });

  it("deliver the original without EXIF or GPS", async () => {
    const { cookie, image } = await ownerWithImage();
    const stored = await objectStorage().get(image.originalR2Key);
    expect((await sharp(stored!.body).metadata()).exif?.includes(Buffer.from("TestCam"))).toBe(true);
    await share(cookie, image.id);
    const token = (await tokenOf(image.id))!;

    const response = (await imageOriginal(routeArgs(getRequest(`/share/images/${token}/original`, visitor()), { token }))) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    expect(response.headers.get("Cache-Control")).toBe("private, max-age=300");
    expect(response.headers.get("Content-Disposition")).toBeNull();
    const bytes = Buffer.from(await response.arrayBuffer());
    const metadata = await sharp(bytes).metadata();
    expect(metadata).toMatchObject({ format: "jpeg", width: 90, height: 60 });
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(bytes.includes(Buffer.from("Exif\0\0"))).toBe(false);
    expect(bytes.includes(Buffer.from("TestCam"))).toBe(false);

    const download = (await imageOriginal(routeArgs(getRequest(`/share/images/${token}/original?download=1`, visitor()), { token }))) as Response;
    expect(download.headers.get("Content-Disposition")).toContain('filename="photo.jpg"');
  });

  it("show before and after once the photo is enhanced, serving the result", async () => {
    const { owner, cookie, image } = await ownerWithImage();
    await share(cookie, image.id);
    const token = (await tokenOf(image.id))!;
    expect((await run(() => imageEnhanced(routeArgs(getRequest(`/share/images/${token}/enhanced`, visitor()), { token })))).status).toBe(404);

    const result = await sharp({ create: { width: 180, height: 120, channels: 3, background: "#336699" } }).jpeg().toBuffer();
    const key = image.originalR2Key.replace(/[^/]+$/, "enhanced-route.jpg");
    await objectStorage().put(key, result, { contentType: "image/jpeg" });
    await prisma.imageEnhancementJob.create({
      data: { imageId: image.id, userId: owner.id, tier: "TIER_1K", tokensCost: 2, status: "COMPLETED", enhancedR2Key: key, enhancedWidth: 180, enhancedHeight: 120, processingCompletedAt: new Date() },
    });
    const page = await run(() => imagePage(routeArgs(getRequest(`/share/images/${token}`, visitor()), { token })));
    expect(page.body.photo.files.enhanced).toBe(`/share/images/${token}/enhanced`);
    expect(page.body.photo.enhancedSize).toEqual({ width: 180, height: 120 });
    const response = (await imageEnhanced(routeArgs(getRequest(`/share/images/${token}/enhanced`, visitor()), { token }))) as Response;
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(result)).toBe(true);
  });

  it("count views by visitors and other users but not the owner, and show the count to the owner", async () => {
    const { owner, cookie, image } = await ownerWithImage();
    const other = await makeUser();
    const { cookie: otherCookie } = await signIn(other.id);
    await share(cookie, image.id);
    const token = (await tokenOf(image.id))!;
    const view = (options: { cookie?: string; ip?: string }) => run(() => imagePage(routeArgs(getRequest(`/share/images/${token}`, options), { token })));

    expect((await view(visitor())).body.photo.viewCount).toBe(1);
    expect((await view({ cookie: otherCookie })).body.photo.viewCount).toBe(2);
    const ownView = await view({ cookie });
    expect(ownView.body.photo.viewCount).toBe(2);
    expect(ownView.body.imageId).toBe(image.id);
    expect((await prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } })).viewCount).toBe(2);

    const ownerPage = await run(() => detailLoader(routeArgs(getRequest(`/images/${image.id}`, { cookie }), { id: image.id })));
    expect(ownerPage.body.sharing).toEqual({
      isPublic: false,
      viewCount: 2,
      sharePath: `/share/images/${token}`,
      shareUrl: expect.stringMatching(new RegExp(`^https?://[^/]+/share/images/${token}$`)),
      profilePath: `/u/${owner.id}`,
    });
  });

  it("limit signed-out downloads to 20 a minute per address, then answer 429 with Retry-After", async () => {
    const { cookie, image } = await ownerWithImage();
    await share(cookie, image.id);
    const token = (await tokenOf(image.id))!;
    const ip = uniqueIp();
    const fetchOriginal = (options: { ip: string; cookie?: string }) =>
      run(() => imageOriginal(routeArgs(getRequest(`/share/images/${token}/original`, options), { token })));
    for (let i = 0; i < 20; i++) expect((await fetchOriginal({ ip })).status).toBe(200);
    const over = await fetchOriginal({ ip });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("Retry-After"))).toBeGreaterThan(0);
    // The same address is limited on every shared file route; a different address and signed-in viewers are not.
    expect((await run(() => imageEnhanced(routeArgs(getRequest(`/share/images/${token}/enhanced`, { ip }), { token })))).status).toBe(429);
    expect((await fetchOriginal({ ip: uniqueIp() })).status).toBe(200);
    expect((await fetchOriginal({ ip, cookie })).status).toBe(200);
  });
});

describe("privacy of images", () => {
  it("another user can never read a private image: owner routes 404, share routes need a token", async () => {
    const { cookie, image } = await ownerWithImage();
    const other = await makeUser();
    const { cookie: otherCookie } = await signIn(other.id);
    expect((await run(() => detailLoader(routeArgs(getRequest(`/images/${image.id}`, { cookie: otherCookie }), { id: image.id })))).status).toBe(404);
    for (const intent of ["share", "unshare"]) {
      expect((await share(otherCookie, image.id, { intent })).status).toBe(404);
    }
    expect((await share(otherCookie, image.id, { intent: "public", isPublic: "true" })).status).toBe(404);
    expect(await prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } })).toMatchObject({ shareToken: null, isPublic: false });

    // The image id is not a token, and an album it is not in does not open it.
    expect((await run(() => imagePage(routeArgs(getRequest(`/share/images/${image.id}`, { cookie: otherCookie }), { token: image.id })))).status).toBe(404);
    const theirAlbum = await makeAlbum(other.id, "UNLISTED", "Borrowed", []);
    await prisma.albumImage.create({ data: { albumId: theirAlbum.id, imageId: image.id } });
    const params = { token: theirAlbum.shareToken!, imageId: image.id };
    expect((await run(() => albumImagePage(routeArgs(getRequest("/share/albums/x/images/y", visitor()), params)))).status).toBe(404);
    expect((await run(() => albumImageOriginal(routeArgs(getRequest("/share/albums/x/images/y/original", visitor()), params)))).status).toBe(404);
    expect((await run(() => albumPage(routeArgs(getRequest("/share/albums/x", visitor()), { token: theirAlbum.shareToken! })))).body.images).toEqual([]);
    // Still signed in as its owner, the owner's own routes keep working.
    expect((await run(() => detailLoader(routeArgs(getRequest(`/images/${image.id}`, { cookie }), { id: image.id })))).status).toBe(200);
  });

  it("validates the public toggle and lists a public photo on the profile", async () => {
    const { owner, cookie, image } = await ownerWithImage("sunset.jpg");
    const bad = await share(cookie, image.id, { intent: "public", isPublic: "maybe" });
    expect(bad.status).toBe(400);
    expect(bad.message).toBe("Choose whether the photo is public.");
    const made = await share(cookie, image.id, { intent: "public", isPublic: "true" });
    expect(made.message).toBe("This photo is now on your public profile.");
    const token = (await tokenOf(image.id))!;
    const profile = await run(() => profilePage(routeArgs(getRequest(`/u/${owner.id}`, visitor()), { userId: owner.id })));
    expect(profile.body.images).toEqual([expect.objectContaining({ id: image.id, name: "sunset", shareToken: token })]);

    await share(cookie, image.id, { intent: "public", isPublic: "false" });
    const after = await run(() => profilePage(routeArgs(getRequest(`/u/${owner.id}`, visitor()), { userId: owner.id })));
    expect(after.body.images).toEqual([]);
  });
});

describe("shared albums", () => {
  it("UNLISTED: reachable by token signed out, in album order, but not on the profile", async () => {
    const owner = await makeUser({ name: "Lin" });
    const [first, second] = await Promise.all([upload(owner.id, "first.jpg"), upload(owner.id, "second.jpg")]);
    const unlisted = await makeAlbum(owner.id, "UNLISTED", "Family", [second.id, first.id]);
    const token = unlisted.shareToken!;

    const page = await run(() => albumPage(routeArgs(getRequest(`/share/albums/${token}`, visitor()), { token })));
    expect(page.status).toBe(200);
    expect(page.body.album).toEqual({ name: "Family", description: null, privacy: "UNLISTED" });
    expect(page.body.owner).toMatchObject({ id: owner.id, name: "Lin" });
    expect(page.body.images.map((image: { name: string }) => image.name)).toEqual(["second", "first"]);
    expect(page.headers.get("X-Robots-Tag")).toBe("noindex");
    expect(albumMeta({ data: page.body } as Parameters<typeof albumMeta>[0])).toContainEqual({ name: "robots", content: "noindex" });

    // Images inside are readable through the album token even without a link of their own.
    const params = { token, imageId: first.id };
    const inside = await run(() => albumImagePage(routeArgs(getRequest(`/share/albums/${token}/images/${first.id}`, visitor()), params)));
    expect(inside.status).toBe(200);
    expect(inside.body.photo).toMatchObject({ name: "first", viewCount: 1, files: { original: `/share/albums/${token}/images/${first.id}/original` } });
    expect(await prisma.enhancedImage.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ shareToken: null, viewCount: 1 });
    const original = (await albumImageOriginal(routeArgs(getRequest("/x", visitor()), params))) as Response;
    expect(original.status).toBe(200);
    expect((await sharp(Buffer.from(await original.arrayBuffer())).metadata()).exif).toBeUndefined();
    expect((await run(() => albumImageEnhanced(routeArgs(getRequest("/x", visitor()), params)))).status).toBe(404);

    const profile = await run(() => profilePage(routeArgs(getRequest(`/u/${owner.id}`, visitor()), { userId: owner.id })));
    expect(profile.body.albums).toEqual([]);
  });

  it("PUBLIC: listed on the profile with its cover and count", async () => {
    const owner = await makeUser({ name: "Mo" });
    const [first, second] = await Promise.all([upload(owner.id, "first.jpg"), upload(owner.id, "second.jpg")]);
    const open = await makeAlbum(owner.id, "PUBLIC", "Travels", [first.id, second.id]);
    await makeAlbum(owner.id, "PRIVATE", "Drafts", [first.id]);
    const profile = await run(() => profilePage(routeArgs(getRequest(`/u/${owner.id}`, visitor()), { userId: owner.id })));
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ id: owner.id, name: "Mo" });
    expect(profile.body.albums).toEqual([
      { id: open.id, name: "Travels", description: null, shareToken: open.shareToken, imageCount: 2, cover: expect.stringContaining(`/${first.id}/thumb.webp`) },
    ]);
    const page = await run(() => albumPage(routeArgs(getRequest(`/share/albums/${open.shareToken}`, visitor()), { token: open.shareToken! })));
    expect(page.body.images).toHaveLength(2);
  });

  it("PRIVATE again: the old token answers 404 everywhere", async () => {
    const owner = await makeUser();
    const image = await upload(owner.id);
    const album = await makeAlbum(owner.id, "UNLISTED", "Was shared", [image.id]);
    const token = album.shareToken!;
    expect((await run(() => albumPage(routeArgs(getRequest(`/share/albums/${token}`, visitor()), { token })))).status).toBe(200);

    await prisma.album.update({ where: { id: album.id }, data: { privacy: "PRIVATE", shareToken: null } });
    const page = await run(() => albumPage(routeArgs(getRequest(`/share/albums/${token}`, visitor()), { token })));
    expect(page.status).toBe(404);
    expect(page.body).toBe("We could not find that album. The link may have been turned off.");
    const params = { token, imageId: image.id };
    expect((await run(() => albumImagePage(routeArgs(getRequest("/x", visitor()), params)))).status).toBe(404);
    expect((await run(() => albumImageOriginal(routeArgs(getRequest("/x", visitor()), params)))).status).toBe(404);
    expect((await run(() => albumImageEnhanced(routeArgs(getRequest("/x", visitor()), params)))).status).toBe(404);
  });

  it("a wrong album token answers 404", async () => {
    const token = newShareToken();
    expect((await run(() => albumPage(routeArgs(getRequest(`/share/albums/${token}`, visitor()), { token })))).status).toBe(404);
  });
});

describe("public profiles", () => {
  it("answer 404 for an unknown user", async () => {
    const result = await run(() => profilePage(routeArgs(getRequest("/u/nobody", visitor()), { userId: "nobody" })));
    expect(result.status).toBe(404);
  });
});

describe("the owner's image page", () => {
  it("offers albums, pipelines and other photos to blend with", async () => {
    const { owner, cookie, image } = await ownerWithImage();
    const other = await upload(owner.id, "texture.jpg");
    const page = await run(() => detailLoader(routeArgs(getRequest(`/images/${image.id}`, { cookie }), { id: image.id })));
    expect(page.status).toBe(200);
    expect(page.body.blendSources).toEqual([{ id: other.id, name: "texture" }]);
    expect(page.body.albums.length).toBeGreaterThan(0);
    expect(page.body.albums.every((album: { id: string; name: string; privacy: string }) => album.id && album.name && album.privacy)).toBe(true);
    expect(Array.isArray(page.body.pipelines)).toBe(true);
    expect(page.body.sharing).toMatchObject({ isPublic: false, viewCount: 0, sharePath: null, shareUrl: null });
  });
});
