/**
 * The server killed with SIGKILL in the middle of a 4K enhancement, then started again on the same
 * data folder as `npm start` would: the embedded PostgreSQL the dead process left behind is dealt
 * with, the interrupted job runs again and finishes, and no token is lost or doubled.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./embedded-postgres.ts";
import { WEB_DIR } from "./config.ts";

const DEMO = { email: "demo@spike.land", password: "spike-demo-2026" };
const dataDir = mkdtempSync(path.join(os.tmpdir(), "spike-crash-"));
let port = 0;
let base = "";
const started: ChildProcess[] = [];

type Server = { child: ChildProcess; output: () => string };

function spawnServerProcess(): Server {
  const env: NodeJS.ProcessEnv = { ...process.env, APP_ENV: "development", DATA_DIR: dataDir, PORT: String(port) };
  // The test run's own database and secrets must not leak in: this server provides its own.
  for (const name of ["DATABASE_URL", "SESSION_SECRET", "ENCRYPTION_KEY", "APP_URL", "NODE_ENV", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: WEB_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Starts the production entry the way `npm start` does, on the shared data folder. */
async function startServer(): Promise<Server> {
  const { child, output: read } = spawnServerProcess();
  let output = read();
  const deadline = Date.now() + 90_000;
  while (!(output.includes("Spike Land is running") && output.includes("Background jobs are running"))) {
    if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output}`);
    if (Date.now() > deadline) throw new Error(`The server did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    output = read();
  }
  return { child, output: read };
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("close", () => resolve()));
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

type JobBody = { job: { id: string; status: string; retryCount: number } };

beforeAll(async () => {
  port = await freePort();
  base = `http://localhost:${port}`;
  // The web role serves the built app: build it once if this checkout has not been built yet.
  if (!existsSync(path.join(WEB_DIR, "build", "server", "index.js"))) {
    const built = spawnSync(path.join(WEB_DIR, "node_modules", ".bin", "remix"), ["vite:build"], { cwd: WEB_DIR, stdio: "ignore" });
    if (built.status !== 0) throw new Error("Building the web app failed; run `npx remix vite:build` in web/ to see why.");
  }
}, 180_000);

afterAll(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited(child);
    }
  }
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
    const deadline = Date.now() + 30_000;
    while (status !== "PROCESSING" && Date.now() < deadline) {
      status = (await api<JobBody>("GET", `/api/v1/jobs/${job.id}`, token)).job.status;
    }
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

    let finished: JobBody["job"] | null = null;
    const finishDeadline = Date.now() + 90_000;
    while (!finished && Date.now() < finishDeadline) {
      const current = (await api<JobBody>("GET", `/api/v1/jobs/${job.id}`, token)).job;
      if (current.status === "COMPLETED" || current.status === "REFUNDED") finished = current;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(finished?.status).toBe("COMPLETED");
    // The lost attempt counts once, in the job and in the queue alike.
    expect(finished?.retryCount).toBe(1);

    const db = new pg.Client({ connectionString: `postgresql://spike:spike-local@127.0.0.1:${databasePort()}/spike_land` });
    await db.connect();
    try {
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
    const third = spawnServerProcess();
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
