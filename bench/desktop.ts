/**
 * Desktop upload preparation benchmark: photos per second through the desktop app's own path for a
 * dropped folder of 200 12-megapixel JPEGs (streamed scan, content sniffing, SHA-256, then preprocess
 * to a 2048 px JPEG, with the upload queue's concurrency), against a plain sequential loop doing
 * readFile and the same sharp operations on the same files. Each side runs in a fresh process (so
 * its peak memory is its own), the two taking turns.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { sha256File } from "../desktop/src/core/uploads/hash.ts";
import { PREPROCESS_CONCURRENCY, JPEG_QUALITY, preprocess } from "../desktop/src/core/uploads/preprocess.ts";
import { scanFolders } from "../desktop/src/core/uploads/scan.ts";
import { syntheticJpeg } from "../shared/src/node/enhance/synthetic.ts";
import type { BenchEntry } from "./ssr.ts";

const WIDTH = 4000;
const HEIGHT = 3000;
const DISTINCT = 8;
const FILES = 200;
const MAX_EDGE = 2048;
const REPETITIONS = 3;
const RSS_SAMPLE_MS = 50;

/** Where the 200 files go: nested folders, each of the eight pictures under 25 names. */
function layout(root: string): string[] {
  return Array.from({ length: FILES }, (_, i) =>
    path.join(root, `trip-${i % 4}`, `day-${Math.floor(i / 4) % 5}`, `DSC_${String(i).padStart(4, "0")}.jpg`),
  );
}

/** Writes eight different photo-like pictures under the 200 names; returns the bytes written. */
async function writeFolder(root: string): Promise<number> {
  const casts: [number, number, number][] = [[1, 1, 1], [1.1, 1, 0.85], [0.85, 0.95, 1.2], [1, 1.05, 1]];
  const photos: Buffer[] = [];
  for (let i = 0; i < DISTINCT; i++) {
    photos.push(await syntheticJpeg({ width: WIDTH, height: HEIGHT, seed: 1000 + i, exposure: 0.8 + 0.05 * i, cast: casts[i % casts.length]! }));
  }
  let bytes = 0;
  for (const [i, file] of layout(root).entries()) {
    const photo = photos[i % DISTINCT]!;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, photo);
    bytes += photo.length;
  }
  return bytes;
}

/** The desktop path: scan → sniff → hash → preprocess, PREPROCESS_CONCURRENCY photos at a time. */
async function ours(root: string): Promise<number> {
  const scan = scanFolders([root]);
  let prepared = 0;
  const worker = async () => {
    for (let next = await scan.next(); !next.done; next = await scan.next()) {
      const entry = next.value;
      if (entry.kind !== "image") throw new Error(`${entry.relPath} was skipped: ${entry.reason}`);
      await sha256File(entry.path);
      await preprocess(entry.path, entry.format, { maxEdge: MAX_EDGE, uploadOriginals: false });
      prepared++;
    }
  };
  await Promise.all(Array.from({ length: PREPROCESS_CONCURRENCY }, worker));
  return prepared;
}

/** The same sharp work in a plain loop, one file after the other. */
async function baseline(paths: string[]): Promise<number> {
  for (const file of paths) {
    const bytes = await readFile(file);
    await sharp(bytes)
      .autoOrient()
      .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
  }
  return paths.length;
}

type Side = "ours" | "baseline";
type Measured = { perSecond: number; peakRss: number };

/**
 * One side, measured in this process (started fresh for it, so its peak resident set size is its
 * own): a warm-up on one copy of each picture, then the whole folder, its memory sampled as it runs.
 */
async function measureHere(side: Side, root: string): Promise<Measured> {
  const paths = layout(root);
  if (side === "ours") {
    for (const file of paths.slice(0, DISTINCT)) await preprocess(file, "jpeg", { maxEdge: MAX_EDGE, uploadOriginals: false });
  } else {
    await baseline(paths.slice(0, DISTINCT));
  }
  // Sampled rather than read from resourceUsage().maxRSS: on Linux a spawned process starts with
  // the maxRSS of the parent it was forked from.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), RSS_SAMPLE_MS);
  const started = performance.now();
  const photos = side === "ours" ? await ours(root) : await baseline(paths);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { perSecond: photos / seconds, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
}

function measureInChild(side: Side, root: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), side, root], {
      cwd: path.resolve(import.meta.dirname, ".."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`desktop benchmark (${side}) exited with ${code}: ${output.slice(-2000)}`));
      try {
        resolve(JSON.parse(output.trim().split("\n").at(-1) ?? "") as Measured);
      } catch {
        reject(new Error(`desktop benchmark (${side}) printed no result: ${output.slice(-2000)}`));
      }
    });
  });
}

export async function benchDesktopPreprocess(): Promise<Record<string, BenchEntry>> {
  const root = await mkdtemp(path.join(tmpdir(), "spike-land-bench-desktop-"));
  try {
    const bytes = await writeFolder(root);
    const runs: Record<Side, number[]> = { ours: [], baseline: [] };
    const peaks: Record<Side, number> = { ours: 0, baseline: 0 };
    for (let i = 0; i < REPETITIONS; i++) {
      // Alternate which side goes first, so a busy moment on the machine does not land on one side only.
      const order: Side[] = i % 2 === 0 ? ["baseline", "ours"] : ["ours", "baseline"];
      for (const side of order) {
        const result = await measureInChild(side, root);
        runs[side].push(result.perSecond);
        peaks[side] = Math.max(peaks[side], result.peakRss);
      }
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const value = median(runs.ours);
    const base = median(runs.baseline);
    const mb = (n: number) => Number((n / (1024 * 1024)).toFixed(0));
    const rounded = (list: number[]) => list.map((n) => Number(n.toFixed(2)));
    return {
      "desktop.preprocess": {
        value: Number(value.toFixed(2)),
        unit: "photos/s",
        baseline: Number(base.toFixed(2)),
        ratio: Number((value / base).toFixed(3)),
        detail: {
          files: FILES,
          distinctImages: DISTINCT,
          input: `${WIDTH}×${HEIGHT} JPEG, ${mb(bytes)} MB in all`,
          output: `JPEG q${JPEG_QUALITY}, longest edge ${MAX_EDGE}`,
          concurrency: PREPROCESS_CONCURRENCY,
          repetitions: REPETITIONS,
          photosPerSecond: { ours: rounded(runs.ours), baseline: rounded(runs.baseline) },
          peakRssMb: { ours: mb(peaks.ours), baseline: mb(peaks.baseline) },
          recipe: "scanFolders + sha256File + preprocess, PREPROCESS_CONCURRENCY at a time, each side in a fresh process",
          baselineRecipe: "sequential readFile + sharp autoOrient, resize inside without enlargement, the same JPEG quality",
        },
      },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

// Run as `node --import tsx bench/desktop.ts <side> <folder>`: measures one side and prints it as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [side, root] = process.argv.slice(2);
  if ((side !== "ours" && side !== "baseline") || !root) throw new Error("usage: desktop.ts ours|baseline <folder>");
  console.log(JSON.stringify(await measureHere(side, root)));
  process.exit(0);
}
