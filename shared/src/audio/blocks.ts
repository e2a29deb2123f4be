/**
 * One block of a mixdown, as the server renders it: the heard sources summed at their gains, then
 * written as 16-bit PCM while the peak and clipping are measured, in as few passes over the samples
 * as possible. Blocks are small enough to stay in the CPU cache between the passes.
 */
import { mixInto, type Loudness } from "./mix.ts";

/**
 * Sums `sources[i] × gains[i]` into `out` (every source shares out's layout). The first heard source
 * is copied rather than added to zeros; samples past the end of every source are silence. Returns how
 * many samples of `out` hold the mix (the longest heard source, at most out.length).
 */
export function mixBlock(out: Float32Array, sources: readonly Float32Array[], gains: readonly number[]): number {
  let length = 0;
  let first = true;
  for (let s = 0; s < sources.length; s++) {
    const gain = gains[s] ?? 0;
    const source = sources[s]!;
    if (gain === 0 || source.length === 0) continue;
    const n = Math.min(out.length, source.length);
    if (first) {
      if (gain === 1) out.set(source.subarray(0, n));
      else for (let i = 0; i < n; i++) out[i] = source[i]! * gain;
      out.fill(0, n);
      first = false;
    } else {
      mixInto(out, source, gain);
    }
    if (n > length) length = n;
  }
  if (first) out.fill(0);
  // Tracks with nothing to add still run to their end as silence.
  for (const source of sources) length = Math.max(length, Math.min(out.length, source.length));
  return length;
}

/**
 * Writes samples as 16-bit little-endian PCM into `pcm` (2 bytes each), clipping to full scale, and
 * adds the block's peak and clipped-sample count to `loudness`: one pass for both.
 */
export function encodeMeasured(samples: Float32Array, pcm: Uint8Array, loudness: Loudness): void {
  const out = new Int16Array(pcm.buffer, pcm.byteOffset, samples.length);
  let peak = loudness.peak;
  let clipped = loudness.clippedSamples;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    if (value >= 0) {
      if (value > peak) peak = value;
      if (value > 1) clipped++;
      out[i] = value >= 1 ? 32767 : Math.round(value * 32767);
    } else if (value < 0) {
      if (-value > peak) peak = -value;
      if (value < -1) clipped++;
      out[i] = value <= -1 ? -32768 : Math.round(value * 32768);
    } else {
      out[i] = 0; // NaN
    }
  }
  loudness.peak = peak;
  loudness.clippedSamples = clipped;
}
