/**
 * The "mcp-generation" queue's settings, shared by the side that sends generation jobs and the
 * worker that runs them: its name, how often a job is tried, how long one attempt may take, and
 * the retry timing (the same as enhancement jobs).
 */
import type PgBoss from "pg-boss";
import { MINUTE_SECONDS } from "@spike-land/shared/time";
import { ensureQueue, queue } from "../platform/queue.server.ts";

export const GENERATION_QUEUE = "mcp-generation";
/** Attempts after the first before a job is refunded. */
export const GENERATION_RETRIES = 3;
/** One attempt that has not finished in this long is timed out. */
const ATTEMPT_TIMEOUT_SECONDS = 5 * MINUTE_SECONDS;

/** Retry timing; tests shorten the delay. */
export const generationQueueOptions = { retryDelaySeconds: 5, retryBackoff: true, timeoutSeconds: ATTEMPT_TIMEOUT_SECONDS };

const ensured = new WeakSet<PgBoss>();

export async function ensureGenerationQueue(boss: PgBoss): Promise<void> {
  if (ensured.has(boss)) return;
  await ensureQueue(boss, GENERATION_QUEUE, { retryLimit: GENERATION_RETRIES, expireInSeconds: ATTEMPT_TIMEOUT_SECONDS + 30 });
  ensured.add(boss);
}

/** This process's generation worker, woken when a job is sent from here rather than at its next poll. */
let localWorker: { boss: PgBoss; id: string } | null = null;

export function registerLocalGenerationWorker(worker: { boss: PgBoss; id: string } | null): void {
  localWorker = worker;
}

/** Sends a job row's id to the queue (the row must exist and be PENDING). */
export async function enqueueGeneration(jobId: string): Promise<void> {
  const boss = queue();
  await ensureGenerationQueue(boss);
  await boss.send(
    GENERATION_QUEUE,
    { jobId },
    {
      retryLimit: GENERATION_RETRIES,
      retryBackoff: generationQueueOptions.retryBackoff,
      retryDelay: generationQueueOptions.retryDelaySeconds,
      // A little past the in-process timeout, so the handler records the timeout and the retry itself.
      expireInSeconds: generationQueueOptions.timeoutSeconds + 30,
    },
  );
  if (localWorker?.boss === boss && localWorker.id) boss.notifyWorker(localWorker.id);
}
