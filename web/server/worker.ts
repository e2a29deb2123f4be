/**
 * The worker entry: background jobs (enhancement, merch fulfilment, account email, upkeep) without
 * the web server. `node build/server-entry/worker.js` (or `tsx server/worker.ts`) is
 * `main --role=worker`; start as many as the queues need, against the same PostgreSQL.
 */
if (!process.argv.some((arg) => arg.startsWith("--role="))) process.argv.push("--role=worker");
await import("./main.ts");

export {};
