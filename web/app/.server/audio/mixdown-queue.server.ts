/**
 * The "audio-mixdown" queue, shared by the side that asks for a mixdown and the worker that renders
 * it. A mixdown has no table of its own: its state is the queue job's (queued, running, done,
 * failed) and its result is the job's output. The job's data names the owner, so someone else's
 * mixdown id is "not found".
 */
import type PgBoss from "pg-boss";
import { z } from "zod";
import { MIXDOWN_TARGETS, type Mixdown, type MixdownStatus, type MixdownTarget } from "@spike-land/shared/api/audio";
import { MINUTE_SECONDS } from "@spike-land/shared/time";
import { ensureQueue, queue } from "../platform/queue.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { AudioError, SIGNED_AUDIO_URL_SECONDS } from "./records.server.ts";

export const AUDIO_MIXDOWN_QUEUE = "audio-mixdown";
export const MIXDOWN_NOT_FOUND = "We could not find that mixdown.";
/** Sixteen 20-minute tracks decode and sum in well under a minute; a job running this long has hung. */
export const MIXDOWN_EXPIRY_SECONDS = 15 * MINUTE_SECONDS;
/** A failed render is shown to the person, who can ask again; retrying by itself would fail the same way. */
const RETRY_LIMIT = 0;

export const mixdownJobData = z.object({ userId: z.string().min(1), projectId: z.string().min(1), target: z.enum(MIXDOWN_TARGETS) });
export type MixdownJobData = z.infer<typeof mixdownJobData>;

export const mixdownOutput = z.object({
  key: z.string(),
  /** The new track for target "track". */
  trackId: z.string().nullable(),
  /** The name a download is saved under: "<project name> mix.wav". */
  downloadName: z.string(),
  duration: z.number(),
  peak: z.number(),
  clippedSamples: z.number().int(),
  /** Audible tracks left out because their audio is only on the person's device. */
  skippedTrackIds: z.array(z.string()),
});
export type MixdownOutput = z.infer<typeof mixdownOutput>;

const ensured = new WeakSet<PgBoss>();

export async function ensureMixdownQueue(boss: PgBoss): Promise<void> {
  if (ensured.has(boss)) return;
  await ensureQueue(boss, AUDIO_MIXDOWN_QUEUE, { retryLimit: RETRY_LIMIT, expireInSeconds: MIXDOWN_EXPIRY_SECONDS });
  ensured.add(boss);
}

/** This process's mixdown worker, woken when a mixdown is asked for here rather than at its next poll. */
let localWorker: { boss: PgBoss; id: string } | null = null;

export function registerLocalMixdownWorker(worker: { boss: PgBoss; id: string } | null): void {
  localWorker = worker;
}

/** Queues a render; answers the mixdown's id. */
export async function enqueueMixdown(data: MixdownJobData): Promise<string> {
  const boss = queue();
  await ensureMixdownQueue(boss);
  const id = await boss.send(AUDIO_MIXDOWN_QUEUE, data, { retryLimit: RETRY_LIMIT, expireInSeconds: MIXDOWN_EXPIRY_SECONDS });
  if (!id) throw new Error("The mixdown queue did not take the job.");
  if (localWorker?.boss === boss) boss.notifyWorker(localWorker.id);
  return id;
}

const STATUS: Record<PgBoss.JobWithMetadata["state"], MixdownStatus> = {
  created: "queued",
  retry: "queued",
  active: "rendering",
  completed: "done",
  failed: "failed",
  cancelled: "failed",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a failed job says to the person: the message of a refusal the worker made on purpose (a
 * DomainError keeps its status in the stored error), else a general one (the details are in the
 * error log).
 */
function failureMessage(job: PgBoss.JobWithMetadata<unknown>): string {
  if (job.state === "cancelled") return "The mixdown was cancelled. Ask for a new one.";
  const output = job.output as { status?: unknown; message?: unknown } | null;
  if (output && typeof output.status === "number" && typeof output.message === "string") return output.message;
  return "The mixdown could not be made because of a problem on our side. Try again in a moment.";
}

/** The person's mixdown by id; 404 for an unknown id or someone else's. */
export async function readMixdown(userId: string, mixdownId: string): Promise<Mixdown> {
  if (!UUID.test(mixdownId)) throw new AudioError(404, MIXDOWN_NOT_FOUND);
  const job = await queue().getJobById<unknown>(AUDIO_MIXDOWN_QUEUE, mixdownId, { includeArchive: true });
  const data = mixdownJobData.safeParse(job?.data);
  if (!job || !data.success || data.data.userId !== userId) throw new AudioError(404, MIXDOWN_NOT_FOUND);
  let status = STATUS[job.state];
  const output = status === "done" ? mixdownOutput.safeParse(job.output) : null;
  let result = output?.success ? output.data : null;
  let error = status === "failed" ? failureMessage(job) : null;
  const target: MixdownTarget = data.data.target;
  if (result && target === "download" && !(await objectStorage().head(result.key))) {
    // Deleted with its project, or as newer mixdowns of the project replaced it.
    status = "failed";
    error = "This mixdown's file is gone: a project keeps only its newest mixdowns. Ask for a new one.";
    result = null;
  }
  const downloadUrl =
    result && target === "download"
      ? await objectStorage().signedGetUrl(result.key, { expiresInSeconds: SIGNED_AUDIO_URL_SECONDS, downloadName: result.downloadName })
      : null;
  return {
    id: job.id,
    projectId: data.data.projectId,
    status,
    target,
    error,
    trackId: result?.trackId ?? null,
    downloadUrl,
    duration: result?.duration ?? null,
    peak: result?.peak ?? null,
    clippedSamples: result?.clippedSamples ?? null,
    createdAt: new Date(job.createdOn).toISOString(),
  };
}
