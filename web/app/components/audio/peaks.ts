/**
 * A track's waveform as the mixer draws it: the loudest sample in each slice of time, on the mix's
 * time line (a track shorter than the mix is silent after its end), so every waveform on the page
 * lines up with the others and with the one playhead.
 */

export type Peaks = {
  /** One value per slice, from 0 to 1 (all channels together). */
  readonly values: Float32Array;
  /** Seconds the values span: the mix's length. */
  readonly duration: number;
};

/** Enough slices for a wide screen, and no more than the audio has. */
const SLICES_PER_SECOND = 200;
const MAX_SLICES = 6000;

export function computePeaks(buffer: AudioBuffer, mixDuration: number): Peaks {
  const duration = Math.max(mixDuration, buffer.duration, 0.001);
  const slices = Math.max(1, Math.min(MAX_SLICES, Math.ceil(duration * SLICES_PER_SECOND)));
  const values = new Float32Array(slices);
  const framesPerSlice = (duration * buffer.sampleRate) / slices;
  const channels = Array.from({ length: buffer.numberOfChannels }, (_, c) => buffer.getChannelData(c));
  for (let slice = 0; slice < slices; slice++) {
    const start = Math.floor(slice * framesPerSlice);
    if (start >= buffer.length) break;
    const end = Math.min(buffer.length, Math.floor((slice + 1) * framesPerSlice));
    let peak = 0;
    for (const channel of channels) {
      for (let i = start; i < end; i++) {
        const value = channel[i]!;
        const magnitude = value < 0 ? -value : value;
        if (magnitude > peak) peak = magnitude;
      }
    }
    values[slice] = Math.min(1, peak);
  }
  return { values, duration };
}
