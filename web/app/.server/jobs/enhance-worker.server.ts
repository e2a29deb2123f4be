/**
 * The enhancement worker: takes jobs off the queue, runs the four stages with the configured
 * enhancement provider (the local sharp engine, or Gemini), stores the result, retries failures and
 * refunds when the work finally fails; it also finds the jobs a crashed worker left behind. A blend
 * job also hands the provider its second image.
 */
import { EventEmitter } from "node:events";
import type PgBoss from "pg-boss";
import type { PipelineStage } from "@spike-land/shared/images/enhancement";
import { pipelineSettings } from "@spike-land/shared/images/pipelines";
import { SECOND_MS } from "@spike-land/shared/time";
import { prisma } from "../platform/db.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { enhancementProvider, EnhancementProviderError, type EnhanceOutcome } from "../providers/enhancement/index.server.ts";
import { openJobLocks } from "./interrupted.server.ts";
import { DEFAULT_MAX_RETRIES, ENHANCE_QUEUE, enhancementQueueOptions, ensureEnhanceQueue, registerLocalWorker } from "./enhance-queue.server.ts";
import { refundJob } from "./refunds.server.ts";
import { CLAIMED_STAGE, claimJob, completeJob, recordStage, type ClaimedJob } from "./job-rows.server.ts";

const ANALYSIS_SOURCE = "local-sharp";

/** Emits ("stage", jobId, stage) in this process, in order, once each stage is recorded on the row. */
export const stageEvents = new EventEmitter();

/** A failure that another attempt would meet again: the job is refunded at once, without retries. */
class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

function isPermanent(error: unknown): boolean {
  return error instanceof PermanentJobError || (error instanceof EnhancementProviderError && !error.retryable);
}

export function enhancedKey(userId: string, imageId: string, jobId: string): string {
  return `images/${userId}/${imageId}/enhanced-${jobId}.jpg`;
}

