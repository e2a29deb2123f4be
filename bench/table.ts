/**
 * Prints bench/results.json as the Markdown table the README shows, with each benchmark's goal:
 * `npx tsx bench/table.ts`. The goals are those the performance work was measured against.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

type Entry = { value: number; unit: string; baseline: number; ratio: number; detail: Record<string, unknown> };

/** Goal per benchmark: "≥" where higher is better (throughput ratios), "≤" where the ratio is a cost. */
const GOALS: Record<string, { goal: string; met: (ratio: number, entry: Entry) => boolean; baseline: string }> = {
  "ssr.landing": { goal: "≥ 0.25, p99 < 50 ms", met: (r, e) => r >= 0.25 && Number(e.detail.p99Ms) < 50, baseline: "a static file from the same server" },
  "ssr.signed_in": { goal: "≥ 0.15, p99 < 100 ms", met: (r, e) => r >= 0.15 && Number(e.detail.p99Ms) < 100, baseline: "a static file from the same server" },
  "ledger.contended": { goal: "≥ 0.7", met: (r) => r >= 0.7, baseline: "bare UPDATEs of one row, 50 clients" },
  "ledger.spread": { goal: "≥ 0.5", met: (r) => r >= 0.5, baseline: "bare UPDATEs over 100 rows, 50 clients" },
  "queue.throughput": { goal: "≥ 0.9", met: (r) => r >= 0.9, baseline: "the same work in a plain loop" },
  "enhance.tier_1k": { goal: "≤ 1.2", met: (r) => r <= 1.2, baseline: "the same sharp operations, raw" },
  "enhance.tier_2k": { goal: "≤ 1.2", met: (r) => r <= 1.2, baseline: "the same sharp operations, raw" },
  "enhance.tier_4k": { goal: "≤ 1.2", met: (r) => r <= 1.2, baseline: "the same sharp operations, raw" },
  // No goal was set: the figure shows what preparing 12-megapixel photos and storing them costs.
  "desktop.upload": { goal: "—", met: () => false, baseline: "PUT of the same prepared bytes to the same server" },
  // No goals were set for boxes: the figures show what the app adds around the provider.
  "box.start": { goal: "—", met: () => false, baseline: "the provider alone, first screen update straight from x11vnc" },
  "box.density": { goal: "—", met: () => false, baseline: "boxes the provider starts directly" },
  "audio.mixdown": { goal: "≤ 1.5", met: (r) => r <= 1.5, baseline: "a plain Float32 summing loop over the same decoded samples" },
  "desktop.preprocess": { goal: "≥ 0.9", met: (r) => r >= 0.9, baseline: "readFile + the same sharp operations in a plain loop" },
  "api.key_auth": { goal: "≥ 0.9", met: (r) => r >= 0.9, baseline: "GET /api/v1/me with a session bearer token" },
};

const results = JSON.parse(readFileSync(path.join(import.meta.dirname, "results.json"), "utf8")) as Record<string, Entry>;
const rows = ["| benchmark | value | baseline (same run) | ratio | goal | met |", "|---|---|---|---|---|---|"];
for (const [name, entry] of Object.entries(results)) {
  const goal = GOALS[name];
  const p99 = entry.detail.p99Ms === undefined ? "" : ` (p99 ${String(entry.detail.p99Ms)} ms)`;
  rows.push(
    `| ${name} | ${entry.value} ${entry.unit}${p99} | ${entry.baseline} ${entry.unit}: ${goal?.baseline ?? ""} | ${entry.ratio} | ${goal?.goal ?? "—"} | ${!goal || goal.goal === "—" ? "—" : goal.met(entry.ratio, entry) ? "yes" : "not yet"} |`,
  );
}
console.log(rows.join("\n"));
