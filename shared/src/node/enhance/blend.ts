/**
 * Blend ("mix") jobs: the enhanced picture takes on the colour character of a second image. A
 * Reinhard-style transfer in CIELAB — each channel's mean and spread moved towards the source's —
 * at a moderate strength, so the palette shifts while the subject stays recognisable. The transfer
 * is a per-channel linear map, so it runs as one libvips `linear` in a Lab pipeline.
 */
import type { JpegOptions, Sharp } from "sharp";
import { sharp } from "./sharp.ts";

/** How far the picture moves towards the source's palette (0 = not at all, 1 = fully). */
export const BLEND_STRENGTH = 0.6;
/** Lightness moves only this share of the strength, so the enhancement's exposure fix is kept. */
const LIGHTNESS_SHARE = 0.5;
/** Spreads are scaled by at most this factor either way (a flat grey must not explode into noise). */
const MAX_SPREAD_RATIO = 2.5;
/** Statistics are measured on a copy whose longest edge is at most this. */
const STATS_EDGE = 256;

/** Mean and standard deviation of L*, a* and b*. */
export type LabStats = { mean: [number, number, number]; stdev: [number, number, number] };

/** Measures the Lab statistics of an encoded image (or raw pixels, given their layout). */
export async function labStats(input: Buffer | Sharp): Promise<LabStats> {
  const pipeline = Buffer.isBuffer(input) ? sharp(input, { failOn: "none" }).autoOrient() : input;
  const { data, info } = await pipeline
    .flatten({ background: "#ffffff" })
    .resize(STATS_EDGE, STATS_EDGE, { fit: "inside", withoutEnlargement: true })
    .toColourspace("lab")
    .raw({ depth: "float" })
    .toBuffer({ resolveWithObject: true });
  const values = new Float32Array(data.buffer, data.byteOffset, data.length / 4);
  const channels = info.channels;
  const sums = [0, 0, 0];
  const squares = [0, 0, 0];
  const n = values.length / channels;
  for (let i = 0; i < values.length; i += channels) {
    for (let c = 0; c < 3; c++) {
      const v = values[i + c]!;
      sums[c]! += v;
      squares[c]! += v * v;
    }
  }
  const mean = sums.map((s) => s / n) as [number, number, number];
  const stdev = squares.map((s, c) => Math.sqrt(Math.max(0, s / n - mean[c]! ** 2))) as [number, number, number];
  return { mean, stdev };
}

/** The per-channel linear map out = a·in + b that moves `target` towards `source` by `strength`. */
export function transferMap(target: LabStats, source: LabStats, strength = BLEND_STRENGTH) {
  const a: number[] = [];
  const b: number[] = [];
  for (let c = 0; c < 3; c++) {
    const k = c === 0 ? strength * LIGHTNESS_SHARE : strength;
    const ratio = Math.min(MAX_SPREAD_RATIO, Math.max(1 / MAX_SPREAD_RATIO, (source.stdev[c]! + 1e-3) / (target.stdev[c]! + 1e-3)));
    // Full transfer: (x − μt)·ratio + μs; blended with the identity by k.
    const gain = 1 - k + k * ratio;
    a.push(gain);
    b.push(k * (source.mean[c]! - target.mean[c]! * ratio));
  }
  return { a, b };
}

export type BlendOptions = {
  /** JPEG options for the result. */
  jpeg: JpegOptions;
  strength?: number;
  /** The source's statistics when already measured. */
  sourceStats?: LabStats;
};

/**
 * Moves the colours of an encoded picture towards those of `source` and encodes it again (sRGB
 * JPEG, no metadata). Returns the bytes and the dimensions, which do not change.
 */
export async function blendPalette(picture: Buffer, source: Buffer | LabStats, options: BlendOptions) {
  const [target, from] = await Promise.all([labStats(picture), Buffer.isBuffer(source) ? labStats(source) : source]);
  const { a, b } = transferMap(target, from, options.strength ?? BLEND_STRENGTH);
  const { data, info } = await sharp(picture, { failOn: "none" })
    .pipelineColourspace("lab")
    .linear(a, b)
    .toColourspace("srgb")
    .jpeg(options.jpeg)
    .toBuffer({ resolveWithObject: true });
  return { output: data, width: info.width, height: info.height, sizeBytes: data.length };
}

/** The prompt sentence for a blend, naming the source when its name is known. */
export function describeBlend(sourceName?: string | null, strength = BLEND_STRENGTH): string {
  const source = sourceName ? `“${sourceName}”` : "the second image";
  return `Blend the colour palette of ${source} into the picture (${Math.round(strength * 100)}% strength), keeping its subject and composition.`;
}
