/**
 * The audio mixer's projects and tracks, for the API and the mixer pages alike: creating and
 * listing projects, uploading tracks (checked by content and decoded by ffmpeg before they are
 * stored), tracks kept on the person's device (OPFS) and their later upload, mix settings, order,
 * and asking for a mixdown. Every function is scoped by the owner: someone else's project or track
 * is "not found" (404). Inputs are parsed with the shared API schemas, so pages and the API get the
 * same messages.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { z } from "zod";
import {
  createAudioProjectRequest,
  MIXDOWN_TARGETS,
  registerLocalTrackRequest,
  reorderAudioTracksRequest,
  trackName as trackNameSchema,
  updateAudioProjectRequest,
  updateAudioTrackRequest,
  type AudioProjectDetail,
  type AudioProjectListResponse,
  type AudioProjectSummary,
  type AudioTrack,
  type CreateAudioProjectRequest,
  type Mixdown,
  type MixdownTarget,
  type RegisterLocalTrackRequest,
  type UpdateAudioProjectRequest,
  type UpdateAudioTrackRequest,
} from "@spike-land/shared/api/audio";
import {
  ACCEPTED_AUDIO_TEXT,
  AUDIO_FORMATS,
  MAX_AUDIO_FILE_BYTES,
  MAX_AUDIO_STORAGE_BYTES,
  MAX_PROJECTS_PER_USER,
  MAX_TRACK_SECONDS,
  MAX_TRACKS_PER_PROJECT,
  sniffAudioFormat,
  type AudioFormat,
} from "@spike-land/shared/audio/formats";
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type AudioMixerProject, type AudioTrack as AudioTrackRow } from "../platform/db.server.ts";
import { consume, LIMITS, RateLimitedError } from "../platform/rate-limit.server.ts";
import { describeLimit } from "../platform/rate-limit-rules.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { allowUpload } from "../images/receive.server.ts";
import { decodedSeconds, probeAudio } from "./ffmpeg.server.ts";
import { enqueueMixdown, readMixdown } from "./mixdown-queue.server.ts";
import { planMix } from "./mix-plan.server.ts";
import {
  AudioError,
  assertStorageRoom,
  deleteStoredFiles,
  formatSize,
  insertTrack,
  lockUserAudio,
  newAudioId,
  ownedProject,
  ownedTrack,
  PROJECT_NOT_FOUND,
  projectPrefix,
  toApiTrack,
  trackKey,
  tracksFullMessage,
  TRANSACTION_OPTIONS,
  usedStorageBytes,
} from "./records.server.ts";

/** An uploaded file as the API and the pages hand it over. `name` is the track's name, when given. */
export type AudioUpload = { bytes: Buffer; fileName: string; name?: string };

/** Less than this much decodable sound is no audio at all (a header with nothing after it). */
const MIN_TRACK_SECONDS = 0.01;
const UNTITLED_TRACK = "Untitled track";

/** Parses with a shared schema; an invalid input is 422 with the first message (and the rest per field). */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(parsed.error.issues);
  return parsed.data;
}

/** Invalid input: 422 with the first message, on its field when it has one. */
export class InputError extends DomainError {
  constructor(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) {
    super(422, issues[0]?.message ?? "The request is not valid.", "validation_failed", { field: issues[0]?.path.map(String).join(".") || undefined });
  }
}

// ---- Projects ----------------------------------------------------------------------------------

type ProjectWithDurations = AudioMixerProject & { tracks: Array<{ duration: number }> };

function toSummary(project: ProjectWithDurations): AudioProjectSummary {
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    trackCount: project.tracks.length,
    duration: Math.max(0, ...project.tracks.map((track) => track.duration)),
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}

