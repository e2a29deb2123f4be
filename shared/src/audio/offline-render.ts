/**
 * Renders a mix in the browser, faster than real time, with Tone.js's offline context: every track
 * through a gain at the volume the solo and mute rules give it (the same rules the player and the
 * server's mixdown follow), summed to stereo at the mixdown rate, then written as a 16-bit WAV.
 * Browser-only: it needs Web Audio.
 */
import * as Tone from "tone";
import { MIX_CHANNELS, MIX_SAMPLE_RATE } from "./formats.ts";
import { effectiveGains, measure, type Loudness, type TrackMixState } from "./mix.ts";
import { encodeWav } from "./wav.ts";

export type RenderTrack = TrackMixState & {
  /** The track's decoded audio (a mono track is heard on both channels). */
  readonly buffer: AudioBuffer;
};

export type RenderStage = "preparing" | "rendering" | "encoding" | "done";

/** Where a render has got to: `fraction` runs from 0 to 1 across all stages. */
export type RenderProgress = { readonly stage: RenderStage; readonly fraction: number };

export type RenderOptions = {
  sampleRate?: number;
  channels?: number;
  onProgress?: (progress: RenderProgress) => void;
};

export type RenderedMix = Loudness & {
  /** One buffer per output channel. */
  readonly channels: Float32Array[];
  readonly sampleRate: number;
  /** Seconds: the longest track's length. */
  readonly duration: number;
};

export type RenderedWav = Loudness & { readonly blob: Blob; readonly duration: number; readonly sampleRate: number };

// How the stages share the progress bar: the offline clock runs first, then the audio is rendered
// in one go (no progress inside it), then written out.
const PREPARED = 0.4;
const RENDERED = 0.9;

/** The mix as Float32 samples, one buffer per channel, with its peak and clipped-sample count. */
export async function renderMix(tracks: readonly RenderTrack[], options: RenderOptions = {}): Promise<RenderedMix> {
  const sampleRate = options.sampleRate ?? MIX_SAMPLE_RATE;
  const channelCount = options.channels ?? MIX_CHANNELS;
  const report = options.onProgress ?? (() => {});
  const duration = Math.max(0, ...tracks.map((track) => track.buffer.duration));
  if (duration <= 0) throw new Error("There is nothing to mix yet: add a track first.");
  const gains = effectiveGains(tracks);
  report({ stage: "preparing", fraction: 0 });
  let reported = 0;
  const rendered = await Tone.Offline(
    (context) => {
      tracks.forEach((track, index) => {
        const gain = gains[index] ?? 0;
        // A silent track adds nothing to the sum: leave it out rather than render it at 0.
        if (gain === 0) return;
        const amp = new Tone.Gain({ context, gain }).connect(context.destination);
        new Tone.Player({ context, url: new Tone.ToneAudioBuffer(track.buffer), fadeIn: 0, fadeOut: 0 }).connect(amp).start(0);
      });
      context.on("tick", () => {
        const fraction = Math.min(1, context.currentTime / duration) * PREPARED;
        // A tick comes every 128 samples; a percent is enough for a progress bar. The clock's last
        // tick is where the audio itself starts rendering.
        const last = context.currentTime + 128 / context.sampleRate > duration;
        if (last) report({ stage: "rendering", fraction: PREPARED });
        else if (fraction - reported >= 0.01) report({ stage: "preparing", fraction });
        else return;
        reported = fraction;
      });
    },
    duration,
    channelCount,
    sampleRate,
  );
  const audio = rendered.get();
  if (!audio) throw new Error("The mix could not be rendered.");
  const channels = Array.from({ length: channelCount }, (_, c) => {
    // Copies: the rendered buffer belongs to the offline context.
    const source = audio.getChannelData(Math.min(c, audio.numberOfChannels - 1));
    return new Float32Array(source);
  });
  const loudness: Loudness = { peak: 0, clippedSamples: 0 };
  for (const channel of channels) measure(channel, loudness);
  return { channels, sampleRate, duration: audio.duration, ...loudness };
}

/** The mix as a WAV file (16-bit PCM; samples beyond full scale are clipped). */
export async function renderMixToWav(tracks: readonly RenderTrack[], options: RenderOptions = {}): Promise<RenderedWav> {
  const report = options.onProgress ?? (() => {});
  const mix = await renderMix(tracks, options);
  report({ stage: "encoding", fraction: RENDERED });
  const bytes = encodeWav(mix.channels, mix.sampleRate);
  const blob = new Blob([bytes.buffer as ArrayBuffer], { type: "audio/wav" });
  report({ stage: "done", fraction: 1 });
  return { blob, duration: mix.duration, sampleRate: mix.sampleRate, peak: mix.peak, clippedSamples: mix.clippedSamples };
}
