/**
 * The enhancement provider contract both engines meet (the embedded sharp engine, Gemini): run a
 * job's four stages on the original's bytes, report each stage as it starts, and hand back what the
 * worker stores on the job row.
 */
import type { AnalysisResult, CropDimensions, EnhancementSettings } from "@spike-land/shared/images/enhancement";
import type { StageListener } from "@spike-land/shared/node/enhance";

export type EnhanceRequest = {
  /** The original as uploaded. */
  input: Buffer;
  settings: EnhancementSettings;
  /** A blend ("mix") job's second image, whose colour palette the result takes on. */
  blendSource?: Buffer | null;
  /** Its name, for the prompt. */
  blendSourceName?: string | null;
  onStage?: StageListener;
};

export type EnhancedOutput = { output: Buffer; width: number; height: number; sizeBytes: number };

export type EnhanceOutcome = {
  analysis: AnalysisResult | null;
  wasCropped: boolean;
  crop: CropDimensions | null;
  /** The instructions the result was made from (sent to the model when there is one). */
  prompt: string;
  /** An sRGB JPEG without metadata, at the tier's longest edge. */
  output: EnhancedOutput;
  /** Which engine or model made the output (stored as `enhancementModel`). */
  model: string;
};

export interface EnhancementProvider {
  readonly kind: "local" | "gemini";
  enhance(request: EnhanceRequest): Promise<EnhanceOutcome>;
}

/**
 * A provider failure with a message fit to show on the job. `retryable` false means another attempt
 * would fail the same way (a refused key, a rejected request), so the job ends at once.
 */
export class EnhancementProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = "EnhancementProviderError";
  }
}
