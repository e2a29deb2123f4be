/** Durations read from the headers of each format, on files made by ffmpeg (installed with the project's tools). */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeAudioFile } from "./probe.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "spike-land-probe-"));
  execFileSync("ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2.5", "-ar", "22050", join(dir, "tone.wav")]);
  const encode = (name: string, ...args: string[]) => execFileSync("ffmpeg", ["-loglevel", "error", "-i", join(dir, "tone.wav"), ...args, join(dir, name)]);
  encode("tone.flac");
  encode("cbr.mp3", "-c:a", "libmp3lame", "-b:a", "64k");
  encode("vbr.mp3", "-c:a", "libmp3lame", "-q:a", "5");
  encode("tone.ogg", "-c:a", "libvorbis");
  encode("opus.ogg", "-c:a", "libopus");
  encode("tone.m4a", "-c:a", "aac");
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("audio file probe", () => {
  it.each([
    ["tone.wav", "wav"],
    ["tone.flac", "flac"],
    ["cbr.mp3", "mp3"],
    ["vbr.mp3", "mp3"],
    ["tone.ogg", "ogg"],
    ["opus.ogg", "ogg"],
    ["tone.m4a", "m4a"],
  ])("reads the format and length of %s", async (name, format) => {
    const probe = await probeAudioFile(join(dir, name));
    expect(probe.format).toBe(format);
    // MP3 and AAC encoders add a frame or so of padding.
    expect(probe.duration).toBeGreaterThanOrEqual(2.49);
    expect(probe.duration).toBeLessThan(2.6);
  });
});
