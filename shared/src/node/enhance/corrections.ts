/**
 * The corrections an analysis calls for, worked out once and used twice: spelled out in plain English
 * as the job's prompt (PROMPTING) and applied to the pixels (GENERATING). Every correction maps onto
 * a libvips operation, so generation stays one streaming pipeline: exposure curve (gamma), white
 * balance and saturation (one 3×3 recomb), sharpening, then levels (linear).
 */
import type { AnalysisResult, CropDimensions } from "../../images/enhancement.ts";
import { ENHANCEMENT_LONGEST_EDGE, type EnhancementTier } from "../../tokens/tiers.ts";
import { CAST_THRESHOLD } from "./analyze.ts";

export type CorrectionPlan = {
  /** Per-channel white-balance gains (R, G, B), luma-preserving. */
  whiteBalance: [number, number, number] | null;
  /** Auto-levels as out = a·in + b after the curve, on all channels alike so hues do not shift. */
  levels: { a: number; b: number } | null;
  /** Exposure curve out = in^power (on 0–1), applied first; < 1 brightens. */
  exposure: { power: number; changePercent: number } | null;
  denoise: boolean;
  /** Sharpening of L (sharp's `sharpen`), or null when the resize alone leaves the picture crisp. */
  sharpen: { sigma: number; m1: number; m2: number; threshold: number; limit: number; strength: "light" | "moderate" | "strong" } | null;
  /** Saturation matrix factor applied after the lookup tables, and the net change in colourfulness. */
  saturation: { factor: number; net: number };
  /** Longest edge of the output and whether that is an enlargement. */
  resize: { edge: number; upscale: boolean };
};

const LUMA = [0.2126, 0.7152, 0.0722] as const;
/** How much of a cast to remove: all of it would flatten warm sunsets and green forests. */
const CAST_CORRECTION = 0.75;
const MAX_LEVELS_GAIN = 2.2;
const MIDTONE_TARGET = 118;
const UNDEREXPOSED_BELOW = 100;
const OVEREXPOSED_ABOVE = 175;
const OVEREXPOSED_TARGET = 150;
/** Noise (σ in levels on the analysis proxy) above which a 3×3 median is worth its softening. */
const NOISY_ABOVE = 3.5;
/** Laplacian variance on the proxy below which a picture looks soft. */
const SOFT_BELOW = 50;
const SATURATION_BOOST = 1.08;
const SHARPEN_HALO_LIMIT = 6;
/** Output/source scales between which a crisp source needs no sharpening (Lanczos3 keeps it crisp)… */
const CRISP_SCALES = { from: 0, to: 1.25 };
/** …and from which a soft one gets it. */
const SOFT_SHARPEN_FROM = 0.35;
/**
 * Stretching R, G and B alike multiplies colour differences by the levels gain too; keep only this
 * power of that gain so a contrast fix does not turn into a garish one.
 */
const CHROMA_KEEP = 0.25;

function planWhiteBalance(a: AnalysisResult): [number, number, number] | null {
  const { red, green, blue, strength } = a.colourCast;
  if (strength < CAST_THRESHOLD) return null;
  const neutral = (red + green + blue) / 3;
  const clamp = (g: number) => Math.min(1.33, Math.max(0.75, g));
  const gains = [red, green, blue].map((m) => clamp(1 + CAST_CORRECTION * (neutral / m - 1)));
  const before = LUMA[0] * red + LUMA[1] * green + LUMA[2] * blue;
  const after = LUMA[0] * red * gains[0]! + LUMA[1] * green * gains[1]! + LUMA[2] * blue * gains[2]!;
  const keep = before / after;
  return [gains[0]! * keep, gains[1]! * keep, gains[2]! * keep];
}

/** Where a level lands after the exposure curve. */
function curve(v: number, exposure: CorrectionPlan["exposure"]): number {
  return exposure ? 255 * (Math.max(0, v) / 255) ** exposure.power : v;
}

function planExposure(a: AnalysisResult): CorrectionPlan["exposure"] {
  const mid = Math.min(250, Math.max(5, a.exposure.median));
  let target: number;
  if (mid < UNDEREXPOSED_BELOW) target = mid + 0.8 * (MIDTONE_TARGET - mid);
  else if (mid > OVEREXPOSED_ABOVE) target = mid - 0.6 * (mid - OVEREXPOSED_TARGET);
  else return null;
  const power = Math.min(1.5, Math.max(0.5, Math.log(target / 255) / Math.log(mid / 255)));
  return { power, changePercent: Math.round((curve(mid, { power, changePercent: 0 }) / mid - 1) * 100) };
}

/** Auto-levels on the range the picture has once the exposure curve is applied. */
function planLevels(a: AnalysisResult, exposure: CorrectionPlan["exposure"]): { a: number; b: number } | null {
  const low = curve(a.exposure.low, exposure);
  const high = curve(a.exposure.high, exposure);
  if (high - low < 8) return null; // a flat picture (a plain colour) has no range to stretch
  // Flat pictures get their black and white points moved most of the way out; pictures that already
  // have contrast only a little, so midtones do not sink into the shadows.
  const reach = Math.min(0.8, Math.max(0.25, (60 - a.contrast) / 40));
  const black = low - reach * (low - 2);
  const white = high + reach * (253 - high);
  const gain = Math.min(MAX_LEVELS_GAIN, (white - black) / (high - low));
  if (gain < 1.04) return null;
  // With the gain capped, keep the middle of the used range where the uncapped stretch puts it.
  const centre = (low + high) / 2;
  const target = black + ((centre - low) * (white - black)) / (high - low);
  return { a: gain, b: target - centre * gain };
}

