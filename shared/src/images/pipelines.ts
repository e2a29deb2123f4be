/**
 * Saved enhancement pipelines: the JSON each `enhancement_pipelines` config column holds, the form that
 * edits them, and how a pipeline turns into the engine's settings. Browser-safe.
 */
import { z } from "zod";
import { optionalText } from "../forms.ts";
import { ENHANCEMENT_TIERS, type EnhancementTier } from "../tokens/tiers.ts";
import { DEFAULT_MIN_CROP_RATIO, enhancementSettingsSchema, type EnhancementSettings } from "./enhancement.ts";

export const PIPELINE_VISIBILITIES = ["PRIVATE", "PUBLIC", "LINK"] as const;
export type PipelineVisibility = (typeof PIPELINE_VISIBILITIES)[number];

/** How each visibility is named and explained in the interface. */
export const PIPELINE_VISIBILITY_LABELS: Record<PipelineVisibility, { label: string; description: string }> = {
  PRIVATE: { label: "Private", description: "Only you can see and use it." },
  PUBLIC: { label: "Public", description: "Listed in the public catalogue; anyone signed in can use or fork it." },
  LINK: { label: "Anyone with the link", description: "Not listed; people with the share link can view and fork it." },
};

/** Share tokens are 12 url-safe characters (base64url of 9 random bytes). */
const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{12}$/;

export function isShareToken(value: unknown): value is string {
  return typeof value === "string" && SHARE_TOKEN_PATTERN.test(value);
}

/** The visibility control on its own (the owner changes it without editing the rest). */
export const pipelineVisibilitySchema = z.object({
  visibility: z.enum(PIPELINE_VISIBILITIES, { error: "Choose private, public or link sharing." }),
});

export const PIPELINE_NAME_MAX = 80;

