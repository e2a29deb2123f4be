/**
 * Picks the coding-agent provider once, from configuration: Google's Jules API when JULES_API_KEY is
 * set, otherwise the embedded local agent, whose sessions live under DATA_DIR/agent-sessions.
 * A JULES_BASE_URL without its key stops the app at start-up.
 */
import path from "node:path";
import { env, type Env } from "../../platform/env.server.ts";
import { createJulesClient } from "./jules.server.ts";
import { createLocalAgent } from "./local.server.ts";
import type { AgentProviderClient } from "./types.ts";

/** How long each step of a local session takes. */
export const LOCAL_STEP_SECONDS = 6;

export function chooseAgentProvider(config: Pick<Env, "JULES_API_KEY" | "JULES_BASE_URL" | "DATA_DIR">): AgentProviderClient {
  if (!config.JULES_API_KEY && config.JULES_BASE_URL) throw new Error("JULES_BASE_URL is set without JULES_API_KEY: set the key too, or unset the URL to use the local agent.");
  if (config.JULES_API_KEY) return createJulesClient({ apiKey: config.JULES_API_KEY, baseUrl: config.JULES_BASE_URL });
  return createLocalAgent({ dir: path.resolve(config.DATA_DIR, "agent-sessions"), stepSeconds: LOCAL_STEP_SECONDS });
}

let chosen: AgentProviderClient | undefined;

export function agentProvider(): AgentProviderClient {
  chosen ??= chooseAgentProvider(env);
  return chosen;
}

export { AgentProviderError, isFinished, type AgentActivity, type AgentSession, type AgentSource, type AgentState } from "./types.ts";
