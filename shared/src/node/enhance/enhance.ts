/**
 * The embedded "image AI": runs a job's four stages in order and reports each one as it starts, so
 * the worker can record `currentStage`. Given a blend source, GENERATING also moves the result's
 * colours towards that image's palette (see blend.ts).
 */
import { enhancementSettingsSchema, type AnalysisResult, type CropDimensions, type EnhancementSettingsInput, type PipelineStage } from "../../images/enhancement.ts";
import { analyze } from "./analyze.ts";
import { autoCrop } from "./borders.ts";
import { describeCorrections } from "./corrections.ts";
import { blendPalette, describeBlend, labStats } from "./blend.ts";
import { generate, generateFromResized, jpegOptions, resizeForTier, type GeneratedImage } from "./generate.ts";
import { ENHANCEMENT_LONGEST_EDGE } from "../../tokens/tiers.ts";

const PARALLEL_RESIZE_MAX_EDGE = 2048;

export type StageListener = (stage: PipelineStage) => void | Promise<void>;

export type EnhancementResult = {
  analysis: AnalysisResult | null;
  wasCropped: boolean;
  crop: CropDimensions | null;
  prompt: string;
  output: GeneratedImage;
  /** Milliseconds spent in each stage. */
  timings: Record<PipelineStage, number>;
};

export type EnhanceOptions = {
  /** A second image whose colour palette the result takes on (a blend job). */
  blendSource?: Buffer | null;
  /** Its name, for the prompt. */
  blendSourceName?: string | null;
};

/** JPEG quality of the intermediate picture a blend re-encodes, so the second encoding costs little. */
const BLEND_INTERMEDIATE_QUALITY = 97;

export async function enhance(
  input: Buffer,
  settingsInput: EnhancementSettingsInput = {},
  onStage?: StageListener,
  options: EnhanceOptions = {},
): Promise<EnhancementResult> {
  const settings = enhancementSettingsSchema.parse(settingsInput);
  const blendSource = options.blendSource ?? null;
  const timings = { ANALYZING: 0, CROPPING: 0, PROMPTING: 0, GENERATING: 0 };
  async function stage<T>(name: PipelineStage, work: () => Promise<T> | T): Promise<T> {
    await onStage?.(name);
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[name] = Number((performance.now() - started).toFixed(1));
    }
  }

  // Up to 2048 px the output is small enough to hold raw: the original is decoded and resized once,
  // the analysis takes its proxy from that picture when it is a reduction, and generation uses it
  // unless the picture gets cropped. Larger outputs stream instead.
  const early = ENHANCEMENT_LONGEST_EDGE[settings.tier] <= PARALLEL_RESIZE_MAX_EDGE ? resizeForTier(input, settings.tier) : null;
  early?.catch(() => undefined); // a failure here surfaces in the streaming fallback
  // The source's palette is measured on the side too; a failure surfaces in GENERATING.
  const sourceStats = blendSource ? labStats(blendSource) : null;
  sourceStats?.catch(() => undefined);
  const analysis = await stage("ANALYZING", () => (settings.analysis ? analyze(input, early) : null));
  const { cropped, crop } = await stage("CROPPING", () =>
    settings.autoCrop.enabled ? autoCrop(input, analysis, settings.autoCrop.minCropRatio, early) : { cropped: false, crop: null },
  );
  const prompt = await stage("PROMPTING", () => {
    const corrections = describeCorrections(analysis, crop, settings.tier);
    const base = blendSource ? `${corrections} ${describeBlend(options.blendSourceName)}` : corrections;
    const extra = settings.prompt.instructions;
    return extra ? `${base} ${extra.endsWith(".") ? extra : `${extra}.`}` : base;
  });
  const generated = await stage("GENERATING", async () => {
    const resized = early && !crop ? await early.catch(() => null) : null;
    const generation = sourceStats ? { quality: BLEND_INTERMEDIATE_QUALITY } : settings.generation;
    const { plan: _plan, ...image } = resized
      ? await generateFromResized(resized, analysis, settings.tier, generation)
      : await generate(input, analysis, crop, settings.tier, generation);
    if (!sourceStats) return image;
    const jpeg = jpegOptions(settings.tier, settings.generation.quality);
    const blended = await blendPalette(image.output, await sourceStats, { jpeg });
    return { ...image, ...blended };
  });
  const output: GeneratedImage = generated;
  return { analysis, wasCropped: cropped, crop, prompt, output, timings };
}
