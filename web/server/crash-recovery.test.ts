/**
 * The server killed with SIGKILL in the middle of a 4K enhancement, then started again on the same
 * data folder as `npm start` would: the embedded PostgreSQL the dead process left behind is dealt
 * with, the interrupted job runs again and finishes, and no token is lost or doubled.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./embedded-postgres.ts";
import { ensureBuilt, exited, spawnAppServer, startAppServer, type AppServer } from "../test/app-server.ts";

const DEMO = { email: "demo@spike.land", password: "spike-demo-2026" };
const dataDir = mkdtempSync(path.join(os.tmpdir(), "spike-crash-"));
let port = 0;
let base = "";
const started: Array<{ stop: () => Promise<void> }> = [];
/** As `npm start` runs it: embedded database on the data folder, secrets generated there. */
const serverEnv = () => ({ APP_ENV: "development", DATA_DIR: dataDir, DATABASE_URL: undefined, SESSION_SECRET: undefined, ENCRYPTION_KEY: undefined, APP_URL: undefined });

async function startServer(): Promise<AppServer> {
  const server = await startAppServer(serverEnv(), { port, worker: true });
  started.push(server);
  return server;
}

async function api<T>(method: string, route: string, token: string | null, body?: BodyInit, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(`${base}${route}`, {
    method,
    body,
    headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

function postmasterPid(): number {
  return Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
}

function databasePort(): number {
  return Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function connectDatabase(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: `postgresql://spike:spike-local@127.0.0.1:${databasePort()}/spike_land` });
  client.on("error", () => undefined); // the server under test may stop this database
  await client.connect();
  return client;
}

async function jobStatus(client: pg.Client, jobId: string): Promise<string> {
  const found = await client.query<{ status: string }>("SELECT status::text AS status FROM image_enhancement_jobs WHERE id = $1", [jobId]);
  return found.rows[0]?.status ?? "MISSING";
}

type JobBody = { job: { id: string; status: string; retryCount: number } };

beforeAll(async () => {
  port = await freePort();
  base = `http://localhost:${port}`;
  ensureBuilt();
}, 180_000);

afterAll(async () => {
  for (const server of started) await server.stop();
  // A server killed outright leaves its database running; make sure none outlives the test.
  if (existsSync(path.join(dataDir, "postgres", "postmaster.pid"))) {
    const pid = postmasterPid();
    if (isAlive(pid)) process.kill(pid, "SIGINT");
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("a crash in the middle of a job", () => {
  it("restarts with no manual step, runs the interrupted 4K job again once, and keeps the balance equal to the ledger", async () => {
    const first = await startServer();
    const { token } = await api<{ token: string }>("POST", "/api/v1/sessions", null, JSON.stringify(DEMO), { "Content-Type": "application/json" });

    // A 12-megapixel photo of noise, so the 4K job takes long enough to be caught mid-run.
    const pixels = Buffer.alloc(4000 * 3000 * 3);
    for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 2654435761) >>> 24;
    const photo = await sharp(pixels, { raw: { width: 4000, height: 3000, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
    const form = new FormData();
    form.append("file", new Blob([photo], { type: "image/jpeg" }), "crash.jpg");
    const uploaded = await api<{ results: Array<{ image?: { id: string } }> }>("POST", "/api/v1/images", token, form);
    const imageId = uploaded.results[0]?.image?.id;
    expect(imageId).toBeTruthy();

    const before = await api<{ tokens: { balance: number } }>("GET", "/api/v1/me", token);
    const { job } = await api<JobBody>("POST", `/api/v1/images/${imageId}/enhance`, token, JSON.stringify({ tier: "TIER_4K" }), {
      "Content-Type": "application/json",
    });
    let status = job.status;
    // Watched in the database: polling the API this often would meet its rate limit.
    const watcher = await connectDatabase();
    const deadline = Date.now() + 30_000;
    while (status !== "PROCESSING" && Date.now() < deadline) {
      status = await jobStatus(watcher, job.id);
      if (status !== "PROCESSING") await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await watcher.end();
    expect(status).toBe("PROCESSING");

    first.child.kill("SIGKILL");
    await exited(first.child);
    // What made restarts fail: the dead server's PostgreSQL is still running on the data folder.
    const orphan = postmasterPid();
    expect(isAlive(orphan)).toBe(true);

    const second = await startServer();
    expect(second.output()).toContain("left running by an earlier crash");
    expect(second.output()).not.toMatch(/^undefined$/m);
    expect(isAlive(orphan)).toBe(false);

    const db = await connectDatabase();
    try {
      const finishDeadline = Date.now() + 90_000;
      while (!["COMPLETED", "REFUNDED"].includes(await jobStatus(db, job.id)) && Date.now() < finishDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const finished = (await api<JobBody>("GET", `/api/v1/jobs/${job.id}`, token)).job;
      expect(finished.status).toBe("COMPLETED");
      // The lost attempt counts once, in the job and in the queue alike.
      expect(finished.retryCount).toBe(1);
      const queued = await db.query<{ retry_count: number; state: string }>("SELECT retry_count, state::text AS state FROM pgboss.job WHERE name = 'enhance' AND data->>'jobId' = $1", [job.id]);
      expect(queued.rows).toEqual([{ retry_count: 1, state: "completed" }]);
      const ledger = await db.query<{ balance: number; total: string }>(
        `SELECT b.balance, (SELECT COALESCE(SUM(amount), 0) FROM token_transactions t WHERE t."userId" = b."userId")::text AS total
           FROM user_token_balances b JOIN users u ON u.id = b."userId" WHERE u.email = $1`,
        [DEMO.email],
      );
      expect(ledger.rows[0]?.balance).toBe(Number(ledger.rows[0]?.total));
    } finally {
      await db.end();
    }
    // Charged once for the job, never refunded and charged again.
    const after = await api<{ tokens: { balance: number } }>("GET", "/api/v1/me", token);
    expect(after.tokens.balance).toBe(before.tokens.balance - 10);

    // Started twice on one data folder, the second server explains itself and leaves the first alone.
    const third = spawnAppServer({ ...serverEnv(), PORT: String(port) });
    started.push(third);
    await exited(third.child);
    expect(third.child.exitCode).toBe(1);
    expect(third.output()).toContain(`Another Spike Land server (process ${second.child.pid}) is using the database`);
    expect(third.output()).toContain("What to do:");
    expect((await api<{ tokens: { balance: number } }>("GET", "/api/v1/me", token)).tokens.balance).toBe(after.tokens.balance);

    second.child.kill("SIGTERM");
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);
  }, 240_000);
});
