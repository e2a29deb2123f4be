/**
 * Asking for enhancements: checks the tier, the images and the pipeline, charges the tokens and
 * creates the jobs in one transaction (FREE work is bounded by a daily allowance instead), then
 * queues them. Also cancelling a job that has not started and running a job again.
 */
import { ENHANCEMENT_COST, ENHANCEMENT_TIERS, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type Prisma } from "../platform/db.server.ts";
import { queue } from "../platform/queue.server.ts";
import { spend } from "../tokens/ledger.server.ts";
import { DEFAULT_MAX_RETRIES, ENHANCE_QUEUE, enhancementQueueOptions, ensureEnhanceQueue, wakeLocalWorker } from "./enhance-queue.server.ts";
import { JOB_SOURCE, refundJob } from "./refunds.server.ts";
import { findJob } from "./views.server.ts";
import { insertJobs, ownedImages } from "./job-rows.server.ts";

export class EnhancementError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

function isEnhancementTier(value: unknown): value is EnhancementTier {
  return typeof value === "string" && (ENHANCEMENT_TIERS as readonly string[]).includes(value);
}

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
  wakeLocalWorker(boss);
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
  // Timestamps are stored as UTC without a zone; PostgreSQL ignores the zone of the ISO instant.
  const [row] = await client.$queryRaw<Array<{ used: number }>>`
    SELECT count(*)::int AS used FROM image_enhancement_jobs
     WHERE "userId" = ${userId} AND tier = 'FREE' AND "createdAt" >= ${startOfUtcDay().toISOString()}::timestamp(3)`;
  return Math.max(0, FREE_JOBS_PER_DAY - (row?.used ?? 0));
}

/**
 * Takes the user's FREE allowance lock for the rest of the transaction that creates the jobs, so
 * concurrent requests count one after the other and together can never pass the day's allowance.
 */
async function lockFreeJobs(tx: Prisma.TransactionClient, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`free-jobs:${userId}`}, 0))`;
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
  const pipelineId = options.pipelineId || null;
  const sourceImageId = options.sourceImageId || null;
  const owned = await ownedImages(userId, imageIds, sourceImageId);
  if (imageIds.length === 0 || owned.images !== new Set(imageIds).size) throw new EnhancementError("That image was not found.", 404);
  if (sourceImageId) {
    if (imageIds.includes(sourceImageId)) throw new EnhancementError("Choose a different image to blend with.", 400);
    if (!owned.source) throw new EnhancementError("The image to blend with was not found.", 404);
  }
  const cost = ENHANCEMENT_COST[tier];
  const jobs = await prisma.$transaction(
    async (tx) => {
      const free = tier === "FREE";
      if (free) await lockFreeJobs(tx, userId);
      const created = await insertJobs(tx, {
        userId,
        imageIds,
        tier,
        cost,
        maxRetries: DEFAULT_MAX_RETRIES,
        pipelineId,
        sourceImageId,
        batchId: options.batchId ?? null,
        allowance: free ? { limit: FREE_JOBS_PER_DAY, since: startOfUtcDay() } : null,
      });
      // Only a FREE batch past the day's allowance comes back empty.
      if (created.length === 0) throw new FreeJobLimitError(imageIds.length, await freeJobsLeftToday(userId, tx));
      if (pipelineId) {
        // Own pipelines and public ones can be used; a link-shared pipeline is forked first.
        const used = await tx.enhancementPipeline.updateMany({
          where: { id: pipelineId, OR: [{ userId }, { visibility: "PUBLIC" }, { userId: null }] },
          data: { usageCount: { increment: imageIds.length } },
        });
        if (used.count === 0) throw new EnhancementError("That pipeline was not found.", 404);
      }
      for (const job of created) await spend(userId, cost, "SPEND_ENHANCEMENT", { source: JOB_SOURCE, sourceId: job.id }, tx);
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
