/** The modify-prompt vocabulary: which words make which edits, how strongly, and what is refused. */
import { describe, expect, it } from "vitest";
import { describeEdits, neutralPlan, normalisePrompt, planEdits } from "./edits.ts";

describe("the edit vocabulary", () => {
  it("reads brightness, contrast, warmth and saturation words, in either direction", () => {
    expect(planEdits("make it brighter").exposure).toBeLessThan(1);
    expect(planEdits("too dark").exposure).toBeLessThan(1);
    expect(planEdits("darker please").exposure).toBeGreaterThan(1);
    expect(planEdits("less bright").exposure).toBeGreaterThan(1);
    expect(planEdits("more contrast").contrast).toBeGreaterThan(1);
    expect(planEdits("punchier").contrast).toBeGreaterThan(1);
    expect(planEdits("less contrast").contrast).toBeLessThan(1);
    expect(planEdits("warmer").warmth).toBeGreaterThan(0);
    expect(planEdits("too blue").warmth).toBeGreaterThan(0);
    expect(planEdits("cooler").warmth).toBeLessThan(0);
    expect(planEdits("more vivid").saturation).toBeGreaterThan(1);
    expect(planEdits("less vivid").saturation).toBeLessThan(1);
    expect(planEdits("muted colours").saturation).toBeLessThan(1);
  });

  it("reads tone, detail, framing and orientation words", () => {
    expect(planEdits("black and white").tone).toBe("greyscale");
    expect(planEdits("B&W").tone).toBe("greyscale");
    expect(planEdits("greyscale").tone).toBe("greyscale");
    expect(planEdits("sepia").tone).toBe("sepia");
    expect(planEdits("sharper").sharpen).toBeGreaterThan(0);
    expect(planEdits("less blurry").sharpen).toBeGreaterThan(0);
    expect(planEdits("less blurry").blur).toBe(0);
    expect(planEdits("blur the background").blur).toBeGreaterThan(0);
    expect(planEdits("reduce noise").denoise).toBe(true);
    expect(planEdits("crop square").crop).toBe("1:1");
    expect(planEdits("crop it to 16:9").crop).toBe("16:9");
    expect(planEdits("crop to 4 : 5").crop).toBe("4:5");
    expect(planEdits("rotate left").rotate).toBe(270);
    expect(planEdits("rotate 90 degrees clockwise").rotate).toBe(90);
    expect(planEdits("rotate 90 degrees counterclockwise").rotate).toBe(270);
    expect(planEdits("turn it upside down").rotate).toBe(180);
    expect(planEdits("mirror it").mirror).toBe(true);
    expect(planEdits("flip vertically").flipVertical).toBe(true);
    expect(planEdits("flip vertically").mirror).toBe(false);
    expect(planEdits("enhance").auto).toBe(true);
  });

  it("doubles a change after much or very and halves it after slightly or a bit", () => {
    const normal = planEdits("brighter").exposure;
    expect(planEdits("much brighter").exposure).toBeCloseTo(normal ** 2, 6);
    expect(planEdits("slightly brighter").exposure).toBeCloseTo(normal ** 0.5, 6);
    expect(planEdits("a bit warmer").warmth).toBeCloseTo(planEdits("warmer").warmth / 2, 6);
    expect(planEdits("very warm tones").warmth).toBeCloseTo(planEdits("warmer").warmth * 2, 6);
  });

  it("reads a phrase once: a negated or compound phrase is not also its single word", () => {
    const plan = planEdits("less vivid");
    expect(plan.steps).toEqual(["mute the colours"]);
    expect(planEdits("less warm").steps).toEqual(["cool the colours"]);
    expect(planEdits("flip vertically").steps).toEqual(["flip top to bottom"]);
  });

  it("lists what it understood in the prompt's order, and nothing for a prompt it cannot carry out", () => {
    const plan = planEdits("Brighter and warmer, then crop square & black and white");
    expect(plan.steps).toEqual(["brighten", "warm the colours", "crop to a centred square", "make it black and white"]);
    expect(describeEdits(plan)).toBe("Brighten; warm the colours; crop to a centred square; make it black and white.");
    expect(planEdits("add a dragon in the sky").steps).toEqual([]);
    expect(planEdits("add a dragon in the sky")).toEqual(neutralPlan());
    expect(describeEdits(neutralPlan())).toBe("No changes.");
  });

  it("keeps every change within the engine's bounds however often a word is repeated", () => {
    const plan = planEdits(Array(20).fill("much brighter much warmer much more contrast much sharper").join(" "));
    expect(plan.exposure).toBeGreaterThanOrEqual(0.4);
    expect(plan.warmth).toBeLessThanOrEqual(1);
    expect(plan.contrast).toBeLessThanOrEqual(2);
    expect(plan.sharpen).toBeLessThanOrEqual(3);
  });

  it("normalises case, punctuation and ratios", () => {
    expect(normalisePrompt("Crop: 16 : 9, PLEASE!")).toBe(" crop: 16 : 9 please ");
  });
});
