/** Durations read from the headers of each format, on files made by ffmpeg (installed with the project's tools). */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
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
  encode("tone.webm", "-c:a", "libopus");
  // Written as a live stream, like a browser's recording: no duration in the header.
  encode("live.webm", "-c:a", "libopus", "-live", "1", "-f", "webm");
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
    ["tone.webm", "webm"],
  ])("reads the format and length of %s", async (name, format) => {
    const probe = await probeAudioFile(join(dir, name));
    expect(probe.format).toBe(format);
    // MP3 and AAC encoders add a frame or so of padding.
    expect(probe.duration).toBeGreaterThanOrEqual(2.49);
    expect(probe.duration).toBeLessThan(2.6);
  });

  it("reads the length of a WebM recording without a duration from where its last block starts", async () => {
    const probe = await probeAudioFile(join(dir, "live.webm"));
    expect(probe.format).toBe("webm");
    // The last Opus packet starts one packet (20 ms) before the end.
    expect(probe.duration).toBeGreaterThanOrEqual(2.45);
    expect(probe.duration).toBeLessThan(2.55);
  });

  it("says it does not know the length of a WebM cut short before its first block", async () => {
    const whole = await readFile(join(dir, "live.webm"));
    await writeFile(join(dir, "cut.webm"), whole.subarray(0, 300));
    const probe = await probeAudioFile(join(dir, "cut.webm"));
    expect(probe).toMatchObject({ format: "webm", duration: null });
  });
});
