/**
 * Refunding an enhancement job, exactly once: when it could not be queued, was cancelled before it
 * started, failed for good in the worker, or was lost and timed out.
 */
import { prisma, type Prisma } from "../platform/db.server.ts";
import { credit } from "../tokens/ledger.server.ts";

/** The ledger source of an enhancement's charge and refund. */
export const JOB_SOURCE = "enhancement_job";

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
