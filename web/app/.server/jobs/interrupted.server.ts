/**
 * Finding enhancement jobs whose worker died mid-run (a crash, kill -9, a lost machine) and sending
 * them back to the queue at once, or refunding them when no attempts are left, instead of waiting
 * for the queue's expiry. A worker marks each job it runs with a session advisory lock on a
 * connection of its own; PostgreSQL drops the lock the moment that process's connection goes, so
 * a running job whose lock is free has lost its worker.
 */
import pg from "pg";
import type PgBoss from "pg-boss";
import { prisma } from "../platform/db.server.ts";
import { env } from "../platform/env.server.ts";
import { QUEUE_SCHEMA } from "../platform/queue.server.ts";

/** First key of the two-key advisory lock space, keeping these locks apart from any others. */
const JOB_LOCK_SPACE = 41_207;
/** A queue job fetched this recently may not hold its lock yet, so it is left alone. */
const FETCH_GRACE_SECONDS = 5;
export const INTERRUPTED_MESSAGE = "The server stopped while this job was running; it was started again.";

export type JobLocks = {
  /** Marks a job as running in this process until the returned release is called. */
  hold(jobId: string): Promise<() => Promise<void>>;
  /** Jobs whose worker is gone, put back on the queue or refunded; returns how many. */
  recover(boss: PgBoss, queueName: string, onRefund: (jobId: string, message: string) => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
};

export async function openJobLocks(connectionString = env.DATABASE_URL): Promise<JobLocks> {
  const client = new pg.Client({ connectionString, application_name: "spike-land job locks" });
  client.on("error", (error) => console.error("job locks:", error.message));
  await client.connect();
  // Session locks are re-entrant, so this process must not mistake its own running jobs for lost ones.
  const running = new Set<string>();
  // One connection, one query at a time: pg queues them, so hold and recover never interleave badly.
  const lock = (jobId: string) => client.query("SELECT pg_advisory_lock($1, hashtext($2))", [JOB_LOCK_SPACE, jobId]);
  const unlock = (jobId: string) => client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [JOB_LOCK_SPACE, jobId]);

  return {
    async hold(jobId) {
      await lock(jobId);
      running.add(jobId);
      return async () => {
        running.delete(jobId);
        await unlock(jobId);
      };
    },

    async recover(boss, queueName, onRefund) {
      const candidates = await prisma.$queryRawUnsafe<Array<{ jobId: string; queueJobId: string }>>(
        `SELECT j.id AS "jobId", q.id::text AS "queueJobId"
           FROM image_enhancement_jobs j
           JOIN ${QUEUE_SCHEMA}.job q ON q.name = $1 AND q.state = 'active' AND q.data->>'jobId' = j.id
          WHERE j.status IN ('PENDING', 'PROCESSING')
            AND q.started_on < now() - make_interval(secs => $2)`,
        queueName,
        FETCH_GRACE_SECONDS,
      );
      let recovered = 0;
      for (const { jobId, queueJobId } of candidates) {
        if (running.has(jobId)) continue;
        const free = await client.query<{ free: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS free", [JOB_LOCK_SPACE, jobId]);
        if (!free.rows[0]?.free) continue; // a live worker is on it
        try {
          const outcome = await recordInterruption(jobId);
          if (outcome === "refund") {
            await onRefund(jobId, `Failed after the server stopped during its last attempt.`);
            await boss.complete(queueName, queueJobId);
          } else if (outcome === "retry") {
            // The queue counts this attempt and schedules the next with its usual backoff.
            await boss.fail(queueName, queueJobId, { message: INTERRUPTED_MESSAGE });
          }
          if (outcome !== "skip") recovered += 1;
        } finally {
          await unlock(jobId);
        }
      }
      return recovered;
    },

    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

/** Counts the lost attempt on the job row, so its retry count agrees with the queue's. */
async function recordInterruption(jobId: string): Promise<"retry" | "refund" | "skip"> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Array<{ status: string; retryCount: number; maxRetries: number }>>`
      SELECT status::text AS status, "retryCount", "maxRetries" FROM image_enhancement_jobs WHERE id = ${jobId} FOR UPDATE`;
    const row = rows[0];
    if (!row || (row.status !== "PENDING" && row.status !== "PROCESSING")) return "skip";
    const retryCount = row.retryCount + 1;
    await tx.imageEnhancementJob.update({ where: { id: jobId }, data: { retryCount, errorMessage: INTERRUPTED_MESSAGE } });
    return retryCount >= row.maxRetries ? "refund" : "retry";
  });
}
