/** Runs every benchmark and writes bench/results.json (name → { value, unit, baseline, ratio, detail }). */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { benchSsr, type BenchEntry } from "./ssr.ts";
import { benchLedger } from "./ledger.ts";
import { benchEnhance } from "./enhance.ts";
import { benchQueue } from "./queue.ts";
import { benchDesktopPreprocess } from "./desktop.ts";
import { benchDesktopUpload } from "./desktop-upload.ts";
import { benchBoxes } from "./boxes.ts";
import { benchAudio } from "./audio.ts";
import { benchApiKeys } from "./api-keys.ts";

const file = path.join(import.meta.dirname, "results.json");
const only = process.argv[2];

const suites: Record<string, () => Promise<Record<string, BenchEntry>>> = { ssr: benchSsr, ledger: benchLedger, enhance: benchEnhance, queue: benchQueue, desktop: benchDesktopPreprocess, upload: benchDesktopUpload, boxes: benchBoxes, audio: benchAudio, apikeys: benchApiKeys };

let results: Record<string, BenchEntry> = {};
try {
  results = JSON.parse(await readFile(file, "utf8")) as Record<string, BenchEntry>;
} catch {
  /* first run */
}
for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  console.log(`› ${name}…`);
  const entries = await run();
  for (const [key, value] of Object.entries(entries)) {
    console.log(`  ${key}: ${value.value} ${value.unit} (baseline ${value.baseline}, ratio ${value.ratio})`);
  }
  results = { ...results, ...entries };
}
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), file)}`);
// Pools and timers of the benchmarked modules must not keep the process alive.
process.exit(0);
