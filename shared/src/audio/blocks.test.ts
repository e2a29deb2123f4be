import { describe, expect, it } from "vitest";
import { encodeMeasured, mixBlock } from "./blocks.ts";
import { measure, mixSources } from "./mix.ts";
import { floatToPcm16 } from "./wav.ts";

describe("a mixdown block", () => {
  it("sums the heard sources at their gains and silences what follows the shorter ones", () => {
    const out = new Float32Array(4).fill(9);
    const length = mixBlock(out, [Float32Array.of(0.5, 0.5), Float32Array.of(0.25, 0.25, 0.25), Float32Array.of(1, 1, 1, 1)], [0.5, 1, 0]);
    expect(Array.from(out)).toEqual([0.5, 0.5, 0.25, 0]);
    // The muted source still runs to its end: the block is as long as the longest source.
    expect(length).toBe(4);
  });

  it("is silence when no source is heard", () => {
    const out = new Float32Array(3).fill(9);
    expect(mixBlock(out, [Float32Array.of(1, 1)], [0])).toBe(2);
    expect(Array.from(out)).toEqual([0, 0, 0]);
  });

  it("matches the plain mix, sample for sample, and encodes like the WAV writer", () => {
    const sources = [0.3, 0.7, -0.4].map((phase) => Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 10 + phase)));
    const gains = [1, 0.8, 1.5];
    const out = new Float32Array(1000);
    mixBlock(out, sources, gains);
    const plain = mixSources(sources.map((samples, i) => ({ samples, gain: gains[i]! })));
    for (let i = 0; i < 1000; i++) expect(out[i]).toBeCloseTo(plain[i]!, 6);
    const pcm = new Uint8Array(2000);
    const loudness = { peak: 0, clippedSamples: 0 };
    encodeMeasured(out, pcm, loudness);
    expect(pcm).toEqual(floatToPcm16(out));
    expect(loudness).toEqual(measure(out));
    expect(loudness.clippedSamples).toBeGreaterThan(0);
  });
});
