/**
 * The GENERATING stage as one streaming libvips pipeline (one decode, no intermediate buffers): upright,
 * resized to the tier's longest edge (Lanczos3) and cropped, the planned corrections, then an sRGB
 * JPEG (mozjpeg) without metadata — sharp drops EXIF, GPS and XMP unless asked to keep them.
 */
import type { AnalysisResult, CropDimensions } from "../../images/enhancement.ts";
import { ENHANCEMENT_LONGEST_EDGE, type EnhancementTier } from "../../tokens/tiers.ts";
import type { Sharp } from "sharp";
import { planCorrections, type CorrectionPlan } from "./corrections.ts";
import { sharp } from "./sharp.ts";

export type OutputFormat = "jpeg";
export type GeneratedImage = { output: Buffer; width: number; height: number; sizeBytes: number; format: OutputFormat };
export type GenerateOptions = { quality?: number };

/** FREE is the preview tier: same size, visibly lighter encoding. */
export const OUTPUT_QUALITY: Record<EnhancementTier, number> = { FREE: 60, TIER_1K: 85, TIER_2K: 85, TIER_4K: 85 };

export function jpegOptions(tier: EnhancementTier, quality?: number) {
  return { quality: quality ?? OUTPUT_QUALITY[tier], mozjpeg: true, chromaSubsampling: "4:2:0" } as const;
}

/**
 * Sizes for resizing the whole upright image and then cutting the crop out of the result: cropping
 * after the resize keeps libvips' JPEG shrink-on-load, which a crop before it would switch off.
 */
export function outputGeometry(width: number, height: number, crop: CropDimensions | null, edge: number) {
  const box = crop ?? { left: 0, top: 0, width, height };
  const scale = edge / Math.max(box.width, box.height);
  const out = { width: Math.max(1, Math.round(box.width * scale)), height: Math.max(1, Math.round(box.height * scale)) };
  if (!crop) return { resize: out, extract: null, out };
  const resize = { width: Math.max(out.width, Math.round(width * scale)), height: Math.max(out.height, Math.round(height * scale)) };
  const left = Math.min(resize.width - out.width, Math.round(box.left * scale));
  const top = Math.min(resize.height - out.height, Math.round(box.top * scale));
  return { resize, extract: { left, top, width: out.width, height: out.height }, out };
}

type Matrix3 = [[number, number, number], [number, number, number], [number, number, number]];

/**
 * White balance then saturation as one 3×3 matrix: gains on the diagonal, then a mix towards luma.
 * The exposure curve runs before it, so gains g become g^power to commute with it.
 */
export function colourMatrix(plan: CorrectionPlan): Matrix3 | null {
  const s = plan.saturation.factor;
  if (!plan.whiteBalance && s === 1) return null;
  const power = plan.exposure ? plan.exposure.power : 1;
  const gains = (plan.whiteBalance ?? [1, 1, 1]).map((g) => g ** power);
  const luma = [0.2126, 0.7152, 0.0722];
  const row = (c: number) => luma.map((l, k) => (l * (1 - s) + (c === k ? s : 0)) * gains[k]!) as [number, number, number];
  return [row(0), row(1), row(2)];
}

/** gamma() takes the encoding exponent before any resize and the decoding one after it (1 = none). */
function withExposure(pipeline: Sharp, plan: CorrectionPlan): Sharp {
  if (!plan.exposure) return pipeline;
  return plan.exposure.power < 1 ? pipeline.gamma(1, 1 / plan.exposure.power) : pipeline.gamma(plan.exposure.power, 1);
}

/**
 * libvips applies sharp's output gamma late in the pipeline, not where it is called: followed by
 * recomb or linear, a brightening curve would come out nearly black. So when there is an exposure
 * curve, its result is materialised (raw pixels) and the corrections run on that, in plan order.
 */
async function settleExposure(pipeline: Sharp, plan: CorrectionPlan): Promise<Sharp> {
  if (!plan.exposure) return pipeline;
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
}

