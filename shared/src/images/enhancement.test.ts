import { describe, expect, it } from "vitest";
import { analysisResultSchema, enhancementSettingsSchema, PIPELINE_STAGES } from "./enhancement.ts";

describe("the enhancement contract", () => {
  it("lists the pipeline stages in the order of the business rules", () => {
    expect(PIPELINE_STAGES).toEqual(["ANALYZING", "CROPPING", "PROMPTING", "GENERATING"]);
  });

  it("defaults to TIER_1K with analysis and auto-crop at 0.05 on", () => {
    expect(enhancementSettingsSchema.parse({})).toEqual({ tier: "TIER_1K", analysis: true, autoCrop: { enabled: true, minCropRatio: 0.05 }, prompt: {}, generation: {} });
    expect(enhancementSettingsSchema.parse({ tier: "TIER_4K", autoCrop: { enabled: false } }).autoCrop).toEqual({ enabled: false, minCropRatio: 0.05 });
    expect(enhancementSettingsSchema.safeParse({ tier: "TIER_8K" }).success).toBe(false);
  });

  it("rejects an analysis with impossible values", () => {
    expect(analysisResultSchema.safeParse({ width: 0 }).success).toBe(false);
  });
});
