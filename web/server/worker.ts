/**
 * The worker entry: background jobs (enhancement, merch fulfilment, account email, upkeep) without
 * the web server. `tsx server/worker.ts` here is the same as `tsx server/main.ts --role=worker`;
 * start as many as the queues need, against the same PostgreSQL.
 */
import { pathToFileURL } from "node:url";
import type { AppBackground } from "./app-build.ts";

/** Starts the background side of a loaded app: the queue client, and the workers when `worker`. */
export async function startBackgroundWork(background: AppBackground, databaseUrl: string, options: { worker: boolean }): Promise<void> {
  await background.startBackground(databaseUrl, { worker: options.worker });
  if (options.worker) console.log("Background jobs are running.");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.argv.push("--role=worker");
  await import("./main.ts");
}
