/**
 * The audio mixer's rows and stored files as the project service and the mixdown worker both need
 * them: object keys, owner-scoped look-ups, the API shape of a track (with its signed link), and
 * adding a stored track under the per-project and per-user limits. Every look-up filters by the
 * owner, so someone else's project or track is "not found".
 */
import { randomBytes } from "node:crypto";
import type { AudioTrack } from "@spike-land/shared/api/audio";
import { MAX_AUDIO_STORAGE_BYTES, MAX_TRACKS_PER_PROJECT } from "@spike-land/shared/audio/formats";
import { DomainError } from "@spike-land/shared/errors";
import { HOUR_SECONDS } from "@spike-land/shared/time";
import { prisma, type AudioTrack as AudioTrackRow, type Prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";

export const PROJECT_NOT_FOUND = "We could not find that project.";
export const TRACK_NOT_FOUND = "We could not find that track.";

export class AudioError extends DomainError {
  constructor(status: number, message: string) {
    super(status, message);
  }
}

/** Track links stay valid long enough for a mixing session. */
export const SIGNED_AUDIO_URL_SECONDS = 3 * HOUR_SECONDS;
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 };

/** An id in the shape of Prisma's cuid() ("c", time, random), for rows whose file is stored before the row exists. */
export function newAudioId(): string {
  const random = BigInt(`0x${randomBytes(10).toString("hex")}`).toString(36).padStart(16, "0").slice(-16);
  return `c${Date.now().toString(36).padStart(8, "0")}${random}`;
}

export function projectPrefix(userId: string, projectId: string): string {
  return `audio/${userId}/${projectId}/`;
}

/** A track's file; a replacement gets a new version, so the old file stays until the row points elsewhere. */
export function trackKey(userId: string, projectId: string, trackId: string, extension: string, version?: string): string {
  return `${projectPrefix(userId, projectId)}${trackId}${version ? `.${version}` : ""}.${extension}`;
}

export function mixdownFolder(userId: string, projectId: string): string {
  return `${projectPrefix(userId, projectId)}mixdowns/`;
}

export function mixdownKey(userId: string, projectId: string, mixdownId: string): string {
  return `${mixdownFolder(userId, projectId)}${mixdownId}.wav`;
}

/** "1.5 GB", "320.0 MB", "12.0 KB": sizes in limit messages. */
export function formatSize(bytes: number): string {
  const GB = 1024 ** 3;
  if (bytes >= GB) return `${Number((bytes / GB).toFixed(1))} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

type Client = Prisma.TransactionClient | typeof prisma;

/** Serialises one person's audio writes, so limits are checked against every earlier write. */
export async function lockUserAudio(tx: Prisma.TransactionClient, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`audio:${userId}`}, 0))`;
}

/** Bytes of the person's audio in the object store: their stored tracks (files kept on a device do not count). */
export async function usedStorageBytes(client: Client, userId: string): Promise<number> {
  const sum = await client.audioTrack.aggregate({ where: { storageType: "R2", project: { userId } }, _sum: { fileSizeBytes: true } });
  return sum._sum.fileSizeBytes ?? 0;
}

export async function ownedProject(client: Client, userId: string, projectId: string) {
  const project = await client.audioMixerProject.findFirst({ where: { id: projectId, userId } });
  if (!project) throw new AudioError(404, PROJECT_NOT_FOUND);
  return project;
}

export async function ownedTrack(client: Client, userId: string, trackId: string): Promise<AudioTrackRow> {
  const track = await client.audioTrack.findFirst({ where: { id: trackId, project: { userId } } });
  if (!track) throw new AudioError(404, TRACK_NOT_FOUND);
  return track;
}

export function tracksFullMessage(): string {
  return `This project already has ${MAX_TRACKS_PER_PROJECT} tracks, the most a project can hold. Delete a track to add another.`;
}

/** Throws 413 when `addedBytes` more would take the person past their storage limit. */
export function assertStorageRoom(usedBytes: number, addedBytes: number): void {
  if (usedBytes + addedBytes <= MAX_AUDIO_STORAGE_BYTES) return;
  throw new AudioError(
    413,
    `This audio would take your storage past its ${formatSize(MAX_AUDIO_STORAGE_BYTES)} limit (${formatSize(usedBytes)} used). ` +
      "Delete tracks or projects to make room.",
  );
}

/** The API shape of a track: a signed link to its file while it is in the object store. */
export async function toApiTrack(row: AudioTrackRow): Promise<AudioTrack> {
  const fileUrl =
    row.storageType === "R2" && row.fileR2Key ? await objectStorage().signedGetUrl(row.fileR2Key, { expiresInSeconds: SIGNED_AUDIO_URL_SECONDS }) : null;
  return {
    id: row.id,
    projectId: row.projectId,
    name: row.name,
    fileFormat: row.fileFormat,
    duration: row.duration,
    fileSizeBytes: row.fileSizeBytes,
    volume: row.volume,
    muted: row.muted,
    solo: row.solo,
    sortOrder: row.sortOrder,
    storageType: row.storageType,
    fileUrl,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type NewTrack = {
  id: string;
  name: string;
  fileFormat: string;
  duration: number;
  fileSizeBytes: number;
  /** The stored file's key; null for a track whose audio stays on the person's device. */
  key: string | null;
  muted?: boolean;
};

/**
 * Adds a track at the end of the project, in one transaction under the person's lock: the project
 * must still be theirs, hold fewer than the most tracks, and (for a stored file) leave room in their
 * storage. Bumps the project's updatedAt. A caller that stored a file deletes it when this throws.
 */
export async function insertTrack(userId: string, projectId: string, track: NewTrack): Promise<AudioTrackRow> {
  return prisma.$transaction(async (tx) => {
    await lockUserAudio(tx, userId);
    await ownedProject(tx, userId, projectId);
    const [count, last] = await Promise.all([
      tx.audioTrack.count({ where: { projectId } }),
      tx.audioTrack.aggregate({ where: { projectId }, _max: { sortOrder: true } }),
    ]);
    if (count >= MAX_TRACKS_PER_PROJECT) throw new AudioError(409, tracksFullMessage());
    if (track.key) assertStorageRoom(await usedStorageBytes(tx, userId), track.fileSizeBytes);
    const row = await tx.audioTrack.create({
      data: {
        id: track.id,
        projectId,
        name: track.name,
        fileFormat: track.fileFormat,
        duration: track.duration,
        fileSizeBytes: track.fileSizeBytes,
        fileR2Key: track.key,
        storageType: track.key ? "R2" : "OPFS",
        muted: track.muted ?? false,
        sortOrder: (last._max.sortOrder ?? -1) + 1,
      },
    });
    await tx.audioMixerProject.update({ where: { id: projectId }, data: { updatedAt: new Date() } });
    return row;
  }, TRANSACTION_OPTIONS);
}

/** Deletes stored files, never failing the caller: a file left behind costs space, not correctness. */
export async function deleteStoredFiles(keys: Iterable<string>): Promise<void> {
  const results = await Promise.allSettled([...new Set(keys)].map((key) => objectStorage().delete(key)));
  for (const result of results) if (result.status === "rejected") console.error("audio: could not delete a stored file:", result.reason);
}