/** The corrections after the resize (and the exposure curve), then the encoding. */
async function finish(resized: Sharp, plan: CorrectionPlan, tier: EnhancementTier, options: GenerateOptions) {
  let pipeline = await settleExposure(resized, plan);
  if (plan.denoise) pipeline = pipeline.median(3);
  const matrix = colourMatrix(plan);
  if (matrix) pipeline = pipeline.recomb(matrix);
  if (plan.sharpen) {
    const { sigma, m1, m2, threshold, limit } = plan.sharpen;
    pipeline = pipeline.sharpen({ sigma, m1, m2, x1: threshold, y2: limit, y3: 2 * limit });
  }
  if (plan.levels) pipeline = pipeline.linear(plan.levels.a, plan.levels.b);
  return pipeline.jpeg(jpegOptions(tier, options.quality)).toBuffer({ resolveWithObject: true });
}

/**
 * The whole upright source at the tier's size, as raw RGB: decoded while the analysis runs, which
 * takes its proxy from it when it is a reduction. `source` describes the original (upright).
 */
export type ResizedSource = {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
  source: { width: number; height: number; format: string; hasAlpha: boolean };
};

export async function resizeForTier(input: Buffer, tier: EnhancementTier): Promise<ResizedSource> {
  const meta = await sharp(input).metadata();
  const edge = ENHANCEMENT_LONGEST_EDGE[tier];
  const { out } = outputGeometry(meta.autoOrient.width, meta.autoOrient.height, null, edge);
  const { data, info } = await sharp(input, { failOn: "none" })
    .autoOrient()
    .resize(out.width, out.height, { fit: "fill", kernel: "lanczos3" })
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.height,
    channels: info.channels === 4 ? 4 : 3,
    source: { width: meta.autoOrient.width, height: meta.autoOrient.height, format: meta.format, hasAlpha: meta.hasAlpha },
  };
}

/**
 * GENERATING from a source already resized by `resizeForTier` (no crop): the corrections and the
 * encoding only. The exposure curve is applied after the resize here, which for a power curve on
 * already-averaged pixels differs only in the last level or so.
 */
export async function generateFromResized(
  resized: ResizedSource,
  analysis: AnalysisResult | null,
  tier: EnhancementTier,
  options: GenerateOptions = {},
): Promise<GeneratedImage & { plan: CorrectionPlan }> {
  const plan = planCorrections(analysis, null, tier);
  const source = sharp(resized.data, { raw: { width: resized.width, height: resized.height, channels: resized.channels } });
  const { data: output, info } = await finish(withExposure(source, plan), plan, tier, options);
  return { output, width: info.width, height: info.height, sizeBytes: output.length, format: "jpeg", plan };
}

export async function generate(
  input: Buffer,
  analysis: AnalysisResult | null,
  crop: CropDimensions | null,
  tier: EnhancementTier,
  options: GenerateOptions = {},
): Promise<GeneratedImage & { plan: CorrectionPlan }> {
  const plan = planCorrections(analysis, crop, tier);
  let width = analysis?.width;
  let height = analysis?.height;
  if (width === undefined || height === undefined) {
    const meta = await sharp(input).metadata();
    width = meta.autoOrient.width;
    height = meta.autoOrient.height;
  }
  const geometry = outputGeometry(width, height, crop, plan.resize.edge);

  let pipeline = sharp(input, { failOn: "none" }).autoOrient();
  pipeline = withExposure(pipeline, plan).resize(geometry.resize.width, geometry.resize.height, { fit: "fill", kernel: "lanczos3" });
  if (geometry.extract) pipeline = pipeline.extract(geometry.extract);
  pipeline = pipeline.flatten({ background: "#ffffff" }).toColourspace("srgb");
  const { data: output, info } = await finish(pipeline, plan, tier, options);
  return { output, width: info.width, height: info.height, sizeBytes: output.length, format: "jpeg", plan };
}