/**
 * Sharpening at the output size: Lanczos3 reductions and near-native sizes of a crisp picture stay
 * crisp; real enlargements and soft pictures need it.
 */
function planSharpen(scale: number, soft: boolean, noise: number, levelsGain: number): CorrectionPlan["sharpen"] {
  const upscale = scale > 1.001;
  const needed = soft ? scale >= SOFT_SHARPEN_FROM : scale >= CRISP_SCALES.to;
  if (!needed) return null;
  const sigma = upscale ? Math.min(2, 0.5 + 0.5 * scale) : 0.6;
  const amount = (soft ? 2 : 1) + (upscale ? 0.3 : 0);
  // Levels run after sharpening and multiply its effect, so sharpen that much less; differences
  // below twice the noise are grain, not detail, and are left alone.
  return {
    sigma,
    m1: 0,
    m2: amount / levelsGain,
    threshold: Math.max(2, 2 * noise) / levelsGain,
    // Cap how far an edge may be brightened (darkened: twice that) so edges get no halos.
    limit: SHARPEN_HALO_LIMIT / levelsGain,
    strength: amount >= 2 ? "strong" : upscale ? "moderate" : "light",
  };
}

export function planCorrections(analysis: AnalysisResult | null, crop: CropDimensions | null, tier: EnhancementTier): CorrectionPlan {
  const edge = ENHANCEMENT_LONGEST_EDGE[tier];
  const width = crop?.width ?? analysis?.width ?? edge;
  const height = crop?.height ?? analysis?.height ?? edge;
  const scale = edge / Math.max(width, height);
  const resize = { edge, upscale: scale > 1.001 };
  if (!analysis) {
    const sharpen = planSharpen(scale, false, 1, 1);
    return { whiteBalance: null, levels: null, exposure: null, denoise: false, sharpen, saturation: { factor: 1, net: 1 }, resize };
  }
  const exposure = planExposure(analysis);
  const levels = planLevels(analysis, exposure);
  const levelsGain = levels?.a ?? 1;
  // Noise grows with every tonal gain: judge it as it will be after the curve and levels.
  const noiseAfter = analysis.noise * levelsGain * (exposure && exposure.power < 1 ? 1 / exposure.power : 1);
  const net = SATURATION_BOOST * levelsGain ** CHROMA_KEEP;
  return {
    whiteBalance: planWhiteBalance(analysis),
    levels,
    exposure,
    denoise: noiseAfter > NOISY_ABOVE,
    sharpen: planSharpen(scale, analysis.sharpness < SOFT_BELOW, noiseAfter, levelsGain),
    saturation: { factor: net / levelsGain, net },
    resize,
  };
}

const CAST_WORDS: Record<AnalysisResult["colourCast"]["cast"], string> = {
  NONE: "",
  RED: "a red",
  GREEN: "a green",
  BLUE: "a blue",
  YELLOW: "a warm",
  MAGENTA: "a magenta",
  CYAN: "a cool",
};

function describeBands(crop: CropDimensions, a: AnalysisResult): string {
  const { top, bottom, left, right } = a.borders;
  const rows = crop.height < a.height;
  const columns = crop.width < a.width;
  const parts: string[] = [];
  if (rows) parts.push(top > 0 && bottom > 0 ? `${Math.round((top + bottom) / 2)} px bars top and bottom` : `a ${top + bottom} px band at the ${top > 0 ? "top" : "bottom"}`);
  if (columns) parts.push(left > 0 && right > 0 ? `${Math.round((left + right) / 2)} px bars left and right` : `a ${left + right} px band on the ${left > 0 ? "left" : "right"}`);
  return `remove ${parts.join(" and ")} (keep ${crop.width}×${crop.height} px)`;
}

/** The job's prompt: every correction the GENERATING stage will make, in plain English. */
export function describeCorrections(analysis: AnalysisResult | null, crop: CropDimensions | null, tier: EnhancementTier = "TIER_1K"): string {
  const plan = planCorrections(analysis, crop, tier);
  const steps: string[] = [];
  if (plan.exposure) {
    const change = plan.exposure.changePercent;
    steps.push(change >= 0 ? `Lift shadows and midtones by +${change}% exposure` : `Recover highlights by ${change}% exposure`);
  }
  if (plan.levels) steps.push(`stretch contrast to the full tonal range (levels ${analysis!.exposure.low}–${analysis!.exposure.high})`);
  if (plan.whiteBalance) steps.push(`reduce ${CAST_WORDS[analysis!.colourCast.cast]} colour cast (${Math.round(analysis!.colourCast.strength * 100)}%)`);
  if (plan.denoise) steps.push("reduce noise (3×3 median)");
  if (plan.sharpen) steps.push(`${plan.sharpen.strength} sharpening`);
  if (plan.saturation.net > 1) steps.push(`boost saturation by ${Math.round((plan.saturation.net - 1) * 100)}%`);
  if (crop && analysis) steps.push(describeBands(crop, analysis));
  steps.push(`${plan.resize.upscale ? "upscale" : "resize"} to ${plan.resize.edge} px on the longest edge`);
  steps.push("strip location and camera metadata");
  const text = steps.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
