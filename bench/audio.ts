/**
 * Audio mixdown benchmark: CPU seconds per minute of mixed audio for 8 stereo tracks of 3 minutes.
 * The value is the server's mix engine (the project's gains, the sum, peak and clipping measured,
 * 16-bit WAV samples written) over decoded samples, block by block as the mixdown job runs it; the
 * baseline is a plain Float32 summing loop over the same decoded samples. The detail adds what
 * decoding costs and the whole job's render (ffmpeg decoders included, from the process's
 * children's CPU time) so the engine's share can be seen.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { encodeMeasured, mixBlock } from "../shared/src/audio/blocks.ts";
import { MIX_CHANNELS, MIX_SAMPLE_RATE } from "../shared/src/audio/formats.ts";
import { decodeStream } from "../web/app/.server/audio/ffmpeg.server.ts";
import { BLOCK_FRAMES, renderMixToFile } from "../web/app/.server/audio/render.server.ts";
import type { BenchEntry } from "./ssr.ts";

const TRACKS = 8;
const SECONDS = 180;
const REPETITIONS = 5;
/** Track gains as a project might have them: some down, one pushed, one muted. */
const GAINS = [1, 0.8, 0.6, 1.4, 0.5, 0, 0.9, 0.7];

/** Eight different 3-minute stereo WAVs made by ffmpeg: tones, chords, noise and a sweep. */
function writeTracks(folder: string): string[] {
  const sources = [
    "sine=frequency=110:sample_rate=44100",
    "sine=frequency=220:sample_rate=44100",
    "sine=frequency=330:sample_rate=44100",
    "anoisesrc=color=pink:amplitude=0.3:sample_rate=44100",
    "sine=frequency=523.25:sample_rate=44100",
    "anoisesrc=color=brown:amplitude=0.5:sample_rate=44100",
    "aevalsrc=0.4*sin(2*PI*(200+100*t)*t)|0.4*sin(2*PI*(300+50*t)*t):s=44100",
    "sine=frequency=659.25:sample_rate=44100",
  ];
  return sources.map((source, index) => {
    const file = path.join(folder, `track-${index}.wav`);
    execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `${source}:duration=${SECONDS}`, "-ac", "2", "-ar", String(MIX_SAMPLE_RATE), "-c:a", "pcm_s16le", file]);
    return file;
  });
}

async function decodeAll(file: string): Promise<Float32Array> {
  const chunks: Float32Array[] = [];
  let length = 0;
  for await (const chunk of decodeStream(file)) {
    chunks.push(chunk);
    length += chunk.length;
  }
  const samples = new Float32Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    samples.set(chunk, offset);
    offset += chunk.length;
  }
  return samples;
}

/** CPU seconds (user + system) this process spends in `run`. */
function cpuSeconds(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** User + system CPU seconds of this process's finished children (ffmpeg), from /proc. */
async function childrenCpuSeconds(): Promise<number> {
  const stat = await readFile("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 16 and 17 of the full line (cutime, cstime) are 13 and 14 after the command name.
  const ticks = Number(fields[13]) + Number(fields[14]);
  return ticks / Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
}

function plainSum(tracks: Float32Array[]): Float32Array {
  const out = new Float32Array(tracks[0]!.length);
  for (const track of tracks) {
    for (let i = 0; i < out.length; i++) out[i]! += track[i]!;
  }
  return out;
}

/** The mixdown job's engine over samples already in memory: one block at a time, as it runs. */
function engine(tracks: Float32Array[], gains: number[]): { peak: number; clippedSamples: number } {
  const blockSamples = BLOCK_FRAMES * MIX_CHANNELS;
  const mix = new Float32Array(blockSamples);
  const pcm = new Uint8Array(blockSamples * 2);
  const loudness = { peak: 0, clippedSamples: 0 };
  const total = Math.max(...tracks.map((track) => track.length));
  for (let offset = 0; offset < total; offset += blockSamples) {
    const length = mixBlock(mix, tracks.map((track) => track.subarray(offset, offset + blockSamples)), gains);
    encodeMeasured(mix.subarray(0, length), pcm, loudness);
  }
  return loudness;
}

function best(runs: number[]): number {
  return Math.min(...runs);
}

const round = (value: number, digits = 4) => Number(value.toFixed(digits));

export async function benchAudio(): Promise<Record<string, BenchEntry>> {
  const folder = await mkdtemp(path.join(tmpdir(), "spike-bench-audio-"));
  try {
    const files = writeTracks(folder);
    const decodeStart = process.cpuUsage();
    const decodeChildren = await childrenCpuSeconds();
    const tracks = await Promise.all(files.map(decodeAll));
    const decodeUsage = process.cpuUsage(decodeStart);
    const decodeCpu = (decodeUsage.user + decodeUsage.system) / 1e6 + ((await childrenCpuSeconds()) - decodeChildren);
    const minutes = tracks[0]!.length / MIX_CHANNELS / MIX_SAMPLE_RATE / 60;

    const baselineRuns: number[] = [];
    const engineRuns: number[] = [];
    let loudness = { peak: 0, clippedSamples: 0 };
    // Taking turns, so both sides see the same machine.
    for (let i = 0; i < REPETITIONS; i++) {
      baselineRuns.push(cpuSeconds(() => void plainSum(tracks)));
      engineRuns.push(cpuSeconds(() => void (loudness = engine(tracks, GAINS))));
    }
    const baseline = best(baselineRuns) / minutes;
    const value = best(engineRuns) / minutes;

    // The whole render as the job does it: eight ffmpeg decoders, the engine, the WAV written to disk.
    const renderStart = process.cpuUsage();
    const renderChildren = await childrenCpuSeconds();
    const wallStart = performance.now();
    const rendered = await renderMixToFile(
      files.map((file, index) => ({ path: file, gain: GAINS[index]! })),
      path.join(folder, "mix.wav"),
    );
    const wall = (performance.now() - wallStart) / 1000;
    const renderUsage = process.cpuUsage(renderStart);
    const renderOwn = (renderUsage.user + renderUsage.system) / 1e6;
    const renderChildrenCpu = (await childrenCpuSeconds()) - renderChildren;

    return {
      "audio.mixdown": {
        value: round(value),
        unit: "CPU s per minute of audio",
        baseline: round(baseline),
        ratio: round(value / baseline, 3),
        detail: {
          tracks: TRACKS,
          secondsPerTrack: SECONDS,
          gains: GAINS,
          engineCpuSeconds: engineRuns.map((s) => round(s)),
          baselineCpuSeconds: baselineRuns.map((s) => round(s)),
          peak: round(loudness.peak),
          clippedSamples: loudness.clippedSamples,
          decodeCpuSecondsPerMinute: round(decodeCpu / minutes),
          renderJob: {
            cpuSecondsPerMinute: round((renderOwn + renderChildrenCpu) / minutes),
            nodeCpuSeconds: round(renderOwn),
            ffmpegCpuSeconds: round(renderChildrenCpu),
            wallSeconds: round(wall, 2),
            frames: rendered.frames,
          },
          baselineRecipe: "out[i] += track[i] over whole decoded buffers, no gains, no output written",
        },
      },
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
