import { describe, expect, it } from "vitest";
import {
  DEFAULT_PIPELINE_FORM_VALUES,
  forkName,
  isShareToken,
  pipelineColumns,
  pipelineFormSchema,
  pipelineFormValues,
  pipelineSettings,
  pipelineVisibilitySchema,
} from "./pipelines.ts";
import { issuesToFields } from "../errors.ts";

const valid = { name: "Crisp", visibility: "PRIVATE", tier: "TIER_1K", analysis: "on", autoCrop: "on" };

function errorsOf(input: Record<string, unknown>) {
  const parsed = pipelineFormSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  if (parsed.success) return {};
  return Object.fromEntries(Object.entries(issuesToFields(parsed.error.issues)).map(([field, messages]) => [field, messages[0]]));
}

describe("pipelineSettings", () => {
  it("without a pipeline is the default pipeline: TIER_1K, analysis on, auto-crop on at 0.05", () => {
    const settings = pipelineSettings(null);
    expect(settings.tier).toBe("TIER_1K");
    expect(settings.analysis).toBe(true);
    expect(settings.autoCrop).toEqual({ enabled: true, minCropRatio: 0.05 });
    expect(settings.prompt.instructions).toBeUndefined();
    expect(settings.generation).toEqual({});
    expect(pipelineSettings(null, "TIER_4K").tier).toBe("TIER_4K");
  });

  it("maps every stored column onto the engine's settings", () => {
    const settings = pipelineSettings({
      tier: "TIER_2K",
      analysisConfig: { enabled: false },
      autoCropConfig: { enabled: false, minCropRatio: 0.2 },
      promptConfig: { instructions: "warm film look" },
      generationConfig: { quality: 70, temperature: 1.2, model: "gemini-test" },
    });
    expect(settings).toEqual({
      tier: "TIER_2K",
      analysis: false,
      autoCrop: { enabled: false, minCropRatio: 0.2 },
      prompt: { instructions: "warm film look" },
      generation: { quality: 70, temperature: 1.2, model: "gemini-test" },
    });
  });

  it("lets the job's tier win and reads unreadable or missing columns as the defaults", () => {
    const settings = pipelineSettings(
      { tier: "TIER_2K", analysisConfig: "nonsense", autoCropConfig: { enabled: "yes" }, promptConfig: null, generationConfig: { quality: 900 } },
      "FREE",
    );
    expect(settings.tier).toBe("FREE");
    expect(settings.analysis).toBe(true);
    expect(settings.autoCrop).toEqual({ enabled: true, minCropRatio: 0.05 });
    expect(settings.generation).toEqual({});
  });

  it("round-trips through the form: columns written from a form read back as the same settings and form values", () => {
    const form = pipelineFormSchema.parse({ ...valid, analysis: undefined, minCropRatio: "0.15", instructions: "  punchy  ", quality: "90", temperature: "0.4", description: "Mine" });
    const columns = pipelineColumns(form);
    expect(columns).toMatchObject({
      name: "Crisp",
      description: "Mine",
      analysisConfig: { enabled: false },
      autoCropConfig: { enabled: true, minCropRatio: 0.15 },
      promptConfig: { instructions: "punchy" },
      generationConfig: { quality: 90, temperature: 0.4 },
    });
    const settings = pipelineSettings(columns);
    expect(settings.analysis).toBe(false);
    expect(settings.autoCrop.minCropRatio).toBe(0.15);
    expect(settings.prompt.instructions).toBe("punchy");
    expect(pipelineFormValues(columns)).toEqual({
      name: "Crisp",
      description: "Mine",
      visibility: "PRIVATE",
      tier: "TIER_1K",
      analysis: false,
      autoCrop: true,
      minCropRatio: "0.15",
      instructions: "punchy",
      quality: "90",
      temperature: "0.4",
    });
  });

  it("starts a new pipeline's form at the default pipeline", () => {
    const parsed = pipelineFormSchema.parse({ ...DEFAULT_PIPELINE_FORM_VALUES, name: "New", analysis: "on", autoCrop: "on" });
    expect(pipelineSettings(pipelineColumns(parsed))).toEqual(pipelineSettings(null));
  });
});

describe("the pipeline form", () => {
  it("explains each invalid field", () => {
    expect(errorsOf({ ...valid, name: "   " }).name).toBe("Give the pipeline a name.");
    expect(errorsOf({ ...valid, name: undefined }).name).toBe("Give the pipeline a name.");
    expect(errorsOf({ ...valid, name: "x".repeat(81) }).name).toBe("Keep the name to 80 characters or fewer.");
    expect(errorsOf({ ...valid, description: "x".repeat(501) }).description).toBe("Keep the description under 500 characters.");
    expect(errorsOf({ ...valid, visibility: "FRIENDS" }).visibility).toBe("Choose private, public or link sharing.");
    expect(errorsOf({ ...valid, tier: "TIER_8K" }).tier).toBe("Choose one of the enhancement tiers.");
    expect(errorsOf({ ...valid, minCropRatio: "0.9" }).minCropRatio).toBe("The minimum crop is between 0 and 0.5.");
    expect(errorsOf({ ...valid, minCropRatio: "lots" }).minCropRatio).toBe("The minimum crop must be a number.");
    expect(errorsOf({ ...valid, quality: "101" }).quality).toBe("Quality is between 1 and 100.");
    expect(errorsOf({ ...valid, quality: "50.5" }).quality).toBe("Quality must be a whole number.");
    expect(errorsOf({ ...valid, temperature: "3" }).temperature).toBe("Temperature is between 0 and 2.");
    expect(errorsOf({ ...valid, instructions: "x".repeat(501) }).instructions).toBe("Keep the instructions under 500 characters.");
    expect(pipelineVisibilitySchema.safeParse({ visibility: "LINK" }).success).toBe(true);
    expect(pipelineVisibilitySchema.safeParse({ visibility: "everyone" }).error?.issues[0]?.message).toBe("Choose private, public or link sharing.");
  });
});

describe("sharing helpers", () => {
  it("names forks '<name> (copy)' within the 80-character limit", () => {
    expect(forkName("Moody")).toBe("Moody (copy)");
    const long = forkName("a".repeat(80));
    expect(long).toHaveLength(80);
    expect(long.endsWith(" (copy)")).toBe(true);
  });

  it("recognises 12-character url-safe share tokens only", () => {
    expect(isShareToken("abcDEF123-_x")).toBe(true);
    expect(isShareToken("abcDEF123-_")).toBe(false);
    expect(isShareToken("abcDEF123-_xy")).toBe(false);
    expect(isShareToken("abcDEF123+/x")).toBe(false);
    expect(isShareToken(null)).toBe(false);
  });
});
