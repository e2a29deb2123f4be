/** Local image-enhancement engine (sharp): analysis, auto-crop, correction prompt and generation. */
export { analyze } from "./analyze.ts";
export { autoCrop, cropFromBorders, detectBorders, refineBorders, type AutoCropResult } from "./borders.ts";
export { describeCorrections, planCorrections, type CorrectionPlan } from "./corrections.ts";
export { colourMatrix, generate, jpegOptions, outputGeometry, OUTPUT_QUALITY, type GeneratedImage, type GenerateOptions } from "./generate.ts";
export { enhance, type EnhancementResult, type StageListener } from "./enhance.ts";
export type { RawImage } from "./pixels.ts";
