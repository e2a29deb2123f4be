/**
 * Enhancement jobs: charge the tokens and create the job in one transaction, queue it, run the four
 * stages with the configured enhancement provider (the local sharp engine, or Gemini) in a worker,
 * retry failures, and refund exactly once when the work finally fails or is cancelled before it
 * produced output. A blend job also hands the provider its second image.
 */
import { EventEmitter } from "node:events";
import type PgBoss from "pg-boss";
import { cropDimensionsSchema, type PipelineStage } from "@spike-land/shared/images/enhancement";
import { pipelineSettings } from "@spike-land/shared/images/pipelines";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { credit, spend } from "../tokens/ledger.server.ts";
import { objectStorage } from "../providers/storage/index.server.ts";
import { enhancementProvider, EnhancementProviderError, type EnhanceOutcome } from "../providers/enhancement/index.server.ts";
import { ensureQueue, queue } from "../platform/queue.server.ts";
import { openJobLocks } from "./interrupted.server.ts";
import { pageCount } from "../platform/pagination.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export const ENHANCE_QUEUE = "enhance";
export const JOB_SOURCE = "enhancement_job";
export const DEFAULT_MAX_RETRIES = 3;
/** A job that has not finished in this long is timed out (business rule: 5 minutes). */
export const JOB_TIMEOUT_SECONDS = 5 * 60;
export const ANALYSIS_SOURCE = "local-sharp";

/** Retry timing; tests shorten the delay. */
export const enhancementQueueOptions = { retryDelaySeconds: 5, retryBackoff: true, timeoutSeconds: JOB_TIMEOUT_SECONDS };

/** Emits ("stage", jobId, stage) in this process after each stage is recorded on the row. */
export const stageEvents = new EventEmitter();

/** A failure that another attempt would meet again: the job is refunded at once, without retries. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

function isPermanent(error: unknown): boolean {
  return error instanceof PermanentJobError || (error instanceof EnhancementProviderError && !error.retryable);
}

export class EnhancementError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

export function isEnhancementTier(value: unknown): value is EnhancementTier {
  return typeof value === "string" && (ENHANCEMENT_TIERS as readonly string[]).includes(value);
}

export function enhancedKey(userId: string, imageId: string, jobId: string): string {
  return `images/${userId}/${imageId}/enhanced-${jobId}.jpg`;
}

async function ensureEnhanceQueue(boss: PgBoss) {
  await ensureQueue(boss, ENHANCE_QUEUE, { retryLimit: DEFAULT_MAX_RETRIES, expireInSeconds: JOB_TIMEOUT_SECONDS + 30 });
}

/**
 * This process's enhancement worker, if it runs one. On globalThis for the same reason as the queue
 * client: the server entry starts the worker, the app's bundled modules send the jobs.
 */
const workerSlot = globalThis as unknown as { spikeEnhanceWorker?: { boss: PgBoss; id: string } };

/** Sends a job row's id to the enhancement queue (the row must exist and be PENDING). */
export async function enqueueEnhancement(jobId: string) {
  const boss = queue();
  await ensureEnhanceQueue(boss);
  await boss.send(
    ENHANCE_QUEUE,
    { jobId },
    {
      retryLimit: DEFAULT_MAX_RETRIES,
      retryBackoff: enhancementQueueOptions.retryBackoff,
      retryDelay: enhancementQueueOptions.retryDelaySeconds,
      // A little past the in-process timeout, so the handler records the timeout and the retry itself.
      expireInSeconds: enhancementQueueOptions.timeoutSeconds + 30,
    },
  );
  // A worker in this process picks the job up now rather than at its next poll.
  const local = workerSlot.spikeEnhanceWorker;
  if (local?.boss === boss) boss.notifyWorker(local.id);
}

