/**
 * Reading audio files with Debian's ffmpeg and ffprobe (docs/decisions/014): what a file holds
 * (probe), whether all of it decodes and how long it really is, and its samples as interleaved
 * stereo float at the mix rate, streamed. The tools run as child processes with argument arrays
 * (never a shell) and time limits; a missing tool is a 503 that says to install ffmpeg.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DomainError } from "@spike-land/shared/errors";
import { MIX_CHANNELS, MIX_SAMPLE_RATE } from "@spike-land/shared/audio/formats";
import { SECOND_MS } from "@spike-land/shared/time";

/** The programs to run; tests point them elsewhere to see what happens without them. */
const tools = { ffmpeg: "ffmpeg", ffprobe: "ffprobe" };

export function setAudioTools(paths: Partial<typeof tools>): void {
  Object.assign(tools, paths);
}

const PROBE_TIMEOUT_MS = 20 * SECOND_MS;
const DECODE_CHECK_TIMEOUT_MS = 3 * 60 * SECOND_MS;
/** ffprobe's JSON for one file is small; anything past this is not what we asked for. */
const MAX_PROBE_OUTPUT_BYTES = 1024 * 1024;
const MAX_STDERR_CHARS = 4000;
const BYTES_PER_FRAME = MIX_CHANNELS * Float32Array.BYTES_PER_ELEMENT;

export class AudioToolMissingError extends DomainError {
  constructor(tool: string) {
    super(
      503,
      `Audio files cannot be read on this server because ${tool} is not installed. ` +
        "Install ffmpeg (on Debian or Ubuntu: sudo apt-get install ffmpeg; the project's npm scripts install it when it is missing), then try again.",
    );
  }
}

/** A file the decoder refuses: always "We could not read this audio file: <why>". */
export class AudioDecodeError extends DomainError {
  constructor(reason: string) {
    super(422, `We could not read this audio file: ${reason}`);
  }
}

export type AudioProbe = {
  /** From the file's headers; null when the file does not say (a recording still being written, say). */
  durationSeconds: number | null;
  codec: string;
  channels: number;
  sampleRate: number;
};

type RunResult = { code: number | null; stdout: Buffer; stderr: string; timedOut: boolean };

function isMissingProgram(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
}

/** Runs a tool to the end with a time limit; the output is kept up to `maxStdout` bytes. */
function runTool(tool: keyof typeof tools, args: string[], options: { timeoutMs: number; maxStdout: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tools[tool], args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes <= options.maxStdout) stdout.push(chunk);
      else child.kill("SIGKILL");
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += chunk;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(isMissingProgram(error) ? new AudioToolMissingError(tools[tool]) : error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr, timedOut });
    });
  });
}

/** ffmpeg's own words for a failure, without the file's path, as the end of a sentence. */
function describeFailure(stderr: string, file: string): string {
  const lines = stderr
    .split("\n")
    .map((line) => line.replaceAll(`file:${file}`, "").replaceAll(file, "").replace(/^\[[^\]]*\]\s*/, "").replace(/^:\s*/, "").trim())
    .filter(Boolean);
  const text = lines.join(" ");
  if (/end of file|moov atom not found|truncat/i.test(text)) return "it ends too early (it may be cut short or damaged).";
  const last = lines.at(-1);
  return last ? `it is damaged or in an encoding we cannot decode (${last.slice(0, 200)}).` : "it is damaged or in an encoding we cannot decode.";
}

/** The path as ffmpeg's file protocol, so a name can never be taken for another protocol or an option. */
function fileArgument(file: string): string {
  return `file:${path.resolve(file)}`;
}

