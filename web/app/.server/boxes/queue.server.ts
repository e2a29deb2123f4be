/**
 * The box queues, shared by the side that asks and the worker: "box-actions" carries one job per
 * requested action (start, stop, restart, delete, clone, and a new box's first start), "box-upkeep"
 * the scheduled hourly billing and health checks.
 */
import type PgBoss from "pg-boss";
import { MINUTE_SECONDS } from "@spike-land/shared/time";
import { ensureQueue, queue } from "../platform/queue.server.ts";

export const BOX_ACTIONS_QUEUE = "box-actions";
export const BOX_UPKEEP_QUEUE = "box-upkeep";

/** A start waits up to 20 s for the desktop and a stop up to 8 s; an action that takes longer has hung. */
const ACTION_EXPIRY_SECONDS = 2 * MINUTE_SECONDS;

const ensured = new WeakSet<PgBoss>();

export async function ensureBoxQueues(boss: PgBoss) {
  if (ensured.has(boss)) return;
  // An action claims its row before any work, so a retried job never repeats work that was done.
  await ensureQueue(boss, BOX_ACTIONS_QUEUE, { retryLimit: 2, retryDelay: 2, expireInSeconds: ACTION_EXPIRY_SECONDS });
  await ensureQueue(boss, BOX_UPKEEP_QUEUE, { policy: "singleton", retryLimit: 0, expireInSeconds: 5 * MINUTE_SECONDS });
  ensured.add(boss);
}

/** Action workers of this process, woken when an action is sent from here. */
let localWorkers: { boss: PgBoss; ids: string[] } | null = null;

export function registerLocalBoxWorkers(workers: { boss: PgBoss; ids: string[] } | null) {
  localWorkers = workers;
}

/** Queues a box action whose row is PENDING. */
export async function enqueueBoxAction(actionId: string) {
  const boss = queue();
  await ensureBoxQueues(boss);
  await boss.send(BOX_ACTIONS_QUEUE, { actionId }, { retryLimit: 2, retryDelay: 2, expireInSeconds: ACTION_EXPIRY_SECONDS });
  if (localWorkers?.boss === boss) for (const id of localWorkers.ids) boss.notifyWorker(id);
}
