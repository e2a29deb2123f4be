/** Waveform peaks on the mix's time line, and how the mixer writes times and sizes. */
import { describe, expect, it } from "vitest";
import { computePeaks } from "./peaks.ts";
import { formatClock, formatStorage } from "./format.ts";

/** Just what computePeaks reads of an AudioBuffer. */
function buffer(channels: Float32Array[], sampleRate: number): AudioBuffer {
  const length = channels[0]!.length;
  return { sampleRate, length, duration: length / sampleRate, numberOfChannels: channels.length, getChannelData: (c: number) => channels[c]! } as unknown as AudioBuffer;
}

describe("computePeaks", () => {
  it("takes the loudest sample of each slice across channels, and is silent after a track shorter than the mix", () => {
    const rate = 1000;
    const left = new Float32Array(rate).fill(0.25);
    const right = new Float32Array(rate).fill(-0.5);
    left[10] = 0.9;
    const peaks = computePeaks(buffer([left, right], rate), 2);
    expect(peaks.duration).toBe(2);
    expect(peaks.values.length).toBe(400);
    // 200 slices a second: 5 samples each.
    expect(peaks.values[2]).toBeCloseTo(0.9, 5);
    expect(peaks.values[3]).toBeCloseTo(0.5, 5);
    expect(peaks.values[199]).toBeCloseTo(0.5, 5);
    expect([...peaks.values.subarray(200)].every((value) => value === 0)).toBe(true);
  });

  it("spans the track itself when it is the longest, and caps the slices for long tracks", () => {
    const rate = 100;
    const long = new Float32Array(rate * 60).fill(2);
    const peaks = computePeaks(buffer([long], rate), 10);
    expect(peaks.duration).toBe(60);
    expect(peaks.values.length).toBe(6000);
    expect(Math.max(...peaks.values)).toBe(1);
  });
});

describe("formats", () => {
  it("writes the playhead with tenths and sizes with their unit kept together", () => {
    expect(formatClock(0)).toBe("0:00.0");
    expect(formatClock(7.46)).toBe("0:07.4");
    expect(formatClock(125.25)).toBe("2:05.2");
    expect(formatClock(Number.NaN)).toBe("0:00.0");
    expect(formatStorage(512)).toBe("512\u00a0B");
    expect(formatStorage(176_444)).toBe("172\u00a0KB");
    expect(formatStorage(120 * 1024 * 1024)).toBe("120\u00a0MB");
    expect(formatStorage(2 * 1024 ** 3)).toBe("2\u00a0GB");
  });
});
