/**
 * A user's albums: the two default albums made on first use, creating, renaming and deleting albums,
 * privacy with share tokens, and which of the user's images an album holds and in what order.
 * Every query filters by the owner, so someone else's album or image is "not found" (404).
 */
import { randomBytes } from "node:crypto";
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { prisma, type AlbumPrivacy, type Prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { SIGNED_URL_SECONDS, thumbKey } from "../images/library.server.ts";
import { DomainError } from "@spike-land/shared/errors";
import { recordAudit } from "../platform/audit.server.ts";


export class AlbumError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}


/** The albums every user has; they are found by name and privacy, so neither may change. */
const DEFAULT_ALBUMS = [
  { name: "Private Gallery", privacy: "PRIVATE", sortOrder: 0 },
  { name: "Public Gallery", privacy: "PUBLIC", sortOrder: 1 },
] as const;

/** Albums the user makes sort after the two default ones. */
const USER_ALBUM_SORT_ORDER = 10;
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 };

export function isDefaultAlbum(album: { name: string; privacy: AlbumPrivacy }): boolean {
  return DEFAULT_ALBUMS.some((preset) => preset.name === album.name && preset.privacy === album.privacy);
}

function isReservedName(name: string): boolean {
  return DEFAULT_ALBUMS.some((preset) => preset.name.toLowerCase() === name.trim().toLowerCase());
}

