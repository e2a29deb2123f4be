/**
 * The mix engine on real files: renderMixToFile against a sample-by-sample reference across block
 * boundaries, with inputs of different lengths, rates and channel counts; and the ffmpeg wrapper's
 * probe, decode check and its answer when ffmpeg is missing.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIX_SAMPLE_RATE } from "@spike-land/shared/audio/formats";
import { decodeWav, floatToPcm16 } from "@spike-land/shared/audio/wav";
import { BLOCK_FRAMES, renderMixToFile } from "./mixdown.server.ts";
import { AudioToolMissingError, decodedSeconds, decodeStream, probeAudio, setAudioTools } from "./ffmpeg.server.ts";
import { constantWav, encodedTone, wavOf } from "../../../test/audio.ts";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), "spike-mix-test-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function file(name: string, bytes: Buffer): Promise<string> {
  const target = path.join(folder, name);
  await writeFile(target, bytes);
  return target;
}

/** The 16-bit value a float becomes in the WAV, read back as a float (what decodeWav gives). */
function quantised(value: number): number {
  const pcm = new Int16Array(floatToPcm16(new Float32Array([value])).buffer);
  return pcm[0]! / 32768;
}

const STEP = 1 / 32768;

describe("renderMixToFile", () => {
  it("sums inputs of different lengths block by block, as the reference mix does sample by sample", async () => {
    // Varying samples, so a sample landing in the wrong block or channel would show.
    const longFrames = BLOCK_FRAMES * 3 + 1234;
    const shortFrames = Math.floor(BLOCK_FRAMES / 2) + 17;
    const sine = (frames: number, frequency: number, amplitude: number) =>
      Float32Array.from({ length: frames }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / MIX_SAMPLE_RATE));
    const ramp = (frames: number) => Float32Array.from({ length: frames }, (_, i) => -0.4 + (0.8 * i) / frames);
    const long = wavOf([sine(longFrames, 220, 0.5), ramp(longFrames)]);
    const short = wavOf([ramp(shortFrames), sine(shortFrames, 330, 0.3)]);
    const inputs = [
      { path: await file("long.wav", long), gain: 0.8 },
      { path: await file("short.wav", short), gain: 1.5 },
    ];
    const out = path.join(folder, "mix.wav");
    const result = await renderMixToFile(inputs, out);
    expect(result.frames).toBe(longFrames);
    expect(result.clippedSamples).toBe(0);

    const a = decodeWav(long).channels;
    const b = decodeWav(short).channels;
    const mixed = decodeWav(await readFile(out));
    expect(mixed).toMatchObject({ sampleRate: MIX_SAMPLE_RATE, bitsPerSample: 16 });
    expect(mixed.channels).toHaveLength(2);
    let worst = 0;
    let peak = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < longFrames; i++) {
        const expected = a[c]![i]! * 0.8 + (i < shortFrames ? b[c]![i]! * 1.5 : 0);
        peak = Math.max(peak, Math.abs(expected));
        worst = Math.max(worst, Math.abs(mixed.channels[c]![i]! - quantised(expected)));
      }
    }
    expect(worst).toBeLessThanOrEqual(STEP);
    expect(result.peak).toBeCloseTo(peak, 4);
  });

  it("counts and clips samples beyond full scale, keeping the peak before clipping", async () => {
    const seconds = 0.5;
    const frames = seconds * MIX_SAMPLE_RATE;
    const inputs = [
      { path: await file("a.wav", constantWav(seconds, 0.75, -0.75)), gain: 1 },
      { path: await file("b.wav", constantWav(seconds, 0.75, -0.25)), gain: 1 },
    ];
    const out = path.join(folder, "loud.wav");
    const result = await renderMixToFile(inputs, out);
    // Left 1.5 is clipped in every frame; right -1.0 is full scale, not beyond it.
    expect(result).toMatchObject({ frames, clippedSamples: frames });
    expect(result.peak).toBeCloseTo(1.5, 3);
    const mixed = decodeWav(await readFile(out)).channels;
    expect(mixed[0]![1000]).toBeCloseTo(32767 / 32768, 6);
    expect(mixed[1]![1000]).toBe(-1);
  });

  it("plays a mono input at full level on both sides and resamples other rates to the mix rate", async () => {
    const mono = wavOf([new Float32Array(22_050).fill(0.5)], 22_050); // one second at 22.05 kHz
    const out = path.join(folder, "mono-mix.wav");
    const result = await renderMixToFile([{ path: await file("mono.wav", mono), gain: 1 }], out);
    expect(Math.abs(result.frames - MIX_SAMPLE_RATE)).toBeLessThan(64);
    const mixed = decodeWav(await readFile(out)).channels;
    const middle = Math.floor(result.frames / 2);
    expect(mixed[0]![middle]).toBeCloseTo(0.5, 3);
    expect(mixed[1]![middle]).toBeCloseTo(0.5, 3);
  });

  it("decodes compressed inputs too, and writes an empty WAV for empty input", async () => {
    const mp3 = await file("tone.mp3", await encodedTone("mp3", 1));
    const result = await renderMixToFile([{ path: mp3, gain: 0.5 }], path.join(folder, "tone-mix.wav"));
    expect(Math.abs(result.frames / MIX_SAMPLE_RATE - 1)).toBeLessThan(0.06);
    // ffmpeg's tone is at 1/8 of full scale, 3 dB down on each side of the stereo file.
    expect(result.peak).toBeGreaterThan(0.03);
    const empty = await renderMixToFile([], path.join(folder, "empty.wav"));
    expect(empty).toEqual({ frames: 0, peak: 0, clippedSamples: 0 });
    expect(decodeWav(await readFile(path.join(folder, "empty.wav"))).channels[0]).toHaveLength(0);
  });

  it("fails when an input cannot be decoded", async () => {
    const bad = await file("bad.wav", Buffer.from("RIFF....WAVEnot really"));
    const good = await file("good.wav", constantWav(1, 0.1));
    await expect(renderMixToFile([{ path: good, gain: 1 }, { path: bad, gain: 1 }], path.join(folder, "bad-mix.wav"))).rejects.toMatchObject({ status: 422 });
  });
});

