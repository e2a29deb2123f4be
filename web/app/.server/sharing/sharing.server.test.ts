import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { storeUpload } from "../images/upload.server.ts";
import { makeUser } from "../../../test/fixtures.ts";
import {
  albumByToken,
  albumImageByToken,
  imageByToken,
  isShareToken,
  newShareToken,
  publicProfile,
  recordImageView,
  setImagePublic,
  setImageSharing,
  sharedEnhanced,
  sharedOriginal,
  sharedOriginalKey,
} from "./sharing.server.ts";

/** A JPEG carrying camera EXIF and a GPS position, as phones write them. */
function gpsJpeg(width = 64, height = 48) {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 20 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "TestCam", Model: "Pocket 9" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 3230/100", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 4366/100" },
    })
    .toBuffer();
}

async function upload(userId: string, name = "photo.jpg") {
  return storeUpload(userId, await gpsJpeg(), name);
}

async function album(userId: string, privacy: "PRIVATE" | "UNLISTED" | "PUBLIC", name = `Album ${Math.random()}`) {
  return prisma.album.create({ data: { userId, name, privacy, shareToken: privacy === "PRIVATE" ? null : newShareToken() } });
}

describe("image share links", () => {
  it("creates a 12-character url-safe token once, and removing it also unlists the image", async () => {
    const owner = await makeUser();
    const image = await upload(owner.id);
    const first = await setImageSharing(owner.id, image.id, { shared: true });
    expect(first?.shareToken).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(isShareToken(first!.shareToken!)).toBe(true);
    const again = await setImageSharing(owner.id, image.id, { shared: true });
    expect(again?.shareToken).toBe(first!.shareToken);

    await setImagePublic(owner.id, image.id, true);
    const off = await setImageSharing(owner.id, image.id, { shared: false });
    expect(off).toMatchObject({ shareToken: null, isPublic: false });
    expect(await imageByToken(first!.shareToken!)).toBeNull();
  });

  it("gives a public image a link, keeps the link when it goes private again", async () => {
    const owner = await makeUser();
    const image = await upload(owner.id);
    const made = await setImagePublic(owner.id, image.id, true);
    expect(made).toMatchObject({ isPublic: true, shareToken: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });
    const back = await setImagePublic(owner.id, image.id, false);
    expect(back).toMatchObject({ isPublic: false, shareToken: made!.shareToken });
  });

  it("refuses to touch someone else's image", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const image = await upload(owner.id);
    expect(await setImageSharing(other.id, image.id, { shared: true })).toBeNull();
    expect(await setImagePublic(other.id, image.id, true)).toBeNull();
    expect(await prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } })).toMatchObject({ shareToken: null, isPublic: false });
  });

  it("opens an image only with its exact token", async () => {
    const owner = await makeUser({ name: "Ada" });
    const image = await upload(owner.id, "harbour.jpg");
    const { shareToken } = (await setImageSharing(owner.id, image.id, { shared: true }))!;
    const found = await imageByToken(shareToken!);
    expect(found).toMatchObject({ id: image.id, name: "harbour", originalWidth: 64, originalHeight: 48, user: { id: owner.id, name: "Ada" }, enhanced: null });
    expect(await imageByToken(newShareToken())).toBeNull();
    expect(await imageByToken(image.id)).toBeNull();
    expect(await imageByToken("")).toBeNull();
  });
});

