/**
 * How albums look to /api/v1 clients: absolute share links, the album with its images in order, a
 * PATCH that changes several settings at once, and "enhance all" answered with its jobs.
 */
import type { z } from "zod";
import type { AlbumDetail, AlbumSummary, enhanceAlbumRequest, EnhanceAlbumResponse, updateAlbumRequest } from "@spike-land/shared/api/albums";
import { prisma, type AlbumPrivacy } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import {
  AlbumError,
  albumImages,
  isDefaultAlbum,
  listAlbums,
  renameAlbum,
  requireAlbum,
  requireUsablePipeline,
  setCover,
  setDefaults,
  setPrivacy,
} from "./albums.server.ts";
import { enhanceAll } from "./batches.server.ts";

/** The public share page of an UNLISTED or PUBLIC album; null while the album is PRIVATE. */
export function albumShareUrl(album: { privacy: AlbumPrivacy; shareToken: string | null }): string | null {
  if (album.privacy === "PRIVATE" || !album.shareToken) return null;
  return `${env.appUrl}/share/albums/${album.shareToken}`;
}

export async function albumSummaries(userId: string): Promise<AlbumSummary[]> {
  const albums = await listAlbums(userId);
  return albums.map(({ shareToken, ...album }) => ({ ...album, shareUrl: albumShareUrl({ privacy: album.privacy, shareToken }) }));
}

/** One of the user's albums with its images in order; AlbumError 404 when it is not theirs. */
export async function albumDetail(userId: string, albumId: string): Promise<AlbumDetail> {
  const album = await requireAlbum(userId, albumId);
  const images = await albumImages(userId, album.id);
  const cover = images.find((image) => image.id === album.coverImageId) ?? images[0];
  return {
    id: album.id,
    name: album.name,
    description: album.description,
    privacy: album.privacy,
    isDefault: isDefaultAlbum(album),
    imageCount: images.length,
    coverThumb: cover?.thumb ?? null,
    shareUrl: albumShareUrl(album),
    updatedAt: album.updatedAt.toISOString(),
    defaultTier: album.defaultTier,
    pipelineId: album.pipelineId,
    coverImageId: album.coverImageId,
    images,
  };
}

/**
 * Applies an API PATCH to one of the user's albums and answers the album as it is afterwards.
 * Everything that can refuse is checked before the first write, so a refused PATCH changes nothing.
 */
export async function updateAlbum(userId: string, albumId: string, input: z.output<typeof updateAlbumRequest>): Promise<AlbumDetail> {
  const current = await requireAlbum(userId, albumId);
  if (input.privacy !== undefined && input.privacy !== current.privacy && isDefaultAlbum(current)) {
    throw new AlbumError(`"${current.name}" is a default album and its privacy cannot change; create an album for other settings.`, 409);
  }
  if (input.pipelineId) await requireUsablePipeline(userId, input.pipelineId);
  if (input.coverImageId) {
    const member = await prisma.albumImage.findFirst({
      where: { albumId: current.id, imageId: input.coverImageId, image: { userId } },
      select: { id: true },
    });
    if (!member) throw new AlbumError("The cover must be one of the album's images.", 400);
  }
  if (input.name !== undefined || input.description !== undefined) {
    await renameAlbum(userId, current.id, {
      name: input.name ?? current.name,
      description: input.description === undefined ? current.description : input.description,
    });
  }
  if (input.privacy !== undefined && input.privacy !== current.privacy) await setPrivacy(userId, current.id, input.privacy);
  if (input.defaultTier !== undefined || input.pipelineId !== undefined) {
    await setDefaults(userId, current.id, {
      defaultTier: input.defaultTier ?? current.defaultTier,
      pipelineId: input.pipelineId === undefined ? current.pipelineId : input.pipelineId,
    });
  }
  if (input.coverImageId) await setCover(userId, current.id, input.coverImageId);
  if (input.coverImageId === null) {
    await prisma.album.updateMany({ where: { id: current.id, userId }, data: { coverImageId: null } });
  }
  return albumDetail(userId, current.id);
}

/** "Enhance all" for the API: the batch with the jobs it queued, in album order. */
export async function enhanceAlbum(userId: string, albumId: string, input: z.output<typeof enhanceAlbumRequest>): Promise<EnhanceAlbumResponse> {
  const batch = await enhanceAll(userId, albumId, { tier: input.tier, pipelineId: input.pipelineId });
  const rows = await prisma.imageEnhancementJob.findMany({
    where: { id: { in: batch.jobIds }, userId },
    select: { id: true, imageId: true, status: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    batchId: batch.batchId,
    tier: batch.tier,
    pipelineId: batch.pipelineId,
    cost: batch.cost,
    skipped: batch.skipped,
    jobs: batch.jobIds.flatMap((id) => {
      const row = byId.get(id);
      return row ? [row] : [];
    }),
  };
}