/** A fork's name: "<name> (copy)", shortening a long name so the copy still fits the 80-character limit. */
export function forkName(name: string): string {
  const suffix = " (copy)";
  return `${name.slice(0, PIPELINE_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
}

const analysisConfigSchema = z.object({ enabled: z.boolean().default(true) });
const autoCropConfigSchema = z.object({
  enabled: z.boolean().default(true),
  minCropRatio: z.number().min(0).max(0.5).default(DEFAULT_MIN_CROP_RATIO),
});
const promptConfigSchema = z.object({ instructions: z.string().trim().max(500).optional() });
const generationConfigSchema = z.object({
  quality: z.number().int().min(1).max(100).optional(),
  temperature: z.number().min(0).max(2).optional(),
  model: z.string().trim().min(1).max(100).optional(),
});

/** The stored columns of a pipeline that decide how a job runs. */
export type PipelineConfig = {
  tier: EnhancementTier;
  analysisConfig: unknown;
  autoCropConfig: unknown;
  promptConfig: unknown;
  generationConfig: unknown;
};

/** Reads a stored JSON column leniently: anything unreadable falls back to the defaults. */
function read<T extends z.ZodTypeAny>(schema: T, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  return parsed.success ? parsed.data : schema.parse({});
}

/** The engine settings a pipeline stands for; `tier` overrides the pipeline's own tier when given. */
export function pipelineSettings(pipeline: PipelineConfig | null, tier?: EnhancementTier): EnhancementSettings {
  if (!pipeline) return enhancementSettingsSchema.parse({ tier: tier ?? "TIER_1K" });
  const analysis = read(analysisConfigSchema, pipeline.analysisConfig);
  const autoCrop = read(autoCropConfigSchema, pipeline.autoCropConfig);
  const prompt = read(promptConfigSchema, pipeline.promptConfig);
  const generation = read(generationConfigSchema, pipeline.generationConfig);
  return enhancementSettingsSchema.parse({
    tier: tier ?? pipeline.tier,
    analysis: analysis.enabled,
    autoCrop,
    prompt,
    generation,
  });
}

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((value) => value === "on" || value === "true");
const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess((value) => (value === "" || value === undefined || value === null ? undefined : Number(value)), schema.optional());

/** The create/edit form, as posted by the browser (checkboxes are "on" or absent). */
export const pipelineFormSchema = z.object({
  name: z
    .string({ error: "Give the pipeline a name." })
    .trim()
    .min(1, "Give the pipeline a name.")
    .max(PIPELINE_NAME_MAX, "Keep the name to 80 characters or fewer."),
  description: optionalText(500, "Keep the description under 500 characters."),
  visibility: z.enum(PIPELINE_VISIBILITIES, { error: "Choose private, public or link sharing." }),
  tier: z.enum(ENHANCEMENT_TIERS, { error: "Choose one of the enhancement tiers." }),
  analysis: checkbox,
  autoCrop: checkbox,
  minCropRatio: optionalNumber(z.number({ error: "The minimum crop must be a number." }).min(0, "The minimum crop is between 0 and 0.5.").max(0.5, "The minimum crop is between 0 and 0.5.")),
  instructions: z
    .string()
    .trim()
    .max(500, "Keep the instructions under 500 characters.")
    .optional()
    .transform((value) => (value ? value : undefined)),
  quality: optionalNumber(z.number({ error: "Quality must be a whole number." }).int("Quality must be a whole number.").min(1, "Quality is between 1 and 100.").max(100, "Quality is between 1 and 100.")),
  temperature: optionalNumber(z.number({ error: "Temperature must be a number." }).min(0, "Temperature is between 0 and 2.").max(2, "Temperature is between 0 and 2.")),
});
export type PipelineForm = z.output<typeof pipelineFormSchema>;

/** The columns a valid form writes. */
export function pipelineColumns(form: PipelineForm) {
  return {
    name: form.name,
    description: form.description,
    visibility: form.visibility,
    tier: form.tier,
    analysisConfig: { enabled: form.analysis },
    autoCropConfig: { enabled: form.autoCrop, minCropRatio: form.minCropRatio ?? DEFAULT_MIN_CROP_RATIO },
    promptConfig: form.instructions ? { instructions: form.instructions } : {},
    generationConfig: {
      ...(form.quality !== undefined ? { quality: form.quality } : {}),
      ...(form.temperature !== undefined ? { temperature: form.temperature } : {}),
    },
  };
}

/** What the create/edit form shows: strings and booleans, ready for `defaultValue` / `defaultChecked`. */
export type PipelineFormValues = {
  name: string;
  description: string;
  visibility: PipelineVisibility;
  tier: EnhancementTier;
  analysis: boolean;
  autoCrop: boolean;
  minCropRatio: string;
  instructions: string;
  quality: string;
  temperature: string;
};

/** A new pipeline starts as the default pipeline of the business rules, kept private. */
export const DEFAULT_PIPELINE_FORM_VALUES: PipelineFormValues = {
  name: "",
  description: "",
  visibility: "PRIVATE",
  tier: "TIER_1K",
  analysis: true,
  autoCrop: true,
  minCropRatio: String(DEFAULT_MIN_CROP_RATIO),
  instructions: "",
  quality: "",
  temperature: "",
};

/** A stored pipeline as the edit form's starting values. */
export function pipelineFormValues(
  pipeline: PipelineConfig & { name: string; description: string | null; visibility: PipelineVisibility },
): PipelineFormValues {
  const settings = pipelineSettings(pipeline);
  return {
    name: pipeline.name,
    description: pipeline.description ?? "",
    visibility: pipeline.visibility,
    tier: settings.tier,
    analysis: settings.analysis,
    autoCrop: settings.autoCrop.enabled,
    minCropRatio: String(settings.autoCrop.minCropRatio),
    instructions: settings.prompt.instructions ?? "",
    quality: settings.generation.quality === undefined ? "" : String(settings.generation.quality),
    temperature: settings.generation.temperature === undefined ? "" : String(settings.generation.temperature),
  };
}

const jsonNumber = (schema: z.ZodNumber) => schema.optional();

/**
 * The create form as JSON for API clients: real booleans and numbers instead of form strings. Its
 * output is a `PipelineForm`, so `pipelineColumns` stores it exactly like a browser submission.
 */
export const pipelineJsonSchema = z.object({
  name: pipelineFormSchema.shape.name,
  description: z
    .string({ error: "The description must be text." })
    .trim()
    .max(500, "Keep the description under 500 characters.")
    .nullish()
    .transform((value) => (value ? value : null)),
  visibility: z.enum(PIPELINE_VISIBILITIES, { error: "Choose private, public or link sharing." }).default("PRIVATE"),
  tier: z.enum(ENHANCEMENT_TIERS, { error: "Choose one of the enhancement tiers." }),
  analysis: z.boolean({ error: "analysis is true or false." }).default(true),
  autoCrop: z.boolean({ error: "autoCrop is true or false." }).default(true),
  minCropRatio: jsonNumber(
    z.number({ error: "The minimum crop must be a number." }).min(0, "The minimum crop is between 0 and 0.5.").max(0.5, "The minimum crop is between 0 and 0.5."),
  ),
  instructions: z
    .string({ error: "The instructions must be text." })
    .trim()
    .max(500, "Keep the instructions under 500 characters.")
    .optional()
    .transform((value) => (value ? value : undefined)),
  quality: jsonNumber(
    z.number({ error: "Quality must be a whole number." }).int("Quality must be a whole number.").min(1, "Quality is between 1 and 100.").max(100, "Quality is between 1 and 100."),
  ),
  temperature: jsonNumber(z.number({ error: "Temperature must be a number." }).min(0, "Temperature is between 0 and 2.").max(2, "Temperature is between 0 and 2.")),
}) satisfies z.ZodType<PipelineForm, unknown>;
export type PipelineJsonInput = z.input<typeof pipelineJsonSchema>;
