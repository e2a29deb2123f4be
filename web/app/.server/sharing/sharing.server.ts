/**
 * Sharing, seen from both sides. Owners turn an image's share link on or off and mark it public;
 * visitors reach an image or an UNLISTED/PUBLIC album by its share token, and see a user's public
 * profile. Anything handed to a visitor is stripped of metadata (EXIF, GPS, XMP): originals are
 * re-encoded once and cached next to the original, enhanced results are already metadata-free.
 */
import { randomBytes } from "node:crypto";
import sharp, { type Sharp } from "sharp";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { SIGNED_URL_SECONDS, thumbKey } from "../images/library.server.ts";

/** 9 random bytes are exactly 12 url-safe base64 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{12}$/;

export function newShareToken(): string {
  return randomBytes(9).toString("base64url");
}

/** Malformed tokens never reach the database. */
export function isShareToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export type ImageSharing = { isPublic: boolean; shareToken: string | null; viewCount: number };

const sharingSelect = { isPublic: true, shareToken: true, viewCount: true } as const;

/** Runs `write` with a fresh token, trying again on the (very unlikely) clash with an existing one. */
async function withFreshToken<T>(write: (token: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write(newShareToken());
    } catch (error) {
      const clash = (error as { code?: string }).code === "P2002";
      if (!clash || attempt >= 4) throw error;
    }
  }
}

/** Inside one transaction: keeps the image's token or gives it `token`, applying `extra`; null when not the user's. */
async function ensureToken(userId: string, imageId: string, token: string, extra: { isPublic?: boolean } = {}) {
  return prisma.$transaction(async (tx) => {
    const current = await tx.enhancedImage.findFirst({ where: { id: imageId, userId }, select: { shareToken: true } });
    if (!current) return null;
    return tx.enhancedImage.update({ where: { id: imageId }, data: { ...extra, shareToken: current.shareToken ?? token }, select: sharingSelect });
  });
}

/**
 * Creates (keeping an existing one) or removes the image's share link. Removing the link also takes
 * the image off the owner's public profile, since public images are reached through their link.
 * Null when the image is not the user's.
 */
export async function setImageSharing(userId: string, imageId: string, options: { shared: boolean }): Promise<ImageSharing | null> {
  if (options.shared) return withFreshToken((token) => ensureToken(userId, imageId, token));
  const result = await prisma.enhancedImage.updateMany({ where: { id: imageId, userId }, data: { shareToken: null, isPublic: false } });
  return result.count > 0 ? imageSharing(userId, imageId) : null;
}

/** Marks the image public (listed on the profile, given a share link if it has none) or private again. */
export async function setImagePublic(userId: string, imageId: string, isPublic: boolean): Promise<ImageSharing | null> {
  if (isPublic) return withFreshToken((token) => ensureToken(userId, imageId, token, { isPublic: true }));
  const result = await prisma.enhancedImage.updateMany({ where: { id: imageId, userId }, data: { isPublic: false } });
  return result.count > 0 ? imageSharing(userId, imageId) : null;
}

/** The owner's view of an image's sharing state. */
export function imageSharing(userId: string, imageId: string): Promise<ImageSharing | null> {
  return prisma.enhancedImage.findFirst({ where: { id: imageId, userId }, select: sharingSelect });
}

const sharedImageSelect = {
  id: true,
  userId: true,
  name: true,
  description: true,
  originalR2Key: true,
  originalWidth: true,
  originalHeight: true,
  originalFormat: true,
  isPublic: true,
  viewCount: true,
  createdAt: true,
  user: { select: { id: true, name: true, image: true } },
} as const;

type SharedImageRow = Prisma.EnhancedImageGetPayload<{ select: typeof sharedImageSelect }>;

export type SharedImage = SharedImageRow & {
  enhanced: { jobId: string; key: string; width: number | null; height: number | null } | null;
};