describe("shared albums", () => {
  it("lists an UNLISTED album's images in album order; a PRIVATE album is never reachable", async () => {
    const owner = await makeUser();
    const [a, b, c] = await Promise.all([upload(owner.id, "a.jpg"), upload(owner.id, "b.jpg"), upload(owner.id, "c.jpg")]);
    const unlisted = await album(owner.id, "UNLISTED");
    await prisma.albumImage.createMany({
      data: [
        { albumId: unlisted.id, imageId: a.id, sortOrder: 2 },
        { albumId: unlisted.id, imageId: b.id, sortOrder: 0 },
        { albumId: unlisted.id, imageId: c.id, sortOrder: 1 },
      ],
    });
    const shown = await albumByToken(unlisted.shareToken!);
    expect(shown?.images.map((image) => image.name)).toEqual(["b", "c", "a"]);
    expect(shown?.images[0]?.thumb).toContain("thumb.webp");
    expect(JSON.stringify(shown?.images)).not.toContain("original.jpg");

    const inside = await albumImageByToken(unlisted.shareToken!, a.id);
    expect(inside?.image.id).toBe(a.id);
    expect(inside?.image.shareToken).toBeUndefined();

    await prisma.album.update({ where: { id: unlisted.id }, data: { privacy: "PRIVATE" } });
    expect(await albumByToken(unlisted.shareToken!)).toBeNull();
    expect(await albumImageByToken(unlisted.shareToken!, a.id)).toBeNull();
  });

  it("does not open images outside the album, nor another user's image slipped into it", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const [mine, loose, theirs] = await Promise.all([upload(owner.id), upload(owner.id), upload(other.id)]);
    const shared = await album(owner.id, "PUBLIC");
    await prisma.albumImage.createMany({ data: [{ albumId: shared.id, imageId: mine.id }, { albumId: shared.id, imageId: theirs.id, sortOrder: 1 }] });
    expect((await albumByToken(shared.shareToken!))?.images.map((image) => image.id)).toEqual([mine.id]);
    expect(await albumImageByToken(shared.shareToken!, loose.id)).toBeNull();
    expect(await albumImageByToken(shared.shareToken!, theirs.id)).toBeNull();
    expect(await albumImageByToken(newShareToken(), mine.id)).toBeNull();
  });
});

describe("public profiles", () => {
  it("shows PUBLIC albums with cover and count and public images, never UNLISTED or PRIVATE ones", async () => {
    const owner = await makeUser({ name: "Grace" });
    const [first, second, hidden] = await Promise.all([upload(owner.id, "first.jpg"), upload(owner.id, "second.jpg"), upload(owner.id, "hidden.jpg")]);
    const open = await album(owner.id, "PUBLIC", "Holidays");
    await album(owner.id, "UNLISTED", "Family");
    await album(owner.id, "PRIVATE", "Drafts");
    await prisma.albumImage.createMany({ data: [{ albumId: open.id, imageId: first.id }, { albumId: open.id, imageId: second.id, sortOrder: 1 }] });
    await prisma.album.update({ where: { id: open.id }, data: { coverImageId: second.id } });
    // A cover that is not (or no longer) in the album is not shown: the album's first photo is.
    const stale = await album(owner.id, "PUBLIC", "Walks");
    await prisma.album.update({ where: { id: stale.id }, data: { coverImageId: hidden.id, sortOrder: 1 } });
    await prisma.albumImage.create({ data: { albumId: stale.id, imageId: first.id } });
    await setImagePublic(owner.id, first.id, true);
    await setImageSharing(owner.id, hidden.id, { shared: true });

    const profile = await publicProfile(owner.id);
    expect(profile?.user).toMatchObject({ id: owner.id, name: "Grace" });
    expect(profile?.albums).toEqual([
      expect.objectContaining({ name: "Holidays", imageCount: 2, shareToken: open.shareToken, cover: expect.stringContaining(`/${second.id}/thumb.webp`) }),
      expect.objectContaining({ name: "Walks", imageCount: 1, cover: expect.stringContaining(`/${first.id}/thumb.webp`) }),
    ]);
    expect(JSON.stringify(profile)).not.toContain(hidden.id);
    expect(profile?.images.map((image) => image.id)).toEqual([first.id]);
    expect(await publicProfile("no-such-user")).toBeNull();
  });
});