/** 12 url-safe random characters: 9 random bytes are exactly 12 base64url characters. */
export function newShareToken(): string {
  return randomBytes(9).toString("base64url");
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Creates the missing default albums; safe to call on every request and from concurrent requests. */
export async function ensureDefaultAlbums(userId: string): Promise<void> {
  const existing = await prisma.album.count({
    where: { userId, OR: DEFAULT_ALBUMS.map((preset) => ({ name: preset.name, privacy: preset.privacy })) },
  });
  if (existing === DEFAULT_ALBUMS.length) return;
  // ON CONFLICT DO NOTHING on the (userId, name, privacy) key: a racing request simply adds nothing.
  await prisma.album.createMany({
    data: DEFAULT_ALBUMS.map((preset) => ({
      userId,
      name: preset.name,
      privacy: preset.privacy,
      sortOrder: preset.sortOrder,
      shareToken: preset.privacy === "PRIVATE" ? null : newShareToken(),
    })),
    skipDuplicates: true,
  });
}

const albumSelect = {
  id: true,
  userId: true,
  name: true,
  description: true,
  privacy: true,
  shareToken: true,
  coverImageId: true,
  defaultTier: true,
  pipelineId: true,
  sortOrder: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.AlbumSelect;

export type Album = Prisma.AlbumGetPayload<{ select: typeof albumSelect }>;

export function findAlbum(userId: string, albumId: string) {
  return prisma.album.findFirst({ where: { id: albumId, userId }, select: albumSelect });
}

/** The album, or an AlbumError 404 for a missing album or someone else's. */
export async function requireAlbum(userId: string, albumId: string): Promise<Album> {
  const album = await findAlbum(userId, albumId);
  if (!album) throw new AlbumError("We could not find that album.", 404);
  return album;
}

function signedThumb(originalKey: string): Promise<string> {
  return objectStorage().signedGetUrl(thumbKey(originalKey), { expiresInSeconds: SIGNED_URL_SECONDS });
}

/** The cover: the chosen image while it is still in the album, otherwise the first image. */
async function coverThumbs(albums: Array<{ id: string; coverImageId: string | null }>): Promise<Map<string, string>> {
  if (albums.length === 0) return new Map();
  const chosen = albums.filter((album) => album.coverImageId).map((album) => ({ albumId: album.id, imageId: album.coverImageId! }));
  const [covers, firsts] = await Promise.all([
    chosen.length
      ? prisma.albumImage.findMany({ where: { OR: chosen }, select: { albumId: true, image: { select: { originalR2Key: true } } } })
      : Promise.resolve([]),
    prisma.albumImage.findMany({
      where: { albumId: { in: albums.map((album) => album.id) } },
      orderBy: [{ albumId: "asc" }, { sortOrder: "asc" }, { addedAt: "asc" }],
      distinct: ["albumId"],
      select: { albumId: true, image: { select: { originalR2Key: true } } },
    }),
  ]);
  const keys = new Map<string, string>();
  for (const row of firsts) keys.set(row.albumId, row.image.originalR2Key);
  for (const row of covers) keys.set(row.albumId, row.image.originalR2Key);
  const urls = new Map<string, string>();
  await Promise.all([...keys].map(async ([albumId, key]) => urls.set(albumId, await signedThumb(key))));
  return urls;
}

/** The user's albums (default ones first) with their image counts and cover thumbnails. */
export async function listAlbums(userId: string) {
  const albums = await prisma.album.findMany({
    where: { userId },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { ...albumSelect, _count: { select: { albumImages: true } } },
  });
  const covers = await coverThumbs(albums);
  return albums.map((album) => ({
    id: album.id,
    name: album.name,
    description: album.description,
    privacy: album.privacy,
    shareToken: album.shareToken,
    isDefault: isDefaultAlbum(album),
    imageCount: album._count.albumImages,
    coverThumb: covers.get(album.id) ?? null,
    updatedAt: album.updatedAt.toISOString(),
  }));
}

/** Choices for "Add to album" selects elsewhere in the app. */
export async function albumOptions(userId: string): Promise<Array<{ id: string; name: string; privacy: AlbumPrivacy }>> {
  await ensureDefaultAlbums(userId);
  return prisma.album.findMany({
    where: { userId },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, privacy: true },
  });
}

async function assertNameFree(userId: string, name: string, exceptAlbumId?: string) {
  if (isReservedName(name)) throw new AlbumError(`"${name.trim()}" is the name of one of your default albums; choose another name.`, 409);
  const clash = await prisma.album.findFirst({
    where: { userId, name: { equals: name, mode: "insensitive" }, ...(exceptAlbumId ? { id: { not: exceptAlbumId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new AlbumError(`You already have an album called "${name}".`, 409);
}

export async function createAlbum(userId: string, input: { name: string; description?: string | null; privacy?: AlbumPrivacy }) {
  const name = input.name.trim();
  await assertNameFree(userId, name);
  const privacy = input.privacy ?? "PRIVATE";
  try {
    return await prisma.album.create({
      data: {
        userId,
        name,
        description: input.description?.trim() || null,
        privacy,
        shareToken: privacy === "PRIVATE" ? null : newShareToken(),
        sortOrder: USER_ALBUM_SORT_ORDER,
      },
      select: albumSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlbumError(`You already have an album called "${name}".`, 409);
    throw error;
  }
}

/** Renames an album and sets its description; the default albums keep their names. */
export async function renameAlbum(userId: string, albumId: string, input: { name: string; description?: string | null }) {
  const album = await requireAlbum(userId, albumId);
  const name = input.name.trim();
  if (isDefaultAlbum(album) && name !== album.name) {
    throw new AlbumError(`"${album.name}" is a default album and keeps its name; you can still change its description.`, 409);
  }
  if (name !== album.name) await assertNameFree(userId, name, album.id);
  try {
    return await prisma.album.update({
      where: { id: album.id },
      data: { name, description: input.description?.trim() || null },
      select: albumSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlbumError(`You already have an album called "${name}".`, 409);
    throw error;
  }
}

/** Deletes an album; its images stay in the library. The default albums cannot be deleted. */
export async function deleteAlbum(userId: string, albumId: string) {
  const album = await requireAlbum(userId, albumId);
  if (isDefaultAlbum(album)) throw new AlbumError(`"${album.name}" is a default album and cannot be deleted.`, 409);
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.album.deleteMany({ where: { id: album.id, userId } });
    if (count > 0) await recordAudit(tx, { actorId: userId, action: "USER_UPDATE", event: "album.delete", targetId: album.id, metadata: { name: album.name } });
  });
}

/**
 * PRIVATE has no share token; leaving PRIVATE makes one, moving between UNLISTED and PUBLIC keeps it,
 * and returning to PRIVATE removes it so old links stop working.
 */
export async function setPrivacy(userId: string, albumId: string, privacy: AlbumPrivacy) {
  const album = await requireAlbum(userId, albumId);
  if (isDefaultAlbum(album) && privacy !== album.privacy) {
    throw new AlbumError(`"${album.name}" is a default album and its privacy cannot change; create an album for other settings.`, 409);
  }
  for (let attempt = 0; ; attempt++) {
    const shareToken = privacy === "PRIVATE" ? null : (album.shareToken ?? newShareToken());
    try {
      return await prisma.album.update({ where: { id: album.id }, data: { privacy, shareToken }, select: albumSelect });
    } catch (error) {
      // A clash is on the share token (names do not change here); a fresh token is enough.
      if (!isUniqueViolation(error) || attempt >= 2 || album.shareToken) throw error;
    }
  }
}

/** Sets the tier and pipeline "Enhance all" starts with; the pipeline must be one the user may run. */
export async function setDefaults(userId: string, albumId: string, input: { defaultTier: EnhancementTier; pipelineId: string | null }) {
  const album = await requireAlbum(userId, albumId);
  if (input.pipelineId) await requireUsablePipeline(userId, input.pipelineId);
  return prisma.album.update({
    where: { id: album.id },
    data: { defaultTier: input.defaultTier, pipelineId: input.pipelineId },
    select: albumSelect,
  });
}

/** Own pipelines, public ones and the built-in ones (no owner), as in listUsablePipelines. */
export async function requireUsablePipeline(userId: string, pipelineId: string) {
  const pipeline = await prisma.enhancementPipeline.findFirst({
    where: { id: pipelineId, OR: [{ userId }, { visibility: "PUBLIC" }, { userId: null }] },
    select: { id: true, name: true },
  });
  if (!pipeline) throw new AlbumError("That pipeline was not found; choose one of yours or a public one.", 404);
  return pipeline;
}

/** The album's images in order, with signed thumbnails. */
export async function albumImages(userId: string, albumId: string) {
  const album = await requireAlbum(userId, albumId);
  const rows = await prisma.albumImage.findMany({
    where: { albumId: album.id, image: { userId } },
    orderBy: [{ sortOrder: "asc" }, { addedAt: "asc" }, { id: "asc" }],
    select: { image: { select: { id: true, name: true, originalR2Key: true, originalWidth: true, originalHeight: true } } },
  });
  return Promise.all(
    rows.map(async ({ image }) => ({
      id: image.id,
      name: image.name,
      width: image.originalWidth,
      height: image.originalHeight,
      thumb: await signedThumb(image.originalR2Key),
    })),
  );
}

async function nextSortOrder(tx: Prisma.TransactionClient, albumId: string): Promise<number> {
  const last = await tx.albumImage.aggregate({ where: { albumId }, _max: { sortOrder: true } });
  return (last._max.sortOrder ?? -1) + 1;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** Adds the user's own images at the end of the album, skipping those already in it. */
export async function addImages(userId: string, albumId: string, imageIds: string[]) {
  const album = await requireAlbum(userId, albumId);
  const ids = unique(imageIds);
  const owned = await prisma.enhancedImage.findMany({ where: { id: { in: ids }, userId }, select: { id: true } });
  if (owned.length !== ids.length) throw new AlbumError("One or more of those images were not found in your library.", 404);
  return prisma.$transaction(async (tx) => {
    const present = await tx.albumImage.findMany({ where: { albumId: album.id, imageId: { in: ids } }, select: { imageId: true } });
    const skip = new Set(present.map((row) => row.imageId));
    const fresh = ids.filter((id) => !skip.has(id));
    const start = await nextSortOrder(tx, album.id);
    const created = await tx.albumImage.createMany({
      data: fresh.map((imageId, index) => ({ albumId: album.id, imageId, sortOrder: start + index })),
      skipDuplicates: true,
    });
    await tx.album.update({ where: { id: album.id }, data: { updatedAt: new Date() } });
    return { added: created.count, skipped: ids.length - created.count };
  }, TRANSACTION_OPTIONS);
}

/** Takes images out of the album (they stay in the library); a removed cover is cleared. */
export async function removeImages(userId: string, albumId: string, imageIds: string[]) {
  const album = await requireAlbum(userId, albumId);
  const ids = unique(imageIds);
  return prisma.$transaction(async (tx) => {
    const removed = await tx.albumImage.deleteMany({ where: { albumId: album.id, imageId: { in: ids } } });
    const clearCover = album.coverImageId !== null && ids.includes(album.coverImageId);
    await tx.album.update({ where: { id: album.id }, data: clearCover ? { coverImageId: null } : { updatedAt: new Date() } });
    return { removed: removed.count };
  }, TRANSACTION_OPTIONS);
}

/**
 * Puts the listed images first, in the given order; images of the album that are not listed (added
 * meanwhile in another tab) keep their relative order after them.
 */
export async function reorder(userId: string, albumId: string, orderedImageIds: string[]) {
  const album = await requireAlbum(userId, albumId);
  if (new Set(orderedImageIds).size !== orderedImageIds.length) throw new AlbumError("Each image may appear only once in the new order.", 400);
  return prisma.$transaction(async (tx) => {
    const rows = await tx.albumImage.findMany({
      where: { albumId: album.id },
      orderBy: [{ sortOrder: "asc" }, { addedAt: "asc" }, { id: "asc" }],
      select: { id: true, imageId: true },
    });
    const byImage = new Map(rows.map((row) => [row.imageId, row.id]));
    if (orderedImageIds.some((id) => !byImage.has(id))) throw new AlbumError("Some of those images are not in this album.", 400);
    const listed = new Set(orderedImageIds);
    const order = [...orderedImageIds, ...rows.map((row) => row.imageId).filter((id) => !listed.has(id))];
    for (const [index, imageId] of order.entries()) {
      await tx.albumImage.update({ where: { id: byImage.get(imageId)! }, data: { sortOrder: index } });
    }
    await tx.album.update({ where: { id: album.id }, data: { updatedAt: new Date() } });
    return order;
  }, TRANSACTION_OPTIONS);
}

/** Moves one image a place earlier (-1) or later (+1): the keyboard and no-script way to reorder. */
export async function shiftImage(userId: string, albumId: string, imageId: string, direction: -1 | 1) {
  const album = await requireAlbum(userId, albumId);
  const rows = await prisma.albumImage.findMany({
    where: { albumId: album.id },
    orderBy: [{ sortOrder: "asc" }, { addedAt: "asc" }, { id: "asc" }],
    select: { imageId: true },
  });
  const order = rows.map((row) => row.imageId);
  const from = order.indexOf(imageId);
  if (from === -1) throw new AlbumError("That image is not in this album.", 400);
  const to = from + direction;
  if (to < 0 || to >= order.length) return order;
  [order[from], order[to]] = [order[to]!, order[from]!];
  return reorder(userId, album.id, order);
}

/** Moves images from one of the user's albums to another, appended at the end of the target. */
export async function moveImages(userId: string, fromAlbumId: string, toAlbumId: string, imageIds: string[]) {
  const [from, to] = await Promise.all([requireAlbum(userId, fromAlbumId), requireAlbum(userId, toAlbumId)]);
  if (from.id === to.id) throw new AlbumError("Choose a different album to move the images to.", 400);
  const ids = unique(imageIds);
  return prisma.$transaction(async (tx) => {
    const inSource = await tx.albumImage.findMany({
      where: { albumId: from.id, imageId: { in: ids } },
      orderBy: [{ sortOrder: "asc" }, { addedAt: "asc" }],
      select: { imageId: true },
    });
    if (inSource.length !== ids.length) throw new AlbumError("Some of those images are not in this album.", 400);
    const moving = inSource.map((row) => row.imageId);
    await tx.albumImage.deleteMany({ where: { albumId: from.id, imageId: { in: moving } } });
    const start = await nextSortOrder(tx, to.id);
    const created = await tx.albumImage.createMany({
      data: moving.map((imageId, index) => ({ albumId: to.id, imageId, sortOrder: start + index })),
      skipDuplicates: true,
    });
    const clearCover = from.coverImageId !== null && moving.includes(from.coverImageId);
    await tx.album.update({ where: { id: from.id }, data: clearCover ? { coverImageId: null } : { updatedAt: new Date() } });
    await tx.album.update({ where: { id: to.id }, data: { updatedAt: new Date() } });
    return { moved: moving.length, alreadyThere: moving.length - created.count };
  }, TRANSACTION_OPTIONS);
}

/** Chooses the album's cover; the image must be in the album. */
export async function setCover(userId: string, albumId: string, imageId: string) {
  const album = await requireAlbum(userId, albumId);
  const member = await prisma.albumImage.findFirst({ where: { albumId: album.id, imageId, image: { userId } }, select: { id: true } });
  if (!member) throw new AlbumError("That image is not in this album.", 400);
  return prisma.album.update({ where: { id: album.id }, data: { coverImageId: imageId }, select: albumSelect });
}
