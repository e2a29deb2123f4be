/**
 * Queue benchmark: `queue.throughput` is FREE-tier enhancement jobs per minute through pg-boss and
 * the real worker with its default settings, on a 1.6-megapixel photo-like JPEG; the baseline is the
 * same work (read original, enhance, store result, update row) in a plain loop, in the same run and
 * on the same database. The measurement runs in a child process (queue-run.ts).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { BenchEntry } from "./ssr.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

type Measured = {
  jobs: number;
  rounds: number;
  input: string;
  output: string;
  queueMs: number;
  sentMs: number;
  baselineMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  attemptP50Ms: number;
};

function measure(): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "web", "node_modules", ".bin", "tsx"), [path.join(import.meta.dirname, "queue-run.ts")], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`queue benchmark exited with ${code}: ${output.slice(-2000)}`));
      try {
        resolve(JSON.parse(line) as Measured);
      } catch {
        reject(new Error(`queue benchmark printed no result: ${output.slice(-2000)}`));
      }
    });
  });
}

export async function benchQueue(): Promise<Record<string, BenchEntry>> {
  const m = await measure();
  const perMinute = (ms: number) => (m.jobs * 60_000) / ms;
  const value = perMinute(m.queueMs);
  const baseline = perMinute(m.baselineMs);
  const round = (n: number) => Number(n.toFixed(1));
  return {
    "queue.throughput": {
      value: round(value),
      unit: "jobs/min",
      baseline: round(baseline),
      ratio: Number((value / baseline).toFixed(3)),
      detail: {
        jobs: m.jobs,
        rounds: m.rounds,
        tier: "FREE",
        input: m.input,
        output: m.output,
        workers: "1 (startEnhancementWorker defaults)",
        queueSeconds: round(m.queueMs / 1000),
        requestsSentSeconds: round(m.sentMs / 1000),
        baselineSeconds: round(m.baselineMs / 1000),
        requestToDoneP50Ms: Math.round(m.latencyP50Ms),
        requestToDoneP99Ms: Math.round(m.latencyP99Ms),
        attemptP50Ms: Math.round(m.attemptP50Ms),
        baselineRecipe: "plain loop per job: read row and original, provider.enhance, store result, update row",
      },
    },
  };
}