async function latestEnhanced(image: { id: string; userId: string }) {
  const job = await prisma.imageEnhancementJob.findFirst({
    where: { imageId: image.id, userId: image.userId, status: "COMPLETED", enhancedR2Key: { not: null } },
    orderBy: [{ processingCompletedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, enhancedR2Key: true, enhancedWidth: true, enhancedHeight: true },
  });
  return job?.enhancedR2Key ? { jobId: job.id, key: job.enhancedR2Key, width: job.enhancedWidth, height: job.enhancedHeight } : null;
}

async function withEnhanced(row: SharedImageRow | null): Promise<SharedImage | null> {
  if (!row) return null;
  return { ...row, enhanced: await latestEnhanced(row) };
}

/** The image a share token opens, or null for an unknown or revoked token. */
export async function imageByToken(token: string): Promise<SharedImage | null> {
  if (!isShareToken(token)) return null;
  return withEnhanced(await prisma.enhancedImage.findUnique({ where: { shareToken: token }, select: sharedImageSelect }));
}

const SHARED_PRIVACY = ["UNLISTED", "PUBLIC"] as const;

async function sharedAlbum(token: string) {
  if (!isShareToken(token)) return null;
  return prisma.album.findFirst({
    where: { shareToken: token, privacy: { in: [...SHARED_PRIVACY] } },
    select: { id: true, userId: true, name: true, description: true, privacy: true, user: { select: { id: true, name: true, image: true } } },
  });
}

function thumbUrl(originalR2Key: string): Promise<string> {
  return objectStorage().signedGetUrl(thumbKey(originalR2Key), { expiresInSeconds: SIGNED_URL_SECONDS });
}

/**
 * An UNLISTED or PUBLIC album whose token matches, with its images in album order (thumbnails are
 * stripped WebP behind short-lived signed URLs). Null for a wrong token or a PRIVATE album.
 */
export async function albumByToken(token: string) {
  const album = await sharedAlbum(token);
  if (!album) return null;
  const entries = await prisma.albumImage.findMany({
    where: { albumId: album.id, image: { userId: album.userId } },
    orderBy: [{ sortOrder: "asc" }, { addedAt: "asc" }],
    select: { image: { select: { id: true, name: true, originalR2Key: true, originalWidth: true, originalHeight: true } } },
  });
  const images = await Promise.all(
    entries.map(async ({ image }) => ({
      id: image.id,
      name: image.name,
      width: image.originalWidth,
      height: image.originalHeight,
      thumb: await thumbUrl(image.originalR2Key),
    })),
  );
  return { ...album, images };
}

/** One image of a shared album: readable through the album's token even when it has no link of its own. */
export async function albumImageByToken(token: string, imageId: string) {
  const album = await sharedAlbum(token);
  if (!album || !imageId) return null;
  const entry = await prisma.albumImage.findFirst({
    where: { albumId: album.id, imageId, image: { userId: album.userId } },
    select: { image: { select: sharedImageSelect } },
  });
  const image = await withEnhanced(entry?.image ?? null);
  return image ? { album: { id: album.id, name: album.name, privacy: album.privacy }, image } : null;
}

/**
 * A user's public face: name and avatar, PUBLIC albums (cover, image count) and public images.
 * Null for an unknown user.
 */
export async function publicProfile(userId: string) {
  if (!userId || userId.length > 64) return null;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, name: true, image: true } });
  if (!user) return null;
  const [albums, images] = await Promise.all([
    prisma.album.findMany({
      where: { userId, privacy: "PUBLIC", shareToken: { not: null } },
      orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
      select: {
        id: true,
        name: true,
        description: true,
        shareToken: true,
        coverImageId: true,
        _count: { select: { albumImages: { where: { image: { userId } } } } },
        albumImages: {
          where: { image: { userId } },
          orderBy: [{ sortOrder: "asc" }, { addedAt: "asc" }],
          take: 1,
          select: { image: { select: { originalR2Key: true } } },
        },
      },
    }),
    prisma.enhancedImage.findMany({
      where: { userId, isPublic: true, shareToken: { not: null } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 60,
      select: { id: true, name: true, shareToken: true, originalR2Key: true, viewCount: true },
    }),
  ]);
  // A cover is shown only while it is still in its album, so no other photo of the owner leaks out.
  const coverRows = await prisma.albumImage.findMany({
    where: {
      OR: albums.filter((album) => album.coverImageId).map((album) => ({ albumId: album.id, imageId: album.coverImageId! })),
      image: { userId },
    },
    select: { albumId: true, image: { select: { originalR2Key: true } } },
  });
  const covers = new Map(coverRows.map((row) => [row.albumId, row.image.originalR2Key]));
  return {
    user,
    albums: await Promise.all(
      albums.map(async (album) => {
        const coverKey = covers.get(album.id) ?? album.albumImages[0]?.image.originalR2Key ?? null;
        return {
          id: album.id,
          name: album.name,
          description: album.description,
          shareToken: album.shareToken!,
          imageCount: album._count.albumImages,
          cover: coverKey ? await thumbUrl(coverKey) : null,
        };
      }),
    ),
    images: await Promise.all(
      images.map(async (image) => ({
        id: image.id,
        name: image.name,
        shareToken: image.shareToken!,
        viewCount: image.viewCount,
        thumb: await thumbUrl(image.originalR2Key),
      })),
    ),
  };
}

