/** How albums look to /api/v1 clients: absolute share links and the album with its images in order. */
import type { AlbumDetail, AlbumSummary } from "@spike-land/shared/api/albums";
import type { AlbumPrivacy } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { albumImages, isDefaultAlbum, listAlbums, requireAlbum } from "./albums.server.ts";

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
