/**
 * The merch queues on pg-boss: submitting an authorised order to its print provider. Sending lives
 * here (web processes send); the handlers live in fulfilment.server.ts (worker processes run them).
 */
import type PgBoss from "pg-boss";
import { ensureQueue, queue } from "../platform/queue.server.ts";

export const MERCH_SUBMIT_QUEUE = "merch-submit";
export const MERCH_SUBMIT_RETRIES = 5;

export async function ensureMerchQueues(boss: PgBoss) {
  await ensureQueue(boss, MERCH_SUBMIT_QUEUE, { retryLimit: MERCH_SUBMIT_RETRIES, retryBackoff: true, retryDelay: 10 });
}

/** Queues the submission of an authorised order to its print provider (once per order and attempt key). */
export async function enqueueOrderSubmission(orderId: string, attempt = "first") {
  const boss = queue();
  await ensureMerchQueues(boss);
  await boss.send(MERCH_SUBMIT_QUEUE, { orderId }, { singletonKey: `${orderId}:${attempt}`, retryLimit: MERCH_SUBMIT_RETRIES, retryBackoff: true, retryDelay: 10 });
}