/**
 * Counts one view of a shared or public image page, unless the viewer is its owner. Returns the
 * count to show.
 */
export async function recordImageView(image: { id: string; userId: string; viewCount: number }, viewerId: string | null): Promise<number> {
  if (viewerId === image.userId) return image.viewCount;
  const updated = await prisma.enhancedImage.update({ where: { id: image.id }, data: { viewCount: { increment: 1 } }, select: { viewCount: true } });
  return updated.viewCount;
}

export type SharedFile = { body: Buffer; contentType: string; extension: string };

const STRIPPED_FORMATS: Record<string, { extension: string; contentType: string; encode: (pipeline: Sharp) => Sharp }> = {
  png: { extension: "png", contentType: "image/png", encode: (pipeline) => pipeline.png() },
  webp: { extension: "webp", contentType: "image/webp", encode: (pipeline) => pipeline.webp({ quality: 90 }) },
  jpeg: { extension: "jpg", contentType: "image/jpeg", encode: (pipeline) => pipeline.jpeg({ quality: 90, mozjpeg: true }) },
};

/** Where the metadata-free copy of an original is cached: next to the original. */
export function sharedOriginalKey(originalR2Key: string, originalFormat: string): string {
  const format = STRIPPED_FORMATS[originalFormat] ?? STRIPPED_FORMATS.jpeg!;
  return originalR2Key.replace(/[^/]+$/, `shared.${format.extension}`);
}

/**
 * The original with every piece of metadata removed: re-encoded by sharp (which writes none unless
 * asked), upright per its EXIF orientation. PNG and WebP keep their format, everything else becomes
 * JPEG. The first call caches the result in object storage; later calls read the cached copy.
 */
export async function sharedOriginal(image: { originalR2Key: string; originalFormat: string }): Promise<SharedFile | null> {
  const format = STRIPPED_FORMATS[image.originalFormat] ?? STRIPPED_FORMATS.jpeg!;
  const key = sharedOriginalKey(image.originalR2Key, image.originalFormat);
  const storage = objectStorage();
  const cached = await storage.get(key);
  if (cached) return { body: cached.body, contentType: format.contentType, extension: format.extension };
  const original = await storage.get(image.originalR2Key);
  if (!original) return null;
  const body = await format.encode(sharp(original.body, { failOn: "none" }).rotate()).toBuffer();
  await storage.put(key, body, { contentType: format.contentType, cacheControl: "private, max-age=300" });
  return { body, contentType: format.contentType, extension: format.extension };
}

/** The latest completed enhancement of the image (JPEG written without metadata), or null when there is none. */
export async function sharedEnhanced(image: { id: string; userId: string }): Promise<SharedFile | null> {
  const enhanced = await latestEnhanced(image);
  if (!enhanced) return null;
  const stored = await objectStorage().get(enhanced.key);
  return stored ? { body: stored.body, contentType: "image/jpeg", extension: "jpg" } : null;
}

/** What a visitor's photo page shows: no storage keys, file links relative to the page's share path. */
export function sharedPhotoView(image: SharedImage, viewCount: number, basePath: string) {
  return {
    name: image.name,
    description: image.description,
    width: image.originalWidth,
    height: image.originalHeight,
    viewCount,
    owner: { id: image.user.id, name: image.user.name?.trim() || "A Spike Land member", avatar: image.user.image },
    files: { original: `${basePath}/original`, enhanced: image.enhanced ? `${basePath}/enhanced` : null },
    enhancedSize: image.enhanced?.width && image.enhanced.height ? { width: image.enhanced.width, height: image.enhanced.height } : null,
  };
}

