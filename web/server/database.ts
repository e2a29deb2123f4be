/**
 * Gets the app a migrated database: DATABASE_URL when set, otherwise the embedded PostgreSQL
 * under the data folder. Migrations are applied with the Prisma CLI at every start.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ensureDatabase, startCluster, type RunningCluster } from "./embedded-postgres.ts";
import { WEB_DIR } from "./config.ts";

export const APP_DATABASE = "spike_land";

export async function provideDatabase(dataDir: string, options: { log?: boolean; durable?: boolean } = {}): Promise<{ url: string; cluster: RunningCluster | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, cluster: null };
  const cluster = await startCluster(dataDir, options);
  await ensureDatabase(cluster.urlFor("postgres"), APP_DATABASE);
  return { url: cluster.urlFor(APP_DATABASE), cluster };
}

/** Runs `prisma migrate deploy` against `url`. */
export function migrate(url: string): Promise<void> {
  const prismaBin = path.join(WEB_DIR, "node_modules", ".bin", "prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(prismaBin, ["migrate", "deploy"], {
      cwd: WEB_DIR,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`Migrations failed:\n${output}`))));
  });
}