async function withTempFile<T>(bytes: Uint8Array, use: (file: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "spike-audio-"));
  try {
    const file = path.join(folder, "input");
    await writeFile(file, bytes);
    return await use(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

type ProbeJson = {
  format?: { duration?: string };
  streams?: Array<{ codec_type?: string; codec_name?: string; channels?: number; sample_rate?: string; duration?: string }>;
};

function seconds(value: string | undefined): number | null {
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
}

/** What an audio file holds, from its headers (ffprobe). Throws AudioDecodeError when it is no audio file ffprobe can open. */
export async function probeAudio(input: string | Uint8Array): Promise<AudioProbe> {
  if (typeof input !== "string") return withTempFile(input, (file) => probeAudio(file));
  const file = path.resolve(input);
  const result = await runTool("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", fileArgument(file)], {
    timeoutMs: PROBE_TIMEOUT_MS,
    maxStdout: MAX_PROBE_OUTPUT_BYTES,
  });
  if (result.timedOut) throw new AudioDecodeError("reading it took too long.");
  if (result.code !== 0) throw new AudioDecodeError(describeFailure(result.stderr, file));
  let json: ProbeJson;
  try {
    json = JSON.parse(result.stdout.toString("utf8")) as ProbeJson;
  } catch {
    throw new AudioDecodeError("it is damaged or in an encoding we cannot decode.");
  }
  const stream = json.streams?.find((candidate) => candidate.codec_type === "audio");
  if (!stream) throw new AudioDecodeError("it holds no audio.");
  return {
    durationSeconds: seconds(json.format?.duration) ?? seconds(stream.duration),
    codec: stream.codec_name ?? "unknown",
    channels: stream.channels ?? 0,
    sampleRate: Number(stream.sample_rate) || 0,
  };
}

/**
 * Decodes the whole audio stream (to nowhere) and answers how many seconds of it decoded, up to
 * `maxSeconds`: the length a player will really play, whatever the headers claim. A file ffmpeg
 * gives up on is an AudioDecodeError.
 */
export async function decodedSeconds(file: string, options: { maxSeconds: number }): Promise<number> {
  const resolved = path.resolve(file);
  const result = await runTool(
    "ffmpeg",
    ["-v", "error", "-nostdin", "-nostats", "-i", fileArgument(resolved), "-map", "0:a:0", "-t", String(options.maxSeconds), "-f", "null", "-progress", "pipe:1", "-"],
    { timeoutMs: DECODE_CHECK_TIMEOUT_MS, maxStdout: MAX_PROBE_OUTPUT_BYTES },
  );
  if (result.timedOut) throw new AudioDecodeError("decoding it took too long.");
  if (result.code !== 0) throw new AudioDecodeError(describeFailure(result.stderr, resolved));
  const times = [...result.stdout.toString("utf8").matchAll(/^out_time_us=(\d+)$/gm)];
  const micros = Number(times.at(-1)?.[1] ?? 0);
  return micros / 1_000_000;
}

/** ffmpeg's arguments that turn any input into interleaved stereo float at the mix rate. */
function stereoArguments(channels: number): string[] {
  // ffmpeg's own upmix puts a mono track 3 dB down on each side; a mixer (and the browser) plays it at full level on both.
  const layout = channels === 1 ? ["-af", "pan=stereo|c0=c0|c1=c0"] : ["-ac", String(MIX_CHANNELS)];
  return [...layout, "-ar", String(MIX_SAMPLE_RATE), "-f", "f32le"];
}

/**
 * The file's audio as interleaved stereo Float32 samples at MIX_SAMPLE_RATE, in chunks of whole
 * frames, as ffmpeg produces them. Reading is pulled: ffmpeg waits while the consumer does, so
 * memory stays at a chunk or two. Stopping early ends the decoder.
 */
export async function* decodeStream(file: string, options: { channels?: number } = {}): AsyncGenerator<Float32Array, void, undefined> {
  const resolved = path.resolve(file);
  const channels = options.channels ?? (await probeAudio(resolved)).channels;
  const child = spawn(tools.ffmpeg, ["-v", "error", "-nostdin", "-i", fileArgument(resolved), "-map", "0:a:0", ...stereoArguments(channels), "pipe:1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < MAX_STDERR_CHARS) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", (error) => reject(isMissingProgram(error) ? new AudioToolMissingError(tools.ffmpeg) : error));
    child.on("close", (code) => resolve(code));
  });
  // Keep the promise from being reported as unhandled while the samples are read.
  exited.catch(() => undefined);
  let finished = false;
  try {
    let carry = Buffer.alloc(0);
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const whole = bytes.length - (bytes.length % BYTES_PER_FRAME);
      carry = Buffer.from(bytes.subarray(whole));
      if (whole === 0) continue;
      // A copy into its own buffer: aligned for Float32Array, and free of the pipe's pooled memory.
      const samples = new Float32Array(whole / Float32Array.BYTES_PER_ELEMENT);
      new Uint8Array(samples.buffer).set(bytes.subarray(0, whole));
      yield samples;
    }
    const code = await exited;
    finished = true;
    if (code !== 0) throw new AudioDecodeError(describeFailure(stderr, resolved));
  } finally {
    if (!finished && child.exitCode === null) child.kill("SIGKILL");
  }
}
