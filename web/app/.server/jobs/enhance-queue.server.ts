/**
 * The enhancement queue's settings, shared by the side that sends jobs and the worker that runs
 * them: its name, how often a job is tried, how long one attempt may take, and the retry timing.
 */
import type PgBoss from "pg-boss";
import { ensureQueue } from "../platform/queue.server.ts";
import { MINUTE_SECONDS } from "@spike-land/shared/time";

export const ENHANCE_QUEUE = "enhance";
export const DEFAULT_MAX_RETRIES = 3;
/** A job that has not finished in this long is timed out (business rule: 5 minutes). */
const JOB_TIMEOUT_SECONDS = 5 * MINUTE_SECONDS;

/** Retry timing; tests shorten the delay. */
export const enhancementQueueOptions = { retryDelaySeconds: 5, retryBackoff: true, timeoutSeconds: JOB_TIMEOUT_SECONDS };

/** Queue clients that have made sure of the queue: once per client, not on every job sent. */
const ensured = new WeakSet<PgBoss>();

export async function ensureEnhanceQueue(boss: PgBoss) {
  if (ensured.has(boss)) return;
  await ensureQueue(boss, ENHANCE_QUEUE, { retryLimit: DEFAULT_MAX_RETRIES, expireInSeconds: JOB_TIMEOUT_SECONDS + 30 });
  ensured.add(boss);
}

/** This process's enhancement worker, if it runs one (the app is loaded once per process). */
let localWorker: { boss: PgBoss; id: string } | null = null;

export function registerLocalWorker(worker: { boss: PgBoss; id: string } | null): void {
  localWorker = worker;
}

/** A job just sent is picked up now by a worker in this process, rather than at its next poll. */
export function wakeLocalWorker(boss: PgBoss): void {
  if (localWorker?.boss === boss && localWorker.id) boss.notifyWorker(localWorker.id);
}
