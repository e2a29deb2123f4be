/**
 * The coding-agent provider: starts a session on a repository from a prompt, reads its state and
 * activities, approves its plan and sends it messages. Implementations: Google's Jules API
 * (jules.server.ts) and the embedded local agent (local.server.ts), chosen in index.server.ts.
 * Shapes here are the provider's, normalised; the service stores them in external_agent_sessions.
 */
import { DomainError } from "@spike-land/shared/errors";

export const AGENT_STATES = [
  "QUEUED",
  "PLANNING",
  "AWAITING_PLAN_APPROVAL",
  "AWAITING_USER_FEEDBACK",
  "IN_PROGRESS",
  "PAUSED",
  "FAILED",
  "COMPLETED",
] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** A session that will not change any more: there is nothing left to sync. */
export function isFinished(state: AgentState): boolean {
  return state === "COMPLETED" || state === "FAILED";
}

export type AgentSource = {
  /** e.g. "sources/github/owner/repo" */
  name: string;
  /** "owner/repo" for people to read. */
  label: string;
  defaultBranch: string | null;
  branches: string[];
};

export type AgentSession = {
  /** The resource name, e.g. "sessions/1234567"; what the service stores as externalId. */
  name: string;
  id: string;
  title: string;
  prompt: string;
  state: AgentState;
  /** Where to follow the session in the provider's own app, when it has one. */
  url: string | null;
  source: string | null;
  startingBranch: string | null;
  pullRequestUrl: string | null;
  createTime: Date;
  updateTime: Date;
};

export type PlanStep = { id: string; index: number; title: string; description: string | null };

export type AgentActivityType =
  | "plan_generated"
  | "plan_approved"
  | "user_message"
  | "agent_message"
  | "progress"
  | "session_completed"
  | "session_failed"
  | "other";

export type AgentActivity = {
  /** The provider's activity id, unique within its session. */
  id: string;
  type: AgentActivityType;
  originator: "user" | "agent" | "system";
  createTime: Date;
  /** A short heading (a progress update's title). */
  title: string | null;
  /** The text: a message, a progress description, a failure reason. */
  content: string | null;
  plan: { id: string; steps: PlanStep[] } | null;
};

export type StartSessionInput = {
  prompt: string;
  title: string;
  source: string;
  startingBranch: string;
  requirePlanApproval: boolean;
};

export interface AgentProviderClient {
  readonly kind: "jules" | "local";
  listSources(): Promise<AgentSource[]>;
  createSession(input: StartSessionInput): Promise<AgentSession>;
  getSession(name: string): Promise<AgentSession>;
  /** Every activity of the session, oldest first, all pages read. */
  listActivities(name: string): Promise<AgentActivity[]>;
  approvePlan(name: string): Promise<void>;
  sendMessage(name: string, prompt: string): Promise<void>;
}

/**
 * A provider call that failed, with a message an admin can act on. Its status is what the page
 * answers: the provider's 400/404/429 as they are, anything else (bad key, outage) as 502.
 */
export class AgentProviderError extends DomainError {
  constructor(status: number, message: string, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(status, message, undefined, options);
  }
}