function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The job did not finish in ${Math.round(seconds / 60)} minutes and was timed out.`)), seconds * SECOND_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
/** A blend job's second image: its bytes and name, or a permanent failure when it was deleted. */
async function blendSourceOf(job: ClaimedJob) {
  if (!job.isBlend) return null;
  if (!job.sourceImage) throw new PermanentJobError("The image to blend with was deleted, so this blend cannot be made.");
  const stored = await objectStorage().get(job.sourceImage.originalR2Key);
  if (!stored) throw new Error("The image to blend with is missing from storage.");
  return { bytes: stored.body, name: job.sourceImage.name };
}

/**
 * Records the stage a job is in, off the engine's path. The claim already put the job in its first
 * stage. Stages reported in one moment (the quick ones between analysis and generation) are merged
 * into one write of the latest, since a stage left at once is never on screen; a stage that lasts is
 * on the row within one round trip, as before. Each stage is still announced on `stageEvents`, in
 * order, once a write that covers it is on the row.
 */
function stageRecorder(jobId: string, onRow: PipelineStage) {
  let wanted = onRow;
  let closed = false;
  let writing: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;
  const unannounced: PipelineStage[] = [];
  const announce = (count: number) => {
    for (const stage of unannounced.splice(0, count)) stageEvents.emit("stage", jobId, stage);
  };
  async function drain() {
    // Let the stages reported in this moment arrive first.
    await new Promise((resolve) => setImmediate(resolve));
    while (!closed && wanted !== onRow) {
      const stage = wanted;
      const covered = unannounced.length;
      await recordStage(jobId, stage);
      onRow = stage;
      announce(covered);
    }
  }
  const idle = async () => {
    while (writing) await writing;
  };
  return {
    report(stage: PipelineStage): void {
      wanted = stage;
      unannounced.push(stage);
      if (writing || failure) return;
      if (stage === onRow) {
        announce(unannounced.length);
        return;
      }
      writing = drain()
        .catch((error: unknown) => {
          failure = { error };
        })
        .finally(() => {
          writing = null;
        });
    },
    /** Waits until every stage reported is on the row (an attempt that failed keeps its last stage). */
    settle: idle,
    /**
     * Before the completion write, which records the last stage itself: stops writing and returns
     * the announcement of the stages still unannounced, for after that write. A stage that could
     * not be recorded fails the attempt, as any other write would.
     */
    async close(): Promise<() => void> {
      closed = true;
      await idle();
      if (failure) throw failure.error;
      return () => announce(unannounced.length);
    },
  };
}

async function runStages(job: ClaimedJob) {
  const [stored, blend] = await Promise.all([objectStorage().get(job.image.originalR2Key), blendSourceOf(job)]);
  if (!stored) throw new Error("The original image is missing from storage.");
  const settings = pipelineSettings(job.pipeline, job.tier);
  const stages = stageRecorder(job.id, CLAIMED_STAGE);
  let result: EnhanceOutcome;
  try {
    result = await enhancementProvider().enhance({
      input: stored.body,
      settings,
      blendSource: blend?.bytes ?? null,
      blendSourceName: blend?.name ?? null,
      onStage: stages.report,
    });
  } catch (error) {
    await stages.settle();
    throw error;
  }
  const key = enhancedKey(job.userId, job.imageId, job.id);
  const [announceRest] = await Promise.all([stages.close(), objectStorage().put(key, result.output.output, { contentType: "image/jpeg" })]);
  await completeJob(job.id, {
    analysis: result.analysis,
    analysisSource: result.analysis ? ANALYSIS_SOURCE : null,
    wasCropped: result.wasCropped,
    crop: result.crop,
    prompt: result.prompt,
    model: result.model,
    key,
    url: `/jobs/${job.id}/result`,
    width: result.output.width,
    height: result.output.height,
    sizeBytes: result.output.sizeBytes,
  });
  announceRest();
}

/**
 * One attempt at a job. Returns normally when finished (done, refunded, or nothing to do); throws
 * when the attempt failed and retries remain, so the queue retries it with backoff. `held`, when
 * given, is the job's lock being taken meanwhile: the work starts once both are done.
 */
export async function processEnhancementJob(jobId: string, options: { held?: Promise<unknown> } = {}): Promise<void> {
  const [job] = await Promise.all([claimJob(jobId), options.held]);
  if (!job) return; // cancelled, refunded or completed already
  try {
    await withTimeout(runStages(job), enhancementQueueOptions.timeoutSeconds);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failed = await prisma.imageEnhancementJob.update({
      where: { id: jobId },
      data: { retryCount: { increment: 1 }, errorMessage: message },
    });
    if (isPermanent(error)) {
      await refundJob(jobId, message);
      return;
    }
    if (failed.retryCount >= failed.maxRetries) {
      await refundJob(jobId, `Failed after ${failed.retryCount} attempts: ${message}`);
      return;
    }
    throw error;
  }
}

/** Jobs stuck in PROCESSING (a worker died) or PENDING well past every retry are refunded by upkeep. */
export async function sweepStaleJobs(now = new Date()) {
  const limitMs = enhancementQueueOptions.timeoutSeconds * SECOND_MS * (DEFAULT_MAX_RETRIES + 1) * 2;
  const stale = await prisma.imageEnhancementJob.findMany({
    where: { status: { in: ["PENDING", "PROCESSING"] }, updatedAt: { lt: new Date(now.getTime() - limitMs) } },
    select: { id: true },
  });
  for (const job of stale) await refundJob(job.id, "The job timed out.");
  return stale.length;
}

/** How often a worker looks for jobs another worker lost (it also looks once when it starts). */
const RECOVERY_INTERVAL_MS = 15 * SECOND_MS;

export async function startEnhancementWorker(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}) {
  await ensureEnhanceQueue(boss);
  const locks = await openJobLocks();
  const recover = () =>
    locks.recover(boss, ENHANCE_QUEUE, (jobId, message) => refundJob(jobId, message)).catch((error: unknown) => {
      console.error("enhancement recovery:", error instanceof Error ? error.message : error);
      return 0;
    });
  // Jobs a crashed process left running go back on the queue before this worker asks for work.
  await recover();
  const timer = setInterval(() => void recover(), RECOVERY_INTERVAL_MS);
  timer.unref();
  boss.once("stopped", () => {
    clearInterval(timer);
    void locks.close();
  });
  // Two cores: one job at a time per worker process, since sharp already uses a second core.
  const worker = { boss, id: "" };
  worker.id = await boss.work<{ jobId: string }>(ENHANCE_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 }, async (jobs) => {
    for (const job of jobs) {
      // Recovery leaves a job fetched moments ago alone, so its lock is taken while it is claimed.
      const holding = locks.hold(job.data.jobId);
      try {
        await processEnhancementJob(job.data.jobId, { held: holding });
      } finally {
        // The locks' connection runs its queries in order, so any later hold or recovery check of
        // this job comes after the unlock: the next job need not wait for it.
        const release = await holding;
        release().catch((error: unknown) => console.error("enhancement job lock:", error instanceof Error ? error.message : error));
      }
    }
    // There was work, so there may be more: fetch again at once rather than after the polling
    // interval. A backlog drains at the engine's pace; an idle worker still polls once a second.
    if (worker.id) boss.notifyWorker(worker.id);
  });
  registerLocalWorker(worker);
}

