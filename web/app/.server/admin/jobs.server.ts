/**
 * The admin jobs dashboard: counts by status and tier, recent failures with their error, a filtered
 * job list, and an admin rerun that queues the same work again for the owner at no charge (audited).
 */
import { z } from "zod";
import { ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";
import { prisma, type EnhancementTier, type JobStatus } from "../platform/db.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { enqueueEnhancement } from "../jobs/requests.server.ts";
import { DEFAULT_MAX_RETRIES } from "../jobs/enhance-queue.server.ts";
import { refundJob } from "../jobs/refunds.server.ts";
import { TERMINAL_STATUSES } from "../jobs/views.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { DomainError } from "@spike-land/shared/errors";

export const JOB_STATUSES = ["PENDING", "PROCESSING", "COMPLETED", "FAILED", "REFUNDED", "CANCELLED"] as const satisfies readonly JobStatus[];
export const ADMIN_JOB_PAGE_SIZE = 25;
export const RECENT_FAILURES = 10;

export class AdminJobError extends DomainError {
  constructor(message: string, status: number) {
    super(status, message);
  }
}

/** The list filters, read from the query string; anything unknown means "all". */
export const jobFilterSchema = z.object({
  status: z.enum(JOB_STATUSES).nullable().catch(null),
  tier: z.enum(ENHANCEMENT_TIERS).nullable().catch(null),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type JobFilter = z.output<typeof jobFilterSchema>;

export function parseJobFilter(params: URLSearchParams): JobFilter {
  return jobFilterSchema.parse({ status: params.get("status") || null, tier: params.get("tier") || null, page: params.get("page") ?? 1 });
}

/** Counts by status, by tier, and by both; every status and tier is present (zero when none). */
export type { JobStatus };
export type JobCounts = Awaited<ReturnType<typeof jobCounts>>;

export async function jobCounts() {
  const groups = await prisma.imageEnhancementJob.groupBy({ by: ["status", "tier"], _count: { _all: true } });
  const byStatus = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
  const byTier = Object.fromEntries(ENHANCEMENT_TIERS.map((tier) => [tier, 0])) as Record<EnhancementTier, number>;
  const byStatusAndTier = Object.fromEntries(JOB_STATUSES.map((status) => [status, { ...byTier }])) as Record<JobStatus, Record<EnhancementTier, number>>;
  let total = 0;
  for (const group of groups) {
    const count = group._count._all;
    byStatus[group.status] += count;
    byTier[group.tier] += count;
    byStatusAndTier[group.status][group.tier] += count;
    total += count;
  }
  return { total, byStatus, byTier, byStatusAndTier };
}

const jobSelect = {
  id: true,
  status: true,
  tier: true,
  tokensCost: true,
  errorMessage: true,
  retryCount: true,
  createdAt: true,
  processingCompletedAt: true,
  image: { select: { id: true, name: true } },
  user: { select: { id: true, email: true, name: true } },
} as const;

export type AdminJob = Awaited<ReturnType<typeof recentFailures>>[number];

/** The latest jobs that failed or were refunded with an error, newest first. */
export function recentFailures(take = RECENT_FAILURES) {
  return prisma.imageEnhancementJob.findMany({
    where: { status: { in: ["FAILED", "REFUNDED"] }, errorMessage: { not: null } },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take,
    select: jobSelect,
  });
}

export async function listAdminJobs(filter: JobFilter) {
  const where = { ...(filter.status ? { status: filter.status } : {}), ...(filter.tier ? { tier: filter.tier } : {}) };
  const [total, jobs] = await Promise.all([
    prisma.imageEnhancementJob.count({ where }),
    prisma.imageEnhancementJob.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...pageWindow(filter.page, ADMIN_JOB_PAGE_SIZE),
      select: jobSelect,
    }),
  ]);
  return { jobs, total, pages: pageCount(total, ADMIN_JOB_PAGE_SIZE) };
}

/**
 * Runs a finished job again for its owner as an admin grant: a new job for the same image, tier,
 * pipeline and blend source, costing the owner nothing (tokensCost 0), audited in the same transaction.
 */
export async function adminRerunJob(actorId: string, jobId: string, ipAddress: string | null = null) {
  const job = await prisma.$transaction(
    async (tx) => {
      const original = await tx.imageEnhancementJob.findUnique({ where: { id: jobId } });
      if (!original) throw new AdminJobError("That job was not found.", 404);
      if (!(TERMINAL_STATUSES as readonly string[]).includes(original.status)) {
        throw new AdminJobError("This job is still queued or running; rerun it once it has finished.", 409);
      }
      const created = await tx.imageEnhancementJob.create({
        data: {
          imageId: original.imageId,
          userId: original.userId,
          tier: original.tier,
          tokensCost: 0,
          status: "PENDING",
          maxRetries: DEFAULT_MAX_RETRIES,
          pipelineId: original.pipelineId,
          sourceImageId: original.sourceImageId,
          isBlend: original.sourceImageId !== null,
        },
      });
      await recordAudit(tx, {
        actorId,
        action: "USER_UPDATE",
        event: "job.admin_rerun",
        targetId: original.userId,
        metadata: { jobId: original.id, newJobId: created.id, tier: original.tier, charged: 0 },
        ipAddress,
      });
      return created;
    },
    { maxWait: 10_000, timeout: 15_000 },
  );
  try {
    await enqueueEnhancement(job.id);
  } catch (error) {
    // Nothing was charged, so this only marks the job as ended (a zero credit is a harmless no-op entry).
    await refundJob(job.id, "The job could not be queued.");
    throw error;
  }
  return job;
}