export type EnhancementOptions = {
  /** A saved pipeline the user owns or that is public; its settings drive the stages. */
  pipelineId?: string | null;
  /** A second image of the user's to blend in (a "mix" job). */
  sourceImageId?: string | null;
  /** Groups the jobs of one album "enhance all" request (stored as `workflowRunId`). */
  batchId?: string | null;
};

/**
 * FREE jobs one user may start per day (UTC). The FREE tier costs no tokens, so this is what bounds
 * it; counted from the jobs table (FREE jobs created today, whatever became of them).
 */
export const FREE_JOBS_PER_DAY = 20;

function freeLimitMessage(requested: number, left: number): string {
  const later = "try again after midnight UTC";
  if (left === 0) return `You have used all ${FREE_JOBS_PER_DAY} of today's free enhancements. Choose a paid tier, or ${later}.`;
  return `This batch needs ${requested} free enhancements and you have ${left} of today's ${FREE_JOBS_PER_DAY} left. Enhance fewer photos, choose a paid tier, or ${later}.`;
}

/** Refuses FREE work beyond the day's allowance; `left` is what remains today. */
export class FreeJobLimitError extends EnhancementError {
  constructor(
    readonly requested: number,
    readonly left: number,
  ) {
    super(freeLimitMessage(requested, left), 429);
    this.name = "FreeJobLimitError";
  }
}

