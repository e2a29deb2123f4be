/**
 * Server-rendering benchmarks: requests per second at 50 concurrent connections for the landing
 * page and a signed-in page, each against a static file served by the same server in the same run.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { SERVER_NODE_FLAGS } from "../scripts/lib.mjs";

export type BenchEntry = { value: number; unit: string; baseline: number; ratio: number; detail: Record<string, unknown> };

const CONNECTIONS = 50;
const DURATION_SECONDS = 10;
const ROOT = path.resolve(import.meta.dirname, "..");

/** Resolves once `url` answers 2xx; the benchmarks that start a server wait for it with this. */
export async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`Server did not answer at ${url}`);
}

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total };
}

function entry(page: Awaited<ReturnType<typeof load>>, file: Awaited<ReturnType<typeof load>>, path: string): BenchEntry {
  return {
    value: Math.round(page.rps),
    unit: "requests/s",
    baseline: Math.round(file.rps),
    ratio: Number((page.rps / file.rps).toFixed(3)),
    detail: {
      path,
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      p50Ms: page.p50,
      p99Ms: page.p99,
      baselinePath: "/robots.txt",
      baselineP50Ms: file.p50,
      baselineP99Ms: file.p99,
      requests: page.requests,
    },
  };
}

export async function benchSsr(): Promise<Record<string, BenchEntry>> {
  const port = 3400;
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "spike-bench-"));
  const server: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, "build/server-entry/main.js"], {
    cwd: path.join(ROOT, "web"),
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, APP_ENV: "development", DATABASE_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitFor(`${base}/healthz`, 120_000);
    const signIn = await fetch(`${base}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: "demo@spike.land", password: "spike-demo-2026" }),
      redirect: "manual",
    });
    const cookie = signIn.headers.get("set-cookie")?.split(";")[0];
    if (!cookie) throw new Error("Could not sign in the demo user for the benchmark");

    const landingBaseline = await load(`${base}/robots.txt`);
    const landing = await load(`${base}/`);
    const signedInBaseline = await load(`${base}/robots.txt`, { cookie });
    const signedIn = await load(`${base}/account`, { cookie });
    return {
      "ssr.landing": entry(landing, landingBaseline, "/"),
      "ssr.signed_in": entry(signedIn, signedInBaseline, "/account"),
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
