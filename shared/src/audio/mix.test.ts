import { describe, expect, it } from "vitest";
import { effectiveGains, formatDb, isAudible, measure, mixInto, mixPlanar, mixSources, volumeToDb } from "./mix.ts";

const track = (volume: number, muted = false, solo = false) => ({ volume, muted, solo });

describe("solo and mute", () => {
  it("plays every unmuted track when nothing is soloed", () => {
    const tracks = [track(1), track(0.5, true), track(2)];
    expect(tracks.map((t) => isAudible(t, tracks))).toEqual([true, false, true]);
    expect(effectiveGains(tracks)).toEqual([1, 0, 2]);
  });

  it("plays only soloed tracks while any track is soloed", () => {
    const tracks = [track(1), track(0.5, false, true), track(0.8, false, true)];
    expect(effectiveGains(tracks)).toEqual([0, 0.5, 0.8]);
  });

  it("lets mute win over solo, and a muted solo still silences the others", () => {
    const tracks = [track(1), track(0.5, true, true)];
    expect(tracks.map((t) => isAudible(t, tracks))).toEqual([false, false]);
    expect(effectiveGains(tracks)).toEqual([0, 0]);
  });

  it("keeps volumes inside 0–2 when mixing", () => {
    expect(effectiveGains([track(5), track(-1), track(Number.NaN)])).toEqual([2, 0, 1]);
  });
});

describe("decibels", () => {
  it("reads unity as 0 dB, half as about -6 dB and silence as -∞", () => {
    expect(volumeToDb(1)).toBe(0);
    expect(formatDb(0.5)).toBe("-6.0 dB");
    expect(formatDb(2)).toBe("+6.0 dB");
    expect(formatDb(0)).toBe("-∞ dB");
  });
});

describe("summing", () => {
  it("adds each source times its gain, sample by sample", () => {
    const a = Float32Array.of(0.25, 0.25, 0.25, 0.25);
    const b = Float32Array.of(0.5, -0.5, 0.5, -0.5);
    const mixed = mixSources([
      { samples: a, gain: 1 },
      { samples: b, gain: 0.5 },
    ]);
    expect(Array.from(mixed)).toEqual([0.5, 0, 0.5, 0]);
  });

  it("runs as long as the longest source; shorter ones end in silence", () => {
    const mixed = mixSources([
      { samples: Float32Array.of(0.5, 0.5), gain: 1 },
      { samples: Float32Array.of(0.25, 0.25, 0.25), gain: 1 },
    ]);
    expect(Array.from(mixed)).toEqual([0.75, 0.75, 0.25]);
  });

  it("adds nothing for a silent source", () => {
    const out = Float32Array.of(0.1, 0.2);
    mixInto(out, Float32Array.of(0.9, 0.9), 0);
    expect(Array.from(out)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  });

  it("hears a mono track on both channels of a stereo mix", () => {
    const [left, right] = mixPlanar(
      [
        { channels: [Float32Array.of(0.5, 0.5)], gain: 1 },
        { channels: [Float32Array.of(0.25, 0), Float32Array.of(0, 0.25)], gain: 2 },
      ],
      2,
    );
    expect(Array.from(left!)).toEqual([1, 0.5]);
    expect(Array.from(right!)).toEqual([0.5, 1]);
  });

  it("reports the peak and how many samples will clip", () => {
    const mixed = mixSources([
      { samples: Float32Array.of(0.75, -0.75, 0.25), gain: 1 },
      { samples: Float32Array.of(0.5, -0.5, 0.25), gain: 1 },
    ]);
    expect(measure(mixed)).toEqual({ peak: 1.25, clippedSamples: 2 });
  });
});
