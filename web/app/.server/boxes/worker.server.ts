/**
 * The box worker: first adopts the boxes that kept running while the server was down (or cleans up
 * those that did not), then runs requested box actions, and every 30 seconds (a job scheduled each
 * minute through the queue, so one worker of many runs it, plus a follow-up half a minute later)
 * checks the running desktops and charges the hours that have begun.
 */
import type PgBoss from "pg-boss";
import { boxService, type BoxService } from "./boxes.server.ts";
import { BOX_ACTIONS_QUEUE, BOX_UPKEEP_QUEUE, ensureBoxQueues, registerLocalBoxWorkers } from "./queue.server.ts";

const EVERY_MINUTE = "* * * * *";
const HALF_MINUTE_SECONDS = 30;
/** Actions run side by side, so one slow start does not hold up other people's boxes. */
const ACTION_WORKERS = 3;

/** One upkeep round: what died is found before anything is charged for it. */
export async function runBoxUpkeep(service: BoxService) {
  const watched = await service.watchBoxes();
  const charged = await service.chargeRunningBoxes();
  return { ...watched, ...charged };
}

export async function startBoxWorkers(boss: PgBoss, options: { pollingIntervalSeconds?: number; service?: BoxService } = {}) {
  const service = options.service ?? boxService();
  await ensureBoxQueues(boss);
  try {
    await service.adoptBoxes();
  } catch (error) {
    // A box that cannot be looked at now is looked at by the next upkeep round; the app still starts.
    console.error("box adoption:", error);
  }

  const ids: string[] = [];
  for (let i = 0; i < ACTION_WORKERS; i += 1) {
    ids.push(
      await boss.work<{ actionId: string }>(BOX_ACTIONS_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1, batchSize: 1 }, async (jobs) => {
        for (const job of jobs) await service.runAction(job.data.actionId);
      }),
    );
  }
  registerLocalBoxWorkers({ boss, ids });

  await boss.schedule(BOX_UPKEEP_QUEUE, EVERY_MINUTE, {});
  await boss.work<{ followUp?: boolean }>(BOX_UPKEEP_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
    for (const job of jobs) {
      await runBoxUpkeep(service);
      // Cron counts in minutes; the second round of each minute is a job of its own.
      if (!job.data?.followUp) await boss.send(BOX_UPKEEP_QUEUE, { followUp: true }, { startAfter: HALF_MINUTE_SECONDS });
    }
  });
}
