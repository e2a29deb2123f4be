/**
 * Picks the generation provider once, from the same configuration as enhancement: Gemini's image
 * model when GEMINI_API_KEY is set (GEMINI_MODEL and GEMINI_BASE_URL apply too), else the embedded
 * local renderer and editor. Tests may put another provider in its place.
 */
import { enhancementConfig } from "../enhancement/index.server.ts";
import { createGeminiGeneration } from "./gemini.server.ts";
import { createLocalGeneration } from "./local.server.ts";
import type { GenerationProvider } from "./types.ts";

let provider: GenerationProvider | undefined;

export function generationProvider(): GenerationProvider {
  provider ??=
    enhancementConfig.driver === "gemini"
      ? createGeminiGeneration({ apiKey: enhancementConfig.apiKey, baseUrl: enhancementConfig.baseUrl, model: enhancementConfig.model })
      : createLocalGeneration();
  return provider;
}

/** Replaces the provider (null: back to the configured one), for tests that need a failing engine. */
export function useGenerationProvider(replacement: GenerationProvider | null): void {
  provider = replacement ?? undefined;
}

export { GenerationProviderError, type GeneratedImage, type GenerationKind, type GenerationProvider, type PromptReading } from "./types.ts";
