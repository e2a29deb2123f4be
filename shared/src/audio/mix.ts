/**
 * The mix model both front doors and the server share: which tracks are heard (mute and solo), how
 * loud, and the summing engine. The engine works on Float32 sample buffers, interleaved or one per
 * channel; clipping is counted here and applied when the mix is written (see wav.ts).
 */

/** Track volume is a linear gain: 0 is silent, 1 leaves the track as recorded, 2 is +6 dB. */
export const MIN_VOLUME = 0;
export const MAX_VOLUME = 2;
export const DEFAULT_VOLUME = 1;

export type TrackMixState = { readonly volume: number; readonly muted: boolean; readonly solo: boolean };

/** True when at least one track is soloed: then only soloed tracks are heard. */
export function anySoloed(tracks: readonly TrackMixState[]): boolean {
  return tracks.some((track) => track.solo);
}

/**
 * Solo and mute, as in a mixing desk: while any track is soloed only the soloed tracks play; mute
 * always wins, so a track that is both soloed and muted is silent (and still keeps the others quiet).
 */
export function isAudible(track: TrackMixState, tracks: readonly TrackMixState[]): boolean {
  if (track.muted) return false;
  return !anySoloed(tracks) || track.solo;
}

/** The gain each track is mixed at, in the same order: its volume when heard, else 0. */
export function effectiveGains(tracks: readonly TrackMixState[]): number[] {
  const soloing = anySoloed(tracks);
  return tracks.map((track) => (track.muted || (soloing && !track.solo) ? 0 : clampVolume(track.volume)));
}

export function clampVolume(volume: number): number {
  if (!Number.isFinite(volume)) return DEFAULT_VOLUME;
  return Math.min(MAX_VOLUME, Math.max(MIN_VOLUME, volume));
}

/** Volume as decibels for a fader readout (and for Web Audio nodes that take dB); silent is -Infinity. */
export function volumeToDb(volume: number): number {
  return volume <= 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(volume);
}

/** "0.0 dB", "-6.0 dB", "-∞ dB". */
export function formatDb(volume: number): string {
  const db = volumeToDb(volume);
  if (db === Number.NEGATIVE_INFINITY) return "-∞ dB";
  const rounded = Math.round(db * 10) / 10;
  return `${rounded > 0 ? "+" : ""}${rounded.toFixed(1)} dB`;
}

/**
 * Adds `source × gain` into `out`, sample by sample, over the shorter of the two. The inner loop of
 * every mix: a gain of 0 adds nothing and costs nothing, a gain of 1 skips the multiply.
 */
export function mixInto(out: Float32Array, source: Float32Array, gain: number): void {
  if (gain === 0) return;
  const n = Math.min(out.length, source.length);
  if (gain === 1) {
    for (let i = 0; i < n; i++) out[i]! += source[i]!;
  } else {
    for (let i = 0; i < n; i++) out[i]! += source[i]! * gain;
  }
}

export type MixSource = { readonly samples: Float32Array; readonly gain: number };

/**
 * Sums sources that share one layout (the same channel count, interleaved the same way) into a new
 * buffer as long as the longest source. Shorter sources simply end (silence after them).
 */
export function mixSources(sources: readonly MixSource[], length = Math.max(0, ...sources.map((s) => s.samples.length))): Float32Array {
  const out = new Float32Array(length);
  for (const source of sources) mixInto(out, source.samples, source.gain);
  return out;
}

export type PlanarTrack = {
  /** One buffer per channel; a mono track is heard on every output channel. */
  readonly channels: readonly Float32Array[];
  readonly gain: number;
};

/** The planar form (as Web Audio and decoders hand it over): one output buffer per channel. */
export function mixPlanar(tracks: readonly PlanarTrack[], channelCount: number): Float32Array[] {
  const frames = Math.max(0, ...tracks.map((track) => Math.max(0, ...track.channels.map((channel) => channel.length))));
  const out = Array.from({ length: channelCount }, () => new Float32Array(frames));
  for (const track of tracks) {
    if (track.channels.length === 0) continue;
    for (let c = 0; c < channelCount; c++) {
      const source = track.channels[Math.min(c, track.channels.length - 1)]!;
      mixInto(out[c]!, source, track.gain);
    }
  }
  return out;
}

export type Loudness = { peak: number; clippedSamples: number };

/** The loudest sample (absolute) and how many samples are beyond full scale and will be clipped. */
export function measure(samples: Float32Array, into: Loudness = { peak: 0, clippedSamples: 0 }): Loudness {
  let peak = into.peak;
  let clipped = into.clippedSamples;
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    const magnitude = value < 0 ? -value : value;
    if (magnitude > peak) peak = magnitude;
    if (magnitude > 1) clipped++;
  }
  into.peak = peak;
  into.clippedSamples = clipped;
  return into;
}