function startOfUtcDay(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** FREE jobs the user can still start today. */
export async function freeJobsLeftToday(userId: string, client: Prisma.TransactionClient = prisma): Promise<number> {
  const used = await client.imageEnhancementJob.count({ where: { userId, tier: "FREE", createdAt: { gte: startOfUtcDay() } } });
  return Math.max(0, FREE_JOBS_PER_DAY - used);
}

/**
 * Makes room for `count` FREE jobs inside the transaction that creates them. The per-user advisory
 * lock, held until that transaction ends, makes concurrent requests count one after the other, so
 * together they can never pass the day's allowance.
 */
async function reserveFreeJobs(tx: Prisma.TransactionClient, userId: string, count: number) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`free-jobs:${userId}`}, 0))`;
  const left = await freeJobsLeftToday(userId, tx);
  if (count > left) throw new FreeJobLimitError(count, left);
}

/** Charges the tier's cost and queues a job for one of the user's images. */
export async function requestEnhancement(userId: string, imageId: string, tier: EnhancementTier, options: EnhancementOptions = {}) {
  const [job] = await requestEnhancements(userId, [imageId], tier, options);
  return job!;
}

/**
 * Charges and queues one job per image, all created in one transaction: either every job exists
 * and is paid for, or none does (a FREE batch over the day's allowance is refused whole).
 */
export async function requestEnhancements(userId: string, imageIds: string[], tier: EnhancementTier, options: EnhancementOptions = {}) {
  if (!isEnhancementTier(tier)) throw new EnhancementError("Choose one of the enhancement tiers.", 400);
  const found = await prisma.enhancedImage.count({ where: { id: { in: imageIds }, userId } });
  if (imageIds.length === 0 || found !== new Set(imageIds).size) throw new EnhancementError("That image was not found.", 404);
  const pipelineId = options.pipelineId || null;
  const sourceImageId = options.sourceImageId || null;
  if (sourceImageId) {
    if (imageIds.includes(sourceImageId)) throw new EnhancementError("Choose a different image to blend with.", 400);
    const source = await prisma.enhancedImage.findFirst({ where: { id: sourceImageId, userId }, select: { id: true } });
    if (!source) throw new EnhancementError("The image to blend with was not found.", 404);
  }
  const cost = ENHANCEMENT_COST[tier];
  const jobs = await prisma.$transaction(
    async (tx) => {
      if (tier === "FREE") await reserveFreeJobs(tx, userId, imageIds.length);
      if (pipelineId) {
        // Own pipelines and public ones can be used; a link-shared pipeline is forked first.
        const used = await tx.enhancementPipeline.updateMany({
          where: { id: pipelineId, OR: [{ userId }, { visibility: "PUBLIC" }, { userId: null }] },
          data: { usageCount: { increment: imageIds.length } },
        });
        if (used.count === 0) throw new EnhancementError("That pipeline was not found.", 404);
      }
      const created = [];
      for (const imageId of imageIds) {
        const job = await tx.imageEnhancementJob.create({
          data: {
            imageId,
            userId,
            tier,
            tokensCost: cost,
            status: "PENDING",
            maxRetries: DEFAULT_MAX_RETRIES,
            pipelineId,
            sourceImageId,
            isBlend: sourceImageId !== null,
            workflowRunId: options.batchId ?? null,
          },
        });
        await spend(userId, cost, "SPEND_ENHANCEMENT", { source: JOB_SOURCE, sourceId: job.id }, tx);
        created.push(job);
      }
      return created;
    },
    { maxWait: 10_000, timeout: 15_000 + 100 * imageIds.length },
  );
  for (const [index, job] of jobs.entries()) {
    try {
      await enqueueEnhancement(job.id);
    } catch (error) {
      for (const unqueued of jobs.slice(index)) await refundJob(unqueued.id, "The job could not be queued.");
      throw error;
    }
  }
  return jobs;
}

/** Refunds the job's cost once and marks it REFUNDED; a second call changes nothing. */
export async function refundJob(jobId: string, errorMessage?: string, tx?: Prisma.TransactionClient) {
  const run = async (client: Prisma.TransactionClient) => {
    const job = await client.imageEnhancementJob.findUniqueOrThrow({ where: { id: jobId } });
    if (job.status === "REFUNDED" || job.status === "COMPLETED") return job;
    if (job.tokensCost > 0) await credit(job.userId, job.tokensCost, "REFUND", { source: JOB_SOURCE, sourceId: jobId, once: true }, client);
    return client.imageEnhancementJob.update({
      where: { id: jobId },
      data: { status: "REFUNDED", processingCompletedAt: new Date(), ...(errorMessage ? { errorMessage } : {}) },
    });
  };
  return tx ? run(tx) : prisma.$transaction(run, { maxWait: 10_000, timeout: 15_000 });
}

export async function findJob(userId: string, jobId: string) {
  return prisma.imageEnhancementJob.findFirst({ where: { id: jobId, userId } });
}

/** Cancels a job that has not started: refunded in full, ending REFUNDED. */
export async function cancelJob(userId: string, jobId: string) {
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<{ status: string }>>`
        SELECT status::text AS status FROM image_enhancement_jobs WHERE id = ${jobId} AND "userId" = ${userId} FOR UPDATE`;
      const row = rows[0];
      if (!row) throw new EnhancementError("That job was not found.", 404);
      if (row.status !== "PENDING") throw new EnhancementError("Only a job that has not started yet can be cancelled.", 409);
      await tx.imageEnhancementJob.update({ where: { id: jobId }, data: { status: "CANCELLED", errorMessage: "Cancelled before it started." } });
      return refundJob(jobId, undefined, tx);
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
}

/** Runs the same image and tier again as a new job, charging again. */
export async function rerunJob(userId: string, jobId: string) {
  const job = await findJob(userId, jobId);
  if (!job) throw new EnhancementError("That job was not found.", 404);
  return requestEnhancement(userId, job.imageId, job.tier, { pipelineId: job.pipelineId, sourceImageId: job.sourceImageId });
}

function withTimeout<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The job did not finish in ${Math.round(seconds / 60)} minutes and was timed out.`)), seconds * 1000);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A blend job's second image: its bytes and name, or a permanent failure when it was deleted. */
async function blendSourceOf(job: { isBlend: boolean; sourceImage: { originalR2Key: string; name: string } | null }) {
  if (!job.isBlend) return null;
  if (!job.sourceImage) throw new PermanentJobError("The image to blend with was deleted, so this blend cannot be made.");
  const stored = await objectStorage().get(job.sourceImage.originalR2Key);
  if (!stored) throw new Error("The image to blend with is missing from storage.");
  return { bytes: stored.body, name: job.sourceImage.name };
}

