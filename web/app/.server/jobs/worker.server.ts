/**
 * What worker processes do. Today: the upkeep job every 15 minutes (retention rules and ending
 * voucher trials), scheduled through the queue so exactly one worker runs it however many exist;
 * enhancement jobs, merch fulfilment, account emails, boxes (their actions, hourly billing and health,
 * and the agent tasks run in their browsers), audio mixdowns and MCP image generations.
 */
import type PgBoss from "pg-boss";
import { MINUTE_SECONDS } from "@spike-land/shared/time";
import { applyRetention } from "../observability/retention.server.ts";
import { deleteExpiredAnalytics } from "../analytics/retention.server.ts";
import { endExpiredTrials } from "../vouchers/trials.server.ts";
import { startMerchWorkers } from "../merch/fulfilment.server.ts";
import { startEnhancementWorker, sweepStaleJobs } from "./enhance-worker.server.ts";
import { startAccountEmailWorker } from "../accounts/email-queue.server.ts";
import { startBoxWorkers } from "../boxes/worker.server.ts";
import { startAgentWorker } from "../boxes/agent-tasks.server.ts";
import { startAudioMixdownWorker } from "../audio/mixdown.server.ts";
import { startGenerationWorker } from "../mcp/generation-worker.server.ts";
import { startMarketingSyncWorker } from "../marketing/sync.server.ts";

export const UPKEEP_QUEUE = "upkeep";
const EVERY_15_MINUTES = "*/15 * * * *";

async function runUpkeep() {
  const retention = await applyRetention();
  const analytics = await deleteExpiredAnalytics();
  const trialsEnded = await endExpiredTrials();
  const staleJobsRefunded = await sweepStaleJobs();
  return { ...retention, ...analytics, trialsEnded, staleJobsRefunded };
}

export async function startWorkers(boss: PgBoss, options: { pollingIntervalSeconds?: number } = {}) {
  await boss.createQueue(UPKEEP_QUEUE, { name: UPKEEP_QUEUE, policy: "singleton", retryLimit: 2, expireInSeconds: 5 * MINUTE_SECONDS });
  await boss.schedule(UPKEEP_QUEUE, EVERY_15_MINUTES);
  await boss.work(UPKEEP_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async () => {
    await runUpkeep();
  });
  await startEnhancementWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  await startMerchWorkers(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  await startAccountEmailWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  await startBoxWorkers(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  await startAgentWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  await startAudioMixdownWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  await startGenerationWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  await startMarketingSyncWorker(boss, { pollingIntervalSeconds: options.pollingIntervalSeconds });
  // Run once at start-up too, so a worker that was down catches up at once.
  await boss.send(UPKEEP_QUEUE, {});
}
