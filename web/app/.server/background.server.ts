/**
 * Background work of the app, started by the server entries (`web/server/`) through the app build's
 * entry module, so a process holds one copy of the app's modules: the queue client a route sends
 * jobs with is the one the workers were started on.
 */
import { prisma } from "./platform/db.server.ts";
import { closePgPool } from "./platform/pg-pool.server.ts";
import { startQueue, stopQueue } from "./platform/queue.server.ts";
import { closeRateLimits } from "./platform/rate-limit.server.ts";
import { startWorkers } from "./jobs/worker.server.ts";

export type BackgroundOptions = {
  /** Run the job workers and the queue's scheduled maintenance here (the worker role). */
  worker: boolean;
};

/** Connects the queue (every role sends jobs) and, for the worker role, starts the workers. */
export async function startBackground(databaseUrl: string, options: BackgroundOptions): Promise<void> {
  const boss = await startQueue(databaseUrl, { maintenance: options.worker });
  if (options.worker) await startWorkers(boss);
}

/** Stops the queue (and workers), then closes the app's database connections, before the database stops. */
export async function stopBackground(): Promise<void> {
  await stopQueue();
  await Promise.allSettled([closePgPool(), closeRateLimits(), prisma.$disconnect()]);
}
