/**
 * The job queue: pg-boss on the app's own PostgreSQL. Web processes send jobs; worker processes
 * (the same binary with --role=worker, or the default all-in-one process) run them. Any number of
 * workers can share the queues, which is how background work scales out.
 */
import PgBoss from "pg-boss";

export const QUEUE_SCHEMA = "pgboss";

/** This process's queue client (one per process: the server entries start it through the app build). */
const slot: { spikeQueue?: PgBoss; spikeQueueStarting?: Promise<PgBoss> } = {};

/** Starts (once per process) the queue client; `maintenance` only where scheduled work should run. */
export function startQueue(connectionString: string, options: { maintenance: boolean; pollingIntervalSeconds?: number }): Promise<PgBoss> {
  slot.spikeQueueStarting ??= (async () => {
    const client = new PgBoss({
      connectionString,
      schema: QUEUE_SCHEMA,
      max: 5,
      supervise: options.maintenance,
      schedule: options.maintenance,
      migrate: true,
    });
    client.on("error", (error: Error) => console.error("queue:", error.message));
    await client.start();
    slot.spikeQueue = client;
    return client;
  })();
  return slot.spikeQueueStarting;
}

export function queue(): PgBoss {
  if (!slot.spikeQueue) throw new Error("The job queue has not been started in this process");
  return slot.spikeQueue;
}

export async function stopQueue(): Promise<void> {
  const client = slot.spikeQueue;
  slot.spikeQueue = undefined;
  slot.spikeQueueStarting = undefined;
  if (client) await client.stop({ graceful: true, wait: true, timeout: 10_000 });
}

/** Creates a queue once; another process creating it at the same moment is not an error. */
export async function ensureQueue(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, "name"> = {}): Promise<void> {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, { ...options, name });
  } catch (error) {
    if (!(await boss.getQueue(name))) throw error;
  }
}
