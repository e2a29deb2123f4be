/**
 * The image-enhancement contract: pipeline stages, settings, the analysis a job stores and the crop it
 * used. Browser-safe (no Node), so the web app's forms and progress views read the same definitions
 * the local engine (shared/src/node/enhance) produces.
 */
import { z } from "zod";
import { ENHANCEMENT_TIERS } from "../tokens/tiers.ts";

/** Pipeline stages in the order a job goes through them (`currentStage`). */
export const PIPELINE_STAGES = ["ANALYZING", "CROPPING", "PROMPTING", "GENERATING"] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** Auto-crop only removes bands that take at least this share of the width or height. */
export const DEFAULT_MIN_CROP_RATIO = 0.05;

/** Pixel box cut out of the (upright) source image; stored as the job's `cropDimensions`. */
export const cropDimensionsSchema = z.object({
  left: z.number().int().min(0),
  top: z.number().int().min(0),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type CropDimensions = z.infer<typeof cropDimensionsSchema>;

/** Uniform bands (letterbox bars, screenshot chrome) found along each edge, in source pixels. */
const bordersSchema = z.object({
  top: z.number().int().min(0),
  bottom: z.number().int().min(0),
  left: z.number().int().min(0),
  right: z.number().int().min(0),
});
export type Borders = z.infer<typeof bordersSchema>;

const level = z.number().min(0).max(255);

const COLOUR_CASTS = ["NONE", "RED", "GREEN", "BLUE", "YELLOW", "MAGENTA", "CYAN"] as const;
export type ColourCast = (typeof COLOUR_CASTS)[number];

/**
 * What the ANALYZING stage measured. Tonal values are 8-bit levels (0–255) of the picture without its
 * borders, measured on a copy whose longest edge is at most 512 px.
 */
export const analysisResultSchema = z.object({
  /** Upright dimensions (EXIF orientation applied). */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  hasAlpha: z.boolean(),
  exposure: z.object({
    /** Mean luma. */
    mean: level,
    median: level,
    /** 0.5th and 99.5th percentiles of luma: where auto-levels would put black and white. */
    low: level,
    high: level,
  }),
  /** Standard deviation of luma. */
  contrast: z.number().min(0),
  /** Variance of the Laplacian of luma: higher is crisper. */
  sharpness: z.number().min(0),
  /** Estimated standard deviation of pixel noise (Immerkær), in levels. */
  noise: z.number().min(0),
  colourCast: z.object({
    /** Mid-tone channel means. */
    red: level,
    green: level,
    blue: level,
    cast: z.enum(COLOUR_CASTS),
    /** Largest channel deviation from the neutral mean, as a share of it (0 = neutral). */
    strength: z.number().min(0),
  }),
  borders: bordersSchema,
});
export type AnalysisResult = z.infer<typeof analysisResultSchema>;

export const enhancementSettingsSchema = z.object({
  tier: z.enum(ENHANCEMENT_TIERS).default("TIER_1K"),
  analysis: z.boolean().default(true),
  autoCrop: z
    .object({
      enabled: z.boolean().default(true),
      minCropRatio: z.number().min(0).max(0.5).default(DEFAULT_MIN_CROP_RATIO),
    })
    .prefault({}),
  prompt: z
    .object({
      /** Extra instructions added to the generated prompt (a style, a look to aim for). */
      instructions: z.string().trim().max(500).optional(),
    })
    .prefault({}),
  generation: z
    .object({
      /** Encoder quality 1–100; the tier's default when absent. */
      quality: z.number().int().min(1).max(100).optional(),
      /** Sampling temperature for a generative provider (Gemini); the local engine ignores it. */
      temperature: z.number().min(0).max(2).optional(),
      /** Model name for a generative provider; the provider's default when absent. */
      model: z.string().trim().min(1).max(100).optional(),
    })
    .prefault({}),
});
export type EnhancementSettings = z.infer<typeof enhancementSettingsSchema>;
export type EnhancementSettingsInput = z.input<typeof enhancementSettingsSchema>;
