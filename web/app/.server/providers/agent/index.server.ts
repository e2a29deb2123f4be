/**
 * Picks the chat interpreter from configuration: Gemini when GEMINI_API_KEY is set (the command
 * grammar still reads every message first), else the grammar alone. GEMINI_TEXT_MODEL without a key
 * stops the app at start-up rather than quietly leaving the model unused.
 */
import { env, type Env } from "../../platform/env.server.ts";
import { createGeminiInterpreter, DEFAULT_GEMINI_TEXT_MODEL } from "./gemini.server.ts";
import { createGrammarInterpreter } from "./grammar.server.ts";
import type { CommandGrammar, TaskInterpreter } from "./types.ts";

export type InterpreterConfig = { driver: "grammar" } | { driver: "gemini"; apiKey: string; baseUrl?: string; model: string };

type InterpreterEnv = Pick<Env, "GEMINI_API_KEY" | "GEMINI_BASE_URL" | "GEMINI_TEXT_MODEL">;

export function resolveInterpreterConfig(config: InterpreterEnv): InterpreterConfig {
  if (!config.GEMINI_API_KEY) {
    if (config.GEMINI_TEXT_MODEL) throw new Error("GEMINI_TEXT_MODEL is set without GEMINI_API_KEY: set the key too, or unset it to read chat messages with the command grammar alone.");
    return { driver: "grammar" };
  }
  return { driver: "gemini", apiKey: config.GEMINI_API_KEY, baseUrl: config.GEMINI_BASE_URL, model: config.GEMINI_TEXT_MODEL ?? DEFAULT_GEMINI_TEXT_MODEL };
}

/** Settled when the app loads, so a bad configuration fails at start-up rather than on the first message. */
export const interpreterConfig: InterpreterConfig = resolveInterpreterConfig(env);

export function createTaskInterpreter(grammar: CommandGrammar, config: InterpreterConfig = interpreterConfig): TaskInterpreter {
  return config.driver === "gemini"
    ? createGeminiInterpreter({ apiKey: config.apiKey, baseUrl: config.baseUrl, model: config.model, grammar })
    : createGrammarInterpreter(grammar);
}

export type { CommandGrammar, ParsedMessage, TaskInterpreter } from "./types.ts";
