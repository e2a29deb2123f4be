/**
 * The mixdown job, in the worker: the project's heard tracks are fetched from the object store,
 * rendered to a 16-bit stereo WAV (render.server.ts), and the file goes back to the object store as
 * a download or as a new muted track at the end of the project.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type PgBoss from "pg-boss";
import { MAX_TRACKS_PER_PROJECT, MIX_SAMPLE_RATE } from "@spike-land/shared/audio/formats";
import { DomainError } from "@spike-land/shared/errors";
import { prisma } from "../platform/db.server.ts";
import { recordServerError } from "../platform/error-log.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { renderMixToFile } from "./render.server.ts";
import { planMix } from "./mix-plan.server.ts";
import {
  AUDIO_MIXDOWN_QUEUE,
  ensureMixdownQueue,
  mixdownJobData,
  registerLocalMixdownWorker,
  type MixdownJobData,
  type MixdownOutput,
} from "./mixdown-queue.server.ts";
import { AudioError, deleteStoredFiles, insertTrack, mixdownFolder, mixdownKey, newAudioId, tracksFullMessage } from "./records.server.ts";

export { BLOCK_FRAMES, renderMixToFile, type MixInput, type RenderedMix } from "./render.server.ts";

/** Downloadable mixdowns kept per project; older ones are deleted as new ones are made. */
export const KEPT_DOWNLOADS = 3;

/**
 * Deletes a project's downloadable mixdowns beyond the newest KEPT_DOWNLOADS (files of mixdowns
 * made into tracks belong to those tracks and stay). A file whose job the queue no longer knows is
 * old enough to go too.
 */
export async function pruneDownloads(boss: PgBoss, userId: string, projectId: string): Promise<void> {
  const folder = mixdownFolder(userId, projectId);
  const [keys, tracks] = await Promise.all([
    objectStorage().list(folder),
    prisma.audioTrack.findMany({ where: { projectId, fileR2Key: { startsWith: folder } }, select: { fileR2Key: true } }),
  ]);
  const owned = new Set(tracks.map((track) => track.fileR2Key));
  const downloads = keys.filter((key) => !owned.has(key) && key.endsWith(".wav"));
  if (downloads.length <= KEPT_DOWNLOADS) return;
  const dated = await Promise.all(
    downloads.map(async (key) => {
      const id = key.slice(folder.length, -".wav".length);
      const job = await boss.getJobById(AUDIO_MIXDOWN_QUEUE, id, { includeArchive: true }).catch(() => null);
      return { key, at: job ? new Date(job.createdOn).getTime() : 0 };
    }),
  );
  dated.sort((a, b) => b.at - a.at);
  await deleteStoredFiles(dated.slice(KEPT_DOWNLOADS).map((entry) => entry.key));
}

/** "Mixdown 2025-06-01 14:05 UTC": the name of a mixdown made into a track. */
export function mixdownTrackName(at: Date): string {
  return `Mixdown ${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

async function download(key: string, file: string, trackName: string): Promise<void> {
  const object = await objectStorage().getStream(key);
  if (!object) throw new AudioError(422, `The audio of "${trackName}" is missing from storage. Upload its file again, then make the mixdown again.`);
  await pipeline(object.body, createWriteStream(file));
}

/**
 * Renders one queued mixdown: the project's tracks as they are now, mute and solo applied, tracks
 * whose audio is only on the device skipped. Refusals a person can act on are AudioErrors (their
 * message becomes the mixdown's error).
 */
export async function runMixdown(mixdownId: string, data: MixdownJobData, boss?: PgBoss): Promise<MixdownOutput> {
  const project = await prisma.audioMixerProject.findFirst({
    where: { id: data.projectId, userId: data.userId },
    include: { tracks: { orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!project) throw new AudioError(404, "The project was deleted before its mix was made.");
  const plan = planMix(project.tracks);
  if (data.target === "track" && project.tracks.length >= MAX_TRACKS_PER_PROJECT) {
    throw new AudioError(409, `${tracksFullMessage()} Or download the mixdown instead.`);
  }
  const folder = await mkdtemp(path.join(os.tmpdir(), "spike-mixdown-"));
  try {
    const inputs = await Promise.all(
      plan.inputs.map(async ({ track, gain }, index) => {
        const file = path.join(folder, `track-${index}`);
        await download(track.fileR2Key, file, track.name);
        return { path: file, gain };
      }),
    );
    const outPath = path.join(folder, "mix.wav");
    const rendered = await renderMixToFile(inputs, outPath);
    if (rendered.frames === 0) throw new AudioError(422, "The heard tracks hold no sound, so there is nothing to mix.");
    const duration = rendered.frames / MIX_SAMPLE_RATE;
    const key = mixdownKey(data.userId, data.projectId, mixdownId);
    const { size } = await stat(outPath);
    await objectStorage().put(key, createReadStream(outPath), { contentType: "audio/wav" });
    let trackId: string | null = null;
    if (data.target === "download") {
      // A project deleted while its mix was made takes its folder with it; the new file must not outlive it.
      if (!(await prisma.audioMixerProject.count({ where: { id: data.projectId, userId: data.userId } }))) {
        await deleteStoredFiles([key]);
        throw new AudioError(404, "The project was deleted while its mix was made.");
      }
      if (boss) await pruneDownloads(boss, data.userId, data.projectId).catch((error: unknown) => console.error("audio: could not prune old mixdowns:", error));
    } else {
      try {
        // Muted, so playing the project does not play the mix on top of its own tracks.
        const track = await insertTrack(data.userId, data.projectId, {
          id: newAudioId(),
          name: mixdownTrackName(new Date()),
          fileFormat: "wav",
          duration,
          fileSizeBytes: size,
          key,
          muted: true,
        });
        trackId = track.id;
      } catch (error) {
        await deleteStoredFiles([key]);
        throw error;
      }
    }
    return {
      key,
      trackId,
      downloadName: `${project.name} mix.wav`,
      duration,
      peak: rendered.peak,
      clippedSamples: rendered.clippedSamples,
      skippedTrackIds: plan.skipped.map((track) => track.id),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Runs mixdown jobs in this process. A failure a person can act on keeps its message; others are logged too. */
export async function startAudioMixdownWorker(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await ensureMixdownQueue(boss);
  const id = await boss.work<unknown>(AUDIO_MIXDOWN_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([job]) => {
    if (!job) return null;
    const data = mixdownJobData.parse(job.data);
    try {
      return await runMixdown(job.id, data, boss);
    } catch (error) {
      if (!(error instanceof DomainError)) await recordServerError(error, { route: `queue:${AUDIO_MIXDOWN_QUEUE}`, userId: data.userId });
      throw error;
    }
  });
  registerLocalMixdownWorker({ boss, id });
}
