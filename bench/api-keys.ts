/**
 * API key sign-in cost: requests per second on GET /api/v1/me with an API key, against the same
 * endpoint with a session bearer token, on the same production server in the same run. The two
 * loads alternate (session, key, session, key) so drift in the machine hits both alike.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { SERVER_NODE_FLAGS } from "../scripts/lib.mjs";
import { waitFor, type BenchEntry } from "./ssr.ts";

const CONNECTIONS = 50;
const DURATION_SECONDS = 6;
const WARM_UP_SECONDS = 3;
const ROUNDS = 5;
const ROOT = path.resolve(import.meta.dirname, "..");
const DEMO = { email: "demo@spike.land", password: "spike-demo-2026" };

type Load = { rps: number; p50: number; p99: number; requests: number };

async function load(url: string, token: string, seconds = DURATION_SECONDS): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total };
}

const mean = (loads: Load[], pick: (load: Load) => number) => loads.reduce((sum, one) => sum + pick(one), 0) / loads.length;

/** A session bearer token from POST /api/v1/sessions, and a key made on the settings page with the browser's cookie. */
async function credentials(base: string): Promise<{ sessionToken: string; apiKey: string }> {
  const session = await fetch(`${base}/api/v1/sessions`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(DEMO) });
  if (session.status !== 201) throw new Error(`Could not create a session for the benchmark: ${session.status} ${await session.text()}`);
  const { token } = (await session.json()) as { token: string };

  const signIn = await fetch(`${base}/login`, { method: "POST", body: new URLSearchParams(DEMO), redirect: "manual" });
  const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
  if (!cookie) throw new Error("Could not sign in the demo user for the benchmark");
  const created = await fetch(`${base}/settings/api-keys`, {
    method: "POST",
    headers: { cookie },
    body: new URLSearchParams({ intent: "create", name: `Benchmark ${new Date().toISOString()}` }),
  });
  const key = (await created.text()).match(/sk_(?:test|live)_[A-Za-z0-9_-]{43}/)?.[0];
  if (!key) throw new Error(`The settings page did not show a new API key (${created.status})`);
  return { sessionToken: token, apiKey: key };
}

export async function benchApiKeys(): Promise<Record<string, BenchEntry>> {
  const port = 3430;
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "spike-bench-"));
  const server: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, "build/server-entry/main.js"], {
    cwd: path.join(ROOT, "web"),
    // The general API limit (100 a minute per user) would stop the load after a few requests.
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, APP_ENV: "development", DATABASE_URL: "", RATE_LIMIT_OVERRIDES: "generalApi=100000000" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(`${base}/healthz`, 120_000);
    const { sessionToken, apiKey } = await credentials(base);
    const url = `${base}/api/v1/me`;
    await load(url, sessionToken, WARM_UP_SECONDS);
    await load(url, apiKey, WARM_UP_SECONDS);
    const sessions: Load[] = [];
    const keys: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      sessions.push(await load(url, sessionToken));
      keys.push(await load(url, apiKey));
    }
    const keyRps = mean(keys, (one) => one.rps);
    const sessionRps = mean(sessions, (one) => one.rps);
    return {
      "api.key_auth": {
        value: Math.round(keyRps),
        unit: "requests/s",
        baseline: Math.round(sessionRps),
        ratio: Number((keyRps / sessionRps).toFixed(3)),
        detail: {
          path: "/api/v1/me",
          connections: CONNECTIONS,
          durationSeconds: DURATION_SECONDS,
          rounds: ROUNDS,
          p50Ms: mean(keys, (one) => one.p50),
          p99Ms: mean(keys, (one) => one.p99),
          requests: keys.reduce((sum, one) => sum + one.requests, 0),
          baselineAuth: "session bearer token (POST /api/v1/sessions)",
          baselineP50Ms: mean(sessions, (one) => one.p50),
          baselineP99Ms: mean(sessions, (one) => one.p99),
          roundsRps: { key: keys.map((one) => Math.round(one.rps)), session: sessions.map((one) => Math.round(one.rps)) },
        },
      },
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