/** The person's projects, most recently changed first, with how much of their storage they use. */
export async function listProjects(userId: string): Promise<AudioProjectListResponse> {
  const [projects, usedBytes] = await Promise.all([
    prisma.audioMixerProject.findMany({
      where: { userId },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      include: { tracks: { select: { duration: true } } },
    }),
    usedStorageBytes(prisma, userId),
  ]);
  return {
    projects: projects.map(toSummary),
    usage: { usedBytes, limitBytes: MAX_AUDIO_STORAGE_BYTES, projectCount: projects.length, projectLimit: MAX_PROJECTS_PER_USER },
  };
}

export async function getProject(userId: string, projectId: string): Promise<AudioProjectDetail> {
  const project = await prisma.audioMixerProject.findFirst({
    where: { id: projectId, userId },
    include: { tracks: { orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!project) throw new AudioError(404, PROJECT_NOT_FOUND);
  return { ...toSummary(project), tracks: await Promise.all(project.tracks.map(toApiTrack)) };
}

/** A new, empty project; 409 when the person already keeps the most projects. */
export async function createProject(userId: string, input: CreateAudioProjectRequest): Promise<AudioProjectDetail> {
  const { name, description } = parse(createAudioProjectRequest, input);
  const project = await prisma.$transaction(async (tx) => {
    await lockUserAudio(tx, userId);
    const count = await tx.audioMixerProject.count({ where: { userId } });
    if (count >= MAX_PROJECTS_PER_USER) {
      throw new AudioError(409, `You have ${MAX_PROJECTS_PER_USER} projects, the most you can keep. Delete a project to start another.`);
    }
    return tx.audioMixerProject.create({ data: { userId, name, description: description || null } });
  }, TRANSACTION_OPTIONS);
  return getProject(userId, project.id);
}

/** Renames the project or changes its description (null or "" clears it). */
export async function updateProject(userId: string, projectId: string, input: UpdateAudioProjectRequest): Promise<AudioProjectDetail> {
  await ownedProject(prisma, userId, projectId);
  const { name, description } = parse(updateAudioProjectRequest, input);
  const changed = await prisma.audioMixerProject.updateMany({
    where: { id: projectId, userId },
    data: { ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description: description || null } : {}) },
  });
  if (changed.count === 0) throw new AudioError(404, PROJECT_NOT_FOUND);
  return getProject(userId, projectId);
}

/** Deletes the project with its tracks, then their stored files and its mixdowns. */
export async function deleteProject(userId: string, projectId: string): Promise<void> {
  const keys = await prisma.$transaction(async (tx) => {
    await ownedProject(tx, userId, projectId);
    const tracks = await tx.audioTrack.findMany({ where: { projectId }, select: { fileR2Key: true } });
    await tx.audioMixerProject.delete({ where: { id: projectId } });
    return tracks.flatMap((track) => (track.fileR2Key ? [track.fileR2Key] : []));
  }, TRANSACTION_OPTIONS);
  // Rows first: no row ever points at a missing file. The folder also holds the project's mixdowns.
  const listed = await objectStorage()
    .list(projectPrefix(userId, projectId))
    .catch(() => [] as string[]);
  await deleteStoredFiles([...keys, ...listed]);
}

// ---- Checking an audio file --------------------------------------------------------------------

type CheckedAudio = { format: AudioFormat; duration: number; sizeBytes: number };

function tooLongMessage(seconds: number): string {
  return `This track is ${Math.round(seconds / 60)} minutes long; a track can be at most ${MAX_TRACK_SECONDS / 60} minutes.`;
}

/**
 * Checks an upload by its content: the size, the format from its first bytes, then ffprobe must
 * open it and ffmpeg decode all of it. The length is what decoded (headers can only estimate it,
 * and a recording still being written may give none).
 */
async function checkAudio(bytes: Buffer): Promise<CheckedAudio> {
  assertUploadSize(bytes);
  const format = sniffAudioFormat(bytes.subarray(0, 64 * 1024));
  if (!format) throw new AudioError(422, `This file is not an audio file we can use. Upload ${ACCEPTED_AUDIO_TEXT}.`);
  const folder = await mkdtemp(path.join(os.tmpdir(), "spike-audio-upload-"));
  try {
    const file = path.join(folder, `upload.${AUDIO_FORMATS[format].extension}`);
    await writeFile(file, bytes);
    const probe = await probeAudio(file);
    if (probe.durationSeconds !== null && probe.durationSeconds > MAX_TRACK_SECONDS + 1) throw new AudioError(422, tooLongMessage(probe.durationSeconds));
    const duration = await decodedSeconds(file, { maxSeconds: MAX_TRACK_SECONDS + 1 });
    if (duration < MIN_TRACK_SECONDS) throw new AudioError(422, "We could not read this audio file: no sound could be decoded from it (it may be damaged).");
    if (duration > MAX_TRACK_SECONDS) throw new AudioError(422, tooLongMessage(duration));
    return { format, duration, sizeBytes: bytes.length };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** 413 over the per-file limit, 422 for an empty file: checked before anything else is done with it. */
function assertUploadSize(bytes: Buffer): void {
  if (bytes.length > MAX_AUDIO_FILE_BYTES) {
    throw new AudioError(413, `This file is ${formatSize(bytes.length)}; an audio file can be at most ${formatSize(MAX_AUDIO_FILE_BYTES)}.`);
  }
  if (bytes.length === 0) throw new AudioError(422, "The file is empty. Choose an audio file to upload.");
}

/** The track's name: the one given, else the file's name without its extension. */
function nameFor(upload: AudioUpload): string {
  if (upload.name !== undefined && upload.name.trim() !== "") return parse(trackNameSchema, upload.name);
  const base = upload.fileName.replace(/\.[^.]*$/, "").trim().slice(0, 120).trim();
  return base || UNTITLED_TRACK;
}

/** Cheap limit checks before the file is decoded; insertTrack checks again under the lock. */
async function precheckRoom(userId: string, projectId: string, addedBytes: number, addsTrack: boolean, freedBytes = 0): Promise<void> {
  const [count, used] = await Promise.all([prisma.audioTrack.count({ where: { projectId } }), usedStorageBytes(prisma, userId)]);
  if (addsTrack && count >= MAX_TRACKS_PER_PROJECT) throw new AudioError(409, tracksFullMessage());
  assertStorageRoom(used - freedBytes, addedBytes);
}

// ---- Tracks ------------------------------------------------------------------------------------

/** Stores an uploaded file as a new track at the end of the project (storageType R2). */
export async function addUploadedTrack(userId: string, projectId: string, file: AudioUpload): Promise<AudioTrack> {
  await ownedProject(prisma, userId, projectId);
  assertUploadSize(file.bytes);
  const name = nameFor(file);
  await precheckRoom(userId, projectId, file.bytes.length, true);
  await allowUpload(userId);
  const audio = await checkAudio(file.bytes);
  const id = newAudioId();
  const key = trackKey(userId, projectId, id, AUDIO_FORMATS[audio.format].extension);
  await objectStorage().put(key, file.bytes, { contentType: AUDIO_FORMATS[audio.format].mime });
  let row: AudioTrackRow;
  try {
    row = await insertTrack(userId, projectId, { id, name, fileFormat: audio.format, duration: audio.duration, fileSizeBytes: audio.sizeBytes, key });
  } catch (error) {
    await deleteStoredFiles([key]);
    throw error;
  }
  return toApiTrack(row);
}

/** A track whose audio stays on the person's device (storageType OPFS): only its description is stored. */
export async function registerLocalTrack(userId: string, projectId: string, input: RegisterLocalTrackRequest): Promise<AudioTrack> {
  await ownedProject(prisma, userId, projectId);
  const track = parse(registerLocalTrackRequest, input);
  const row = await insertTrack(userId, projectId, {
    id: newAudioId(),
    name: track.name,
    fileFormat: track.fileFormat,
    duration: track.duration,
    fileSizeBytes: track.fileSizeBytes,
    key: null,
  });
  return toApiTrack(row);
}

/**
 * Uploads the audio of a track kept on the device, or replaces a stored track's audio: the track
 * is then in the object store (R2), keeping its place and mix settings. The old file is deleted
 * once the row points at the new one.
 */
export async function replaceTrackFile(userId: string, trackId: string, file: AudioUpload): Promise<AudioTrack> {
  const current = await ownedTrack(prisma, userId, trackId);
  const name = file.name !== undefined && file.name.trim() !== "" ? parse(trackNameSchema, file.name) : undefined;
  assertUploadSize(file.bytes);
  const freed = current.storageType === "R2" ? current.fileSizeBytes : 0;
  await precheckRoom(userId, current.projectId, file.bytes.length, false, freed);
  await allowUpload(userId);
  const audio = await checkAudio(file.bytes);
  const key = trackKey(userId, current.projectId, trackId, AUDIO_FORMATS[audio.format].extension, Date.now().toString(36));
  await objectStorage().put(key, file.bytes, { contentType: AUDIO_FORMATS[audio.format].mime });
  let updated: { row: AudioTrackRow; oldKey: string | null };
  try {
    updated = await prisma.$transaction(async (tx) => {
      await lockUserAudio(tx, userId);
      const track = await ownedTrack(tx, userId, trackId);
      const used = await usedStorageBytes(tx, userId);
      assertStorageRoom(used - (track.storageType === "R2" ? track.fileSizeBytes : 0), audio.sizeBytes);
      const row = await tx.audioTrack.update({
        where: { id: trackId },
        data: {
          ...(name !== undefined ? { name } : {}),
          fileFormat: audio.format,
          duration: audio.duration,
          fileSizeBytes: audio.sizeBytes,
          fileR2Key: key,
          fileUrl: null,
          storageType: "R2",
        },
      });
      await tx.audioMixerProject.update({ where: { id: track.projectId }, data: { updatedAt: new Date() } });
      return { row, oldKey: track.fileR2Key };
    }, TRANSACTION_OPTIONS);
  } catch (error) {
    await deleteStoredFiles([key]);
    throw error;
  }
  if (updated.oldKey && updated.oldKey !== key) await deleteStoredFiles([updated.oldKey]);
  return toApiTrack(updated.row);
}

export async function getTrack(userId: string, trackId: string): Promise<AudioTrack> {
  return toApiTrack(await ownedTrack(prisma, userId, trackId));
}

/** Changes a track's name or mix settings (volume, mute, solo); the project counts as changed. */
export async function updateTrack(userId: string, trackId: string, input: UpdateAudioTrackRequest): Promise<AudioTrack> {
  await ownedTrack(prisma, userId, trackId);
  const changes = parse(updateAudioTrackRequest, input);
  const row = await prisma.$transaction(async (tx) => {
    const track = await ownedTrack(tx, userId, trackId);
    const updated = await tx.audioTrack.update({
      where: { id: trackId },
      data: {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.volume !== undefined ? { volume: changes.volume } : {}),
        ...(changes.muted !== undefined ? { muted: changes.muted } : {}),
        ...(changes.solo !== undefined ? { solo: changes.solo } : {}),
      },
    });
    await tx.audioMixerProject.update({ where: { id: track.projectId }, data: { updatedAt: new Date() } });
    return updated;
  }, TRANSACTION_OPTIONS);
  return toApiTrack(row);
}

/** Deletes a track, then its stored file. */
export async function deleteTrack(userId: string, trackId: string): Promise<void> {
  const key = await prisma.$transaction(async (tx) => {
    const track = await ownedTrack(tx, userId, trackId);
    await tx.audioTrack.delete({ where: { id: trackId } });
    await tx.audioMixerProject.update({ where: { id: track.projectId }, data: { updatedAt: new Date() } });
    return track.fileR2Key;
  }, TRANSACTION_OPTIONS);
  if (key) await deleteStoredFiles([key]);
}

/**
 * Puts the project's tracks in the given order. The list must hold every track of the project,
 * each once (422 otherwise, saying what is wrong). Answers the new order.
 */
export async function reorderTracks(userId: string, projectId: string, trackIds: string[]): Promise<string[]> {
  await ownedProject(prisma, userId, projectId);
  const order = parse(reorderAudioTracksRequest, { trackIds }).trackIds;
  await prisma.$transaction(async (tx) => {
    await lockUserAudio(tx, userId);
    await ownedProject(tx, userId, projectId);
    const existing = new Set((await tx.audioTrack.findMany({ where: { projectId }, select: { id: true } })).map((track) => track.id));
    const seen = new Set<string>();
    for (const id of order) {
      if (seen.has(id)) throw new AudioError(422, `Track ${id} is listed more than once; list each track of the project once.`);
      if (!existing.has(id)) throw new AudioError(422, `Track ${id} is not a track of this project.`);
      seen.add(id);
    }
    const missing = existing.size - seen.size;
    if (missing > 0) {
      throw new AudioError(422, `List every track of the project: ${missing} of its ${existing.size} tracks ${missing === 1 ? "is" : "are"} missing from the order.`);
    }
    for (const [index, id] of order.entries()) await tx.audioTrack.update({ where: { id }, data: { sortOrder: index } });
    await tx.audioMixerProject.update({ where: { id: projectId }, data: { updatedAt: new Date() } });
  }, TRANSACTION_OPTIONS);
  return order;
}

// ---- Mixdowns ----------------------------------------------------------------------------------

/** Over the mixdown limit: names the limit and when to try again. */
async function allowMixdown(userId: string): Promise<void> {
  try {
    await consume("audioMixdown", userId);
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    // The limiter's own sentence is "Too many attempts. Try again in …"; keep its "Try again" part.
    const wait = error.message.replace(/^Too many attempts\.\s*/, "");
    throw new DomainError(429, `Too many mixdowns: the limit is ${describeLimit(LIMITS.audioMixdown)}. ${wait}`, "rate_limited", {
      retryAfterSeconds: error.retryAfterSeconds,
    });
  }
}

/**
 * Queues a render of the project's mix as it is now (mute and solo applied) and answers the queued
 * mixdown; poll getMixdown. A mix with nothing to hear is refused at once (422), as is a mixdown
 * into a project with no room for another track (409).
 */
export async function requestMixdown(userId: string, projectId: string, target: MixdownTarget): Promise<Mixdown> {
  if (!MIXDOWN_TARGETS.includes(target)) throw new AudioError(422, "Choose where the mixdown goes: download or track.");
  const project = await prisma.audioMixerProject.findFirst({
    where: { id: projectId, userId },
    include: { tracks: { orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!project) throw new AudioError(404, PROJECT_NOT_FOUND);
  planMix(project.tracks);
  if (target === "track" && project.tracks.length >= MAX_TRACKS_PER_PROJECT) {
    throw new AudioError(409, `${tracksFullMessage()} Or download the mixdown instead.`);
  }
  await allowMixdown(userId);
  const id = await enqueueMixdown({ userId, projectId, target });
  return readMixdown(userId, id);
}

/** One of the person's mixdowns: queued, rendering, done (with its link or new track) or failed (with why). */
export async function getMixdown(userId: string, mixdownId: string): Promise<Mixdown> {
  return readMixdown(userId, mixdownId);
}

// ---- Ownership checks for routes that must answer 404 before reading a body -------------------

/** Throws 404 unless the project is the person's. */
export async function assertOwnProject(userId: string, projectId: string): Promise<void> {
  await ownedProject(prisma, userId, projectId);
}

/** Throws 404 unless the track is in one of the person's projects. */
export async function assertOwnTrack(userId: string, trackId: string): Promise<void> {
  await ownedTrack(prisma, userId, trackId);
}
