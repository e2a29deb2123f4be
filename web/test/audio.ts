/**
 * Audio for tests, made at test time: WAVs of known sample values (encodeWav), and real MP3, OGG,
 * FLAC, WebM and M4A files encoded by ffmpeg. Also an ApiClient whose fetch calls the app's audio
 * routes (and /files/ for signed links) directly, so tests go through the shared client and contract.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ApiClient } from "@spike-land/shared/api/client";
import { encodeWav } from "@spike-land/shared/audio/wav";
import * as projectsRoute from "../app/routes/api.v1.audio.projects.tsx";
import * as projectRoute from "../app/routes/api.v1.audio.projects.$id.tsx";
import * as tracksRoute from "../app/routes/api.v1.audio.projects.$id.tracks.tsx";
import * as mixdownsRoute from "../app/routes/api.v1.audio.projects.$id.mixdowns.tsx";
import * as trackRoute from "../app/routes/api.v1.audio.tracks.$id.tsx";
import * as trackFileRoute from "../app/routes/api.v1.audio.tracks.$id.file.tsx";
import * as mixdownRoute from "../app/routes/api.v1.audio.mixdowns.$id.tsx";
import * as filesRoute from "../app/routes/files.$.tsx";
import { APP_URL, routeArgs } from "./request.ts";

const run = promisify(execFile);

export const RATE = 44_100;

/** A 16-bit stereo WAV holding constant values: `left` and `right` (default: the same) for `seconds`. */
export function constantWav(seconds: number, left: number, right = left, sampleRate = RATE): Buffer {
  const frames = Math.round(seconds * sampleRate);
  return Buffer.from(encodeWav([new Float32Array(frames).fill(left), new Float32Array(frames).fill(right)], sampleRate));
}

/** A 16-bit WAV of the given channels (one Float32Array each). */
export function wavOf(channels: Float32Array[], sampleRate = RATE): Buffer {
  return Buffer.from(encodeWav(channels, sampleRate));
}

export type EncodedFormat = "mp3" | "ogg" | "flac" | "webm" | "m4a" | "wav";

/** A stereo sine tone encoded by ffmpeg in the format its extension names. */
export async function encodedTone(format: EncodedFormat, seconds: number, options: { sampleRate?: number; frequency?: number } = {}): Promise<Buffer> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "spike-test-audio-"));
  try {
    const file = path.join(folder, `tone.${format}`);
    const source = `sine=frequency=${options.frequency ?? 440}:sample_rate=${options.sampleRate ?? RATE}:duration=${seconds}`;
    await run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", source, "-ac", "2", file]);
    return await readFile(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Silence of any length, cheaply: mono 8 kHz MP3 at a low bit rate. */
export async function longSilenceMp3(seconds: number): Promise<Buffer> {
  const folder = await mkdtemp(path.join(os.tmpdir(), "spike-test-audio-"));
  try {
    const file = path.join(folder, "silence.mp3");
    await run("ffmpeg", ["-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", String(seconds), "-b:a", "8k", file]);
    return await readFile(file);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

type RouteModule = { loader?: (args: ReturnType<typeof routeArgs>) => unknown; action?: (args: ReturnType<typeof routeArgs>) => unknown };

const ROUTES: Array<[RegExp, RouteModule, string]> = [
  [/^\/api\/v1\/audio\/projects$/, projectsRoute, "id"],
  [/^\/api\/v1\/audio\/projects\/([^/]+)$/, projectRoute, "id"],
  [/^\/api\/v1\/audio\/projects\/([^/]+)\/tracks$/, tracksRoute, "id"],
  [/^\/api\/v1\/audio\/projects\/([^/]+)\/mixdowns$/, mixdownsRoute, "id"],
  [/^\/api\/v1\/audio\/tracks\/([^/]+)$/, trackRoute, "id"],
  [/^\/api\/v1\/audio\/tracks\/([^/]+)\/file$/, trackFileRoute, "id"],
  [/^\/api\/v1\/audio\/mixdowns\/([^/]+)$/, mixdownRoute, "id"],
  [/^\/files\/(.+)$/, filesRoute, "*"],
];

/** A fetch that hands the request to the matching route's loader (GET, HEAD) or action, as Remix does. */
export async function appFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  request.headers.set("x-client-ip", "203.0.113.9");
  const pathname = new URL(request.url).pathname;
  for (const [pattern, route, param] of ROUTES) {
    const match = pattern.exec(pathname);
    if (!match) continue;
    const params: Record<string, string> = match[1] === undefined ? {} : { [param]: decodeURIComponent(match[1]) };
    const handler = request.method === "GET" || request.method === "HEAD" ? route.loader : route.action;
    if (!handler) return new Response("no handler", { status: 405 });
    try {
      return (await handler(routeArgs(request, params))) as Response;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      // The client reports a failed fetch as a network error; show the real one.
      console.error(thrown);
      throw thrown;
    }
  }
  return new Response("no such route", { status: 404 });
}

export function audioClient(token: string | null): ApiClient {
  return new ApiClient({ baseUrl: APP_URL, token, fetch: appFetch as typeof fetch });
}
