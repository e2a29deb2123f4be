/**
 * Picks the enhancement provider once, from configuration: Gemini when GEMINI_API_KEY is set, else
 * the embedded sharp engine. GEMINI_BASE_URL or GEMINI_MODEL without a key stops the app at start-up
 * rather than quietly running the local engine.
 */
import { env, type Env } from "../../platform/env.server.ts";
import { createGeminiEnhancement, DEFAULT_GEMINI_MODEL } from "./gemini.server.ts";
import { createLocalEnhancement } from "./local.server.ts";
import type { EnhancementProvider } from "./types.ts";

export type EnhancementConfig = { driver: "local" } | { driver: "gemini"; apiKey: string; baseUrl?: string; model: string };

type EnhancementEnv = Pick<Env, "GEMINI_API_KEY" | "GEMINI_BASE_URL" | "GEMINI_MODEL">;

export function resolveEnhancementConfig(config: EnhancementEnv): EnhancementConfig {
  if (!config.GEMINI_API_KEY) {
    const stray = (["GEMINI_BASE_URL", "GEMINI_MODEL"] as const).filter((name) => config[name]);
    if (stray.length) {
      throw new Error(`${stray.join(" and ")} ${stray.length > 1 ? "are" : "is"} set without GEMINI_API_KEY: set the key too, or unset ${stray.length > 1 ? "them" : "it"} to use the embedded engine.`);
    }
    return { driver: "local" };
  }
  return { driver: "gemini", apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL, model: config.GEMINI_MODEL ?? DEFAULT_GEMINI_MODEL };
}

/** Settled when the app loads, so a bad configuration fails at start-up rather than on the first job. */
export const enhancementConfig: EnhancementConfig = resolveEnhancementConfig(env);

let provider: EnhancementProvider | undefined;

export function enhancementProvider(): EnhancementProvider {
  provider ??=
    enhancementConfig.driver === "gemini"
      ? createGeminiEnhancement({ apiKey: enhancementConfig.apiKey, baseUrl: enhancementConfig.baseUrl, model: enhancementConfig.model })
      : createLocalEnhancement();
  return provider;
}

export { EnhancementProviderError, type EnhanceOutcome, type EnhanceRequest, type EnhancementProvider } from "./types.ts";
