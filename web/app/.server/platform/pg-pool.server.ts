/**
 * A node-postgres pool for the few hot statements that run as named prepared statements (the token
 * ledger), beside the Prisma client's own pool. It is sized by DATABASE_POOL_SIZE like that pool,
 * opened on first use, and never keeps the process alive on its own.
 */
import pg from "pg";
import { env } from "./env.server.ts";

const globalForPool = globalThis as unknown as { pgPool?: pg.Pool };

function createPool(): pg.Pool {
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    // The same limits as the ledger's transactions had: wait up to 10 s for a connection, 15 s for a statement.
    connectionTimeoutMillis: 10_000,
    statement_timeout: 15_000,
    // The statements sent here look rows up by key, so one generic plan serves every call; planning
    // each execution again would cost more than the statement itself.
    options: "-c plan_cache_mode=force_generic_plan",
    allowExitOnIdle: true,
  });
  // An idle connection dropped by the server (restart, shutdown) must not crash the process. Once
  // the pool is closing, its connections may still hear the server's goodbye: nothing to report.
  pool.on("error", (error) => {
    if (!pool.ending) console.error("database pool:", error.message);
  });
  return pool;
}

/** The shared pool, created on first use (one per process, kept across module reloads in development). */
export function pgPool(): pg.Pool {
  globalForPool.pgPool ??= createPool();
  return globalForPool.pgPool;
}

/** Closes the pool if it was opened; the next pgPool() opens a new one. */
export async function closePgPool(): Promise<void> {
  const pool = globalForPool.pgPool;
  globalForPool.pgPool = undefined;
  await pool?.end();
}

export type { PoolClient } from "pg";