async function runStages(jobId: string) {
  const job = await prisma.imageEnhancementJob.findUniqueOrThrow({
    where: { id: jobId },
    include: { image: true, pipeline: true, sourceImage: { select: { originalR2Key: true, name: true } } },
  });
  const [stored, blend] = await Promise.all([objectStorage().get(job.image.originalR2Key), blendSourceOf(job)]);
  if (!stored) throw new Error("The original image is missing from storage.");
  const settings = pipelineSettings(job.pipeline, job.tier);
  // Each stage is recorded in order, but off the engine's path: the row updates overlap the work.
  let recorded: Promise<void> = Promise.resolve();
  const onStage = (stage: PipelineStage) => {
    recorded = recorded.then(async () => {
      await prisma.imageEnhancementJob.update({ where: { id: jobId }, data: { currentStage: stage } });
      stageEvents.emit("stage", jobId, stage);
    });
  };
  let result: EnhanceOutcome;
  try {
    result = await enhancementProvider().enhance({
      input: stored.body,
      settings,
      blendSource: blend?.bytes ?? null,
      blendSourceName: blend?.name ?? null,
      onStage,
    });
  } catch (error) {
    await recorded.catch(() => undefined);
    throw error;
  }
  await recorded;
  const key = enhancedKey(job.userId, job.imageId, jobId);
  await objectStorage().put(key, result.output.output, { contentType: "image/jpeg" });
  await prisma.imageEnhancementJob.update({
    where: { id: jobId },
    data: {
      status: "COMPLETED",
      currentStage: "GENERATING",
      analysisResult: (result.analysis ?? undefined) as Prisma.InputJsonValue | undefined,
      analysisSource: result.analysis ? ANALYSIS_SOURCE : null,
      wasCropped: result.wasCropped,
      cropDimensions: (result.crop ?? undefined) as Prisma.InputJsonValue | undefined,
      enhancementPrompt: result.prompt,
      enhancementModel: result.model,
      enhancedR2Key: key,
      enhancedUrl: `/jobs/${jobId}/result`,
      enhancedWidth: result.output.width,
      enhancedHeight: result.output.height,
      enhancedSizeBytes: result.output.sizeBytes,
      errorMessage: null,
      processingCompletedAt: new Date(),
    },
  });
}

/**
 * One attempt at a job. Returns normally when finished (done, refunded, or nothing to do); throws
 * when the attempt failed and retries remain, so the queue retries it with backoff.
 */
export async function processEnhancementJob(jobId: string): Promise<void> {
  const claimed = await prisma.imageEnhancementJob.updateMany({
    where: { id: jobId, status: { in: ["PENDING", "PROCESSING"] } },
    data: { status: "PROCESSING", processingStartedAt: new Date() },
  });
  if (claimed.count === 0) return; // cancelled, refunded or completed already
  try {
    await withTimeout(runStages(jobId), enhancementQueueOptions.timeoutSeconds);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const job = await prisma.imageEnhancementJob.update({
      where: { id: jobId },
      data: { retryCount: { increment: 1 }, errorMessage: message },
    });
    if (isPermanent(error)) {
      await refundJob(jobId, message);
      return;
    }
    if (job.retryCount >= job.maxRetries) {
      await refundJob(jobId, `Failed after ${job.retryCount} attempts: ${message}`);
      return;
    }
    throw error;
  }
}

