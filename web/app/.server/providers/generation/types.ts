/**
 * The image generation contract both engines meet (the local renderer and editor, Gemini): make a
 * picture from a prompt, or change a given picture as a prompt says, at a tier's size, and say
 * beforehand how a prompt will be read so a request the engine cannot carry out is refused before
 * anything is charged.
 */
import type { EnhancementTier } from "@spike-land/shared/tokens/tiers";

export type GenerationKind = "GENERATE" | "MODIFY";

export type GenerateRequest = { prompt: string; tier: EnhancementTier };
export type ModifyRequest = { prompt: string; tier: EnhancementTier; input: Buffer };

/** An sRGB JPEG without metadata whose longest edge is the tier's. */
export type GeneratedImage = { output: Buffer; width: number; height: number; sizeBytes: number; model: string };

/** How a prompt will be read: a sentence for the person, or why it cannot be carried out. */
export type PromptReading = { ok: true; summary: string } | { ok: false; message: string };

export interface GenerationProvider {
  readonly kind: "local" | "gemini";
  read(kind: GenerationKind, prompt: string, tier: EnhancementTier): PromptReading;
  generate(request: GenerateRequest): Promise<GeneratedImage>;
  modify(request: ModifyRequest): Promise<GeneratedImage>;
}

/**
 * A provider failure with a message fit to show on the job. `retryable` false means another attempt
 * would fail the same way, so the job is refunded at once.
 */
export class GenerationProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = "GenerationProviderError";
  }
}