describe("the ffmpeg wrapper", () => {
  it("probes a file or bytes and measures what decodes", async () => {
    const flac = await encodedTone("flac", 1.25, { sampleRate: 48_000 });
    expect(await probeAudio(flac)).toEqual({ durationSeconds: 1.25, codec: "flac", channels: 2, sampleRate: 48_000 });
    const target = await file("tone.flac", flac);
    expect(await decodedSeconds(target, { maxSeconds: 10 })).toBeCloseTo(1.25, 2);
    expect(await decodedSeconds(target, { maxSeconds: 0.5 })).toBeCloseTo(0.5, 2);
    let samples = 0;
    for await (const chunk of decodeStream(target)) {
      expect(chunk.length % 2).toBe(0);
      samples += chunk.length;
    }
    expect(samples / 2).toBeCloseTo(1.25 * MIX_SAMPLE_RATE, -2);
  });

  it("says to install ffmpeg when it is missing", async () => {
    setAudioTools({ ffprobe: "/nonexistent/ffprobe", ffmpeg: "/nonexistent/ffmpeg" });
    try {
      const error = await probeAudio(constantWav(0.1, 0.1)).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(AudioToolMissingError);
      expect(error).toMatchObject({ status: 503 });
      expect((error as Error).message).toMatch(/ffprobe is not installed\. Install ffmpeg/);
      const decoding = decodeStream(await file("x.wav", constantWav(0.1, 0.1)), { channels: 2 });
      await expect(decoding.next()).rejects.toBeInstanceOf(AudioToolMissingError);
    } finally {
      setAudioTools({ ffprobe: "ffprobe", ffmpeg: "ffmpeg" });
    }
  });
});
