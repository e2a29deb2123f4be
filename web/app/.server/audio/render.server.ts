/**
 * The mix engine of a mixdown: files in, one 16-bit stereo WAV out. Every input is decoded by its
 * own ffmpeg at once; the mix is made block by block (each decoder is read one block ahead, the
 * block summed with the shared `mixBlock`, then written as PCM while its peak and clipping are
 * measured with `encodeMeasured`), so memory stays at a few blocks however long the inputs are.
 * The WAV's header is written first with no length and patched at the end.
 */
import { open } from "node:fs/promises";
import { encodeMeasured, mixBlock } from "@spike-land/shared/audio/blocks";
import { MIX_CHANNELS, MIX_SAMPLE_RATE } from "@spike-land/shared/audio/formats";
import type { Loudness } from "@spike-land/shared/audio/mix";
import { WAV_HEADER_BYTES, wavHeader } from "@spike-land/shared/audio/wav";
import { decodeStream } from "./ffmpeg.server.ts";

/** Frames per block: 16384 stereo frames are 128 KB of float per input, about a third of a second. */
export const BLOCK_FRAMES = 16_384;

export type MixInput = { path: string; gain: number };
export type RenderedMix = { frames: number; peak: number; clippedSamples: number };

/** Hands out a decoder's samples in blocks of exactly the size asked for (less only at its end). */
class BlockReader {
  private pending: Float32Array = new Float32Array(0);
  private ended = false;

  constructor(private readonly source: AsyncGenerator<Float32Array, void, undefined>) {}

  /** Fills `into` from the start; answers how many samples it holds. */
  async read(into: Float32Array): Promise<number> {
    let filled = 0;
    while (filled < into.length) {
      if (this.pending.length === 0) {
        if (this.ended) break;
        const next = await this.source.next();
        if (next.done) {
          this.ended = true;
          break;
        }
        this.pending = next.value;
      }
      const count = Math.min(into.length - filled, this.pending.length);
      into.set(this.pending.subarray(0, count), filled);
      this.pending = this.pending.subarray(count);
      filled += count;
    }
    return filled;
  }

  /** Ends the decoder if it is still running. */
  async close(): Promise<void> {
    await this.source.return(undefined);
  }
}

/**
 * Mixes the inputs (any format ffmpeg reads) at their gains into a 16-bit PCM stereo WAV at the
 * mix rate, as long as the longest input. Samples beyond full scale are clipped in the file and
 * counted; `peak` is the loudest sample before clipping.
 */
export async function renderMixToFile(inputs: readonly MixInput[], outPath: string): Promise<RenderedMix> {
  const blockSamples = BLOCK_FRAMES * MIX_CHANNELS;
  const readers = inputs.map((input) => new BlockReader(decodeStream(input.path)));
  const buffers = inputs.map(() => new Float32Array(blockSamples));
  const gains = inputs.map((input) => input.gain);
  const mix = new Float32Array(blockSamples);
  const pcm = new Uint8Array(blockSamples * 2);
  const loudness: Loudness = { peak: 0, clippedSamples: 0 };
  let frames = 0;
  const file = await open(outPath, "w");
  try {
    // The sizes are not known yet: the header is written again at the end.
    await file.write(wavHeader(0, MIX_CHANNELS, MIX_SAMPLE_RATE), 0, WAV_HEADER_BYTES, 0);
    let position = WAV_HEADER_BYTES;
    for (;;) {
      const counts = await Promise.all(readers.map((reader, index) => reader.read(buffers[index]!)));
      const samples = mixBlock(
        mix,
        buffers.map((buffer, index) => buffer.subarray(0, counts[index])),
        gains,
      );
      if (samples === 0) break;
      encodeMeasured(mix.subarray(0, samples), pcm, loudness);
      await file.write(pcm, 0, samples * 2, position);
      position += samples * 2;
      frames += samples / MIX_CHANNELS;
    }
    await file.write(wavHeader(frames, MIX_CHANNELS, MIX_SAMPLE_RATE), 0, WAV_HEADER_BYTES, 0);
  } finally {
    await file.close();
    await Promise.allSettled(readers.map((reader) => reader.close()));
  }
  return { frames, peak: loudness.peak, clippedSamples: loudness.clippedSamples };
}