describe("view counts", () => {
  it("counts visitors and other users, never the owner", async () => {
    const [owner, other] = await Promise.all([makeUser(), makeUser()]);
    const image = await upload(owner.id);
    const row = () => prisma.enhancedImage.findUniqueOrThrow({ where: { id: image.id } });
    expect(await recordImageView(await row(), owner.id)).toBe(0);
    expect(await recordImageView(await row(), null)).toBe(1);
    expect(await recordImageView(await row(), other.id)).toBe(2);
    expect(await recordImageView(await row(), owner.id)).toBe(2);
    expect((await row()).viewCount).toBe(2);
  });
});

describe("stripped delivery", () => {
  it("re-encodes the original without EXIF or GPS, and caches the stripped copy next to it", async () => {
    const owner = await makeUser();
    const image = await upload(owner.id);
    const stored = await objectStorage().get(image.originalR2Key);
    const before = await sharp(stored!.body).metadata();
    expect(before.exif?.includes(Buffer.from("TestCam"))).toBe(true);
    expect(stored!.body.includes(Buffer.from("Exif\0\0"))).toBe(true);

    const file = await sharedOriginal(image);
    expect(file?.contentType).toBe("image/jpeg");
    const after = await sharp(file!.body).metadata();
    expect(after).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(file!.body.includes(Buffer.from("Exif\0\0"))).toBe(false);
    expect(file!.body.includes(Buffer.from("TestCam"))).toBe(false);

    const key = sharedOriginalKey(image.originalR2Key, image.originalFormat);
    expect(key).toBe(image.originalR2Key.replace(/original\.jpg$/, "shared.jpg"));
    const cached = await objectStorage().get(key);
    expect(cached?.body.equals(file!.body)).toBe(true);
    // A later call reads the cached copy instead of encoding again.
    const marker = await sharp({ create: { width: 2, height: 2, channels: 3, background: "#000" } }).jpeg().toBuffer();
    await objectStorage().put(key, marker, { contentType: "image/jpeg" });
    expect((await sharedOriginal(image))?.body.equals(marker)).toBe(true);
  });

  it("keeps PNG as PNG without its text metadata", async () => {
    const owner = await makeUser();
    const png = await sharp({ create: { width: 30, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } })
      .png()
      .withExif({ IFD0: { Make: "TestCam" } })
      .toBuffer();
    const image = await storeUpload(owner.id, png, "clip.png");
    const file = await sharedOriginal(image);
    expect(file?.contentType).toBe("image/png");
    const after = await sharp(file!.body).metadata();
    expect(after).toMatchObject({ format: "png", hasAlpha: true });
    expect(after.exif).toBeUndefined();
  });

  it("serves the latest completed enhancement, nothing before one exists", async () => {
    const owner = await makeUser();
    const image = await upload(owner.id);
    expect(await sharedEnhanced({ id: image.id, userId: owner.id })).toBeNull();
    const bytes = await sharp({ create: { width: 8, height: 6, channels: 3, background: "#123456" } }).jpeg().toBuffer();
    const key = image.originalR2Key.replace(/[^/]+$/, "enhanced-test.jpg");
    await objectStorage().put(key, bytes, { contentType: "image/jpeg" });
    await prisma.imageEnhancementJob.create({
      data: { imageId: image.id, userId: owner.id, tier: "TIER_1K", tokensCost: 2, status: "FAILED", enhancedR2Key: null },
    });
    expect(await sharedEnhanced({ id: image.id, userId: owner.id })).toBeNull();
    await prisma.imageEnhancementJob.create({
      data: { imageId: image.id, userId: owner.id, tier: "TIER_1K", tokensCost: 2, status: "COMPLETED", enhancedR2Key: key, processingCompletedAt: new Date() },
    });
    const file = await sharedEnhanced({ id: image.id, userId: owner.id });
    expect(file?.body.equals(bytes)).toBe(true);
    expect(file?.contentType).toBe("image/jpeg");
  });
});