/** Jobs stuck in PROCESSING (a worker died) or PENDING well past every retry are refunded by upkeep. */
export async function sweepStaleJobs(now = new Date()) {
  const limitMs = enhancementQueueOptions.timeoutSeconds * 1000 * (DEFAULT_MAX_RETRIES + 1) * 2;
  const stale = await prisma.imageEnhancementJob.findMany({
    where: { status: { in: ["PENDING", "PROCESSING"] }, updatedAt: { lt: new Date(now.getTime() - limitMs) } },
    select: { id: true },
  });
  for (const job of stale) await refundJob(job.id, "The job timed out.");
  return stale.length;
}

/** How often a worker looks for jobs another worker lost (it also looks once when it starts). */
export const RECOVERY_INTERVAL_MS = 15_000;

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
      const release = await locks.hold(job.data.jobId);
      try {
        await processEnhancementJob(job.data.jobId);
      } finally {
        await release();
      }
    }
    // There was work, so there may be more: fetch again at once rather than after the polling
    // interval. A backlog drains at the engine's pace; an idle worker still polls once a second.
    if (worker.id) boss.notifyWorker(worker.id);
  });
  workerSlot.spikeEnhanceWorker = worker;
}

export const JOB_PAGE_SIZE = 20;

export async function listJobs(userId: string, page: number) {
  const current = Math.max(1, Math.floor(page) || 1);
  const [total, jobs] = await Promise.all([
    prisma.imageEnhancementJob.count({ where: { userId } }),
    prisma.imageEnhancementJob.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      skip: (current - 1) * JOB_PAGE_SIZE,
      take: JOB_PAGE_SIZE,
      include: { image: { select: { name: true, originalWidth: true, originalHeight: true } } },
    }),
  ]);
  return { jobs, page: current, pages: pageCount(total, JOB_PAGE_SIZE), total };
}

/** What the job page, the event stream and the API show. */
export async function jobView(userId: string, jobId: string) {
  const job = await prisma.imageEnhancementJob.findFirst({ where: { id: jobId, userId }, include: { image: true } });
  if (!job) return null;
  const storage = objectStorage();
  const originalUrl = await storage.signedGetUrl(job.image.originalR2Key, { expiresInSeconds: 3600 });
  const enhancedUrl =
    job.status === "COMPLETED" && job.enhancedR2Key ? await storage.signedGetUrl(job.enhancedR2Key, { expiresInSeconds: 3600 }) : null;
  return {
    id: job.id,
    imageId: job.imageId,
    imageName: job.image.name,
    tier: job.tier,
    tierName: ENHANCEMENT_LABEL[job.tier],
    tokensCost: job.tokensCost,
    status: job.status,
    currentStage: job.currentStage,
    retryCount: job.retryCount,
    maxRetries: job.maxRetries,
    errorMessage: job.errorMessage,
    wasCropped: job.wasCropped,
    // Where the result sits in the (upright) original, so the comparison lines the two up.
    cropInOriginal: cropFraction(job.cropDimensions, job.image.originalWidth, job.image.originalHeight),
    prompt: job.enhancementPrompt,
    enhancedWidth: job.enhancedWidth,
    enhancedHeight: job.enhancedHeight,
    enhancedSizeBytes: job.enhancedSizeBytes,
    originalUrl,
    enhancedUrl,
    createdAt: job.createdAt.toISOString(),
    processingStartedAt: job.processingStartedAt?.toISOString() ?? null,
    processingCompletedAt: job.processingCompletedAt?.toISOString() ?? null,
  };
}
/** The crop box as fractions of the original's width and height, or null when nothing was cropped. */
function cropFraction(crop: unknown, width: number, height: number): { left: number; top: number; width: number; height: number } | null {
  const parsed = cropDimensionsSchema.safeParse(crop);
  if (!parsed.success || width <= 0 || height <= 0) return null;
  const box = parsed.data;
  return { left: box.left / width, top: box.top / height, width: box.width / width, height: box.height / height };
}

export type JobView = NonNullable<Awaited<ReturnType<typeof jobView>>>;

export const TERMINAL_STATUSES = ["COMPLETED", "FAILED", "REFUNDED", "CANCELLED"] as const;
