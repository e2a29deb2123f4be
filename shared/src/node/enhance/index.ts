/** Local image-enhancement engine (sharp): analysis, auto-crop, correction prompt and generation. */
export { analyze } from "./analyze.ts";
export { autoCrop, cropFromBorders, detectBorders, refineBorders, type AutoCropResult } from "./borders.ts";
export { describeCorrections, planCorrections, type CorrectionPlan } from "./corrections.ts";
export { colourMatrix, generate, jpegOptions, outputGeometry, OUTPUT_QUALITY, type GeneratedImage, type GenerateOptions } from "./generate.ts";
export { enhance, type EnhanceOptions, type EnhancementResult, type StageListener } from "./enhance.ts";
export { BLEND_STRENGTH, blendPalette, describeBlend, labStats, transferMap, type LabStats } from "./blend.ts";
export type { RawImage } from "./pixels.ts";
