/**
 * The embedded local coding agent: the default provider when no JULES_API_KEY is configured. It runs
 * a session the way Jules does, one step every `stepSeconds`, so the admin pages can be used end to end:
 *
 *   created ─▶ QUEUED ─(1 step)▶ PLANNING ─(1 step)▶ plan generated
 *     ├ requirePlanApproval: AWAITING_PLAN_APPROVAL until approvePlan, then IN_PROGRESS
 *     └ otherwise: the plan is approved by the system at once, IN_PROGRESS
 *   IN_PROGRESS ─▶ one progress update per plan step, one step apart ─▶ COMPLETED a step after the last
 *
 * A prompt containing "[fail]" fails the session one step into the work, so the failure path can be tried.
 * The plan is the prompt split into its lines, list items or sentences, followed by a testing step.
 * Each message sent is answered a step later with where the session stands.
 *
 * Nothing runs in the background: a session is a small JSON file under DATA_DIR/agent-sessions
 * holding what was asked and when (created, approved, messages), and its state and activities are
 * worked out from those times whenever they are read. The same inputs and clock give the same answers.
 */
import { randomInt } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { AgentProviderError, type AgentActivity, type AgentProviderClient, type AgentSession, type AgentSource, type AgentState, type PlanStep, type StartSessionInput } from "./types.ts";

export const LOCAL_SOURCE: AgentSource = {
  name: "sources/github/spike-land/spike-land",
  label: "spike-land/spike-land",
  defaultBranch: "main",
  branches: ["main", "develop"],
};

export const FAIL_MARKER = "[fail]";

type StoredSession = StartSessionInput & {
  id: string;
  createdAt: string;
  approvedAt: string | null;
  messages: Array<{ at: string; text: string }>;
};

export type LocalAgentOptions = { dir: string; stepSeconds: number; now?: () => Date };

const MAX_STEP_TITLE = 120;

function shorten(value: string, length = MAX_STEP_TITLE): string {
  const flat = value.replace(/\s+/g, " ").trim();
  return flat.length <= length ? flat : `${flat.slice(0, length - 1).trimEnd()}…`;
}

/** The plan for a prompt: its list items or lines, else its sentences, then a testing step. */
export function planFor(prompt: string): PlanStep[] {
  const cleaned = prompt.replace(FAIL_MARKER, " ");
  let parts = cleaned
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, "").trim())
    .filter(Boolean);
  if (parts.length <= 1) parts = cleaned.split(/(?<=[.!?])\s+/).map((sentence) => sentence.trim()).filter(Boolean);
  const titles = parts.length > 1 ? parts.map((part) => shorten(part.replace(/[.!?]+$/, ""))) : [`Find the code “${shorten(cleaned, 80)}” touches`, `Make the change: ${shorten(cleaned, 100)}`];
  titles.push("Run the tests and review the change");
  return titles.map((title, index) => ({
    id: `step-${index + 1}`,
    index,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    description: index === titles.length - 1 ? "Runs the repository's test suite and reads the diff once more before finishing." : null,
  }));
}

type Evaluated = { state: AgentState; activities: AgentActivity[]; updateTime: Date };

/** The session's state and activities at `now`, worked out from its stored times. */
export function evaluate(stored: StoredSession, now: Date, stepSeconds: number): Evaluated {
  const step = stepSeconds * 1000;
  const created = new Date(stored.createdAt).getTime();
  const at = now.getTime();
  const plan = planFor(stored.prompt);
  const fails = stored.prompt.toLowerCase().includes(FAIL_MARKER);
  const planAt = created + 2 * step;
  const approvedAt = stored.requirePlanApproval ? (stored.approvedAt ? new Date(stored.approvedAt).getTime() : null) : planAt;
  const activities: AgentActivity[] = [];
  const add = (time: number, activity: Omit<AgentActivity, "createTime" | "title" | "content" | "plan"> & Partial<Pick<AgentActivity, "title" | "content" | "plan">>) => {
    if (time <= at) activities.push({ title: null, content: null, plan: null, ...activity, createTime: new Date(time) });
  };

  add(planAt, { id: "plan", type: "plan_generated", originator: "agent", content: `A plan of ${plan.length} steps.`, plan: { id: "plan-1", steps: plan } });
  let end: number | null = null;
  let endState: AgentState = "COMPLETED";
  if (approvedAt !== null) {
    add(approvedAt, { id: "plan-approved", type: "plan_approved", originator: stored.requirePlanApproval ? "user" : "system", content: stored.requirePlanApproval ? "Plan approved." : "Plan approved automatically." });
    if (fails) {
      end = approvedAt + step;
      endState = "FAILED";
      add(end, { id: "failed", type: "session_failed", originator: "system", content: "The prompt asked for a failure ([fail]), so the session stopped before changing anything." });
    } else {
      plan.forEach((planStep, index) => {
        add(approvedAt + (index + 1) * step, { id: `progress-${index + 1}`, type: "progress", originator: "agent", title: planStep.title, content: `Step ${index + 1} of ${plan.length} done.` });
      });
      end = approvedAt + (plan.length + 1) * step;
      add(end, { id: "completed", type: "session_completed", originator: "system", content: `All ${plan.length} steps are done.` });
    }
  }

  let state: AgentState;
  if (at < created + step) state = "QUEUED";
  else if (at < planAt) state = "PLANNING";
  else if (approvedAt === null) state = "AWAITING_PLAN_APPROVAL";
  else if (end !== null && at >= end) state = endState;
  else state = "IN_PROGRESS";

  stored.messages.forEach((message, index) => {
    const sent = new Date(message.at).getTime();
    add(sent, { id: `message-${index + 1}`, type: "user_message", originator: "user", content: message.text });
    add(sent + step, { id: `reply-${index + 1}`, type: "agent_message", originator: "agent", content: replyTo(message.text, sent, { created, planAt, approvedAt, end, endState, step, plan }) });
  });

  // A stable sort: activities at the same moment keep the order they happened in.
  activities.sort((a, b) => a.createTime.getTime() - b.createTime.getTime());
  const updateTime = activities.at(-1)?.createTime ?? new Date(created);
  return { state, activities, updateTime };
}

type Timeline = { created: number; planAt: number; approvedAt: number | null; end: number | null; endState: AgentState; step: number; plan: PlanStep[] };

/** The answer to a message: what it was told, and where the session stood when it was sent. */
function replyTo(message: string, sent: number, timeline: Timeline): string {
  const quoted = `“${shorten(message, 200).replace(/[.!?]+$/, "")}”`;
  if (timeline.end !== null && sent >= timeline.end) {
    return timeline.endState === "FAILED"
      ? `This session has failed, so I cannot act on ${quoted}. Start a new session with it.`
      : `This session is finished, so I cannot act on ${quoted}. Start a new session with it.`;
  }
  if (sent < timeline.planAt) return `Noted: ${quoted}. I am still writing the plan and will take it into account.`;
  if (timeline.approvedAt === null || sent < timeline.approvedAt) return `Noted: ${quoted}. The plan is waiting for your approval; I will keep this in mind once it is approved.`;
  const done = Math.min(timeline.plan.length, Math.floor((sent - timeline.approvedAt) / timeline.step));
  const current = timeline.plan[Math.min(done, timeline.plan.length - 1)]!;
  return `Noted: ${quoted}. I am on step ${Math.min(done + 1, timeline.plan.length)} of ${timeline.plan.length} (${current.title}) and will take it into account for the rest.`;
}

export function createLocalAgent(options: LocalAgentOptions): AgentProviderClient {
  const now = options.now ?? (() => new Date());

  function fileOf(name: string): string {
    const id = name.replace(/^sessions\//, "");
    if (!/^\d{1,24}$/.test(id)) throw new AgentProviderError(404, `The local agent has no session “${name}”.`);
    return path.join(options.dir, `${id}.json`);
  }

  async function load(name: string): Promise<StoredSession> {
    try {
      return JSON.parse(await readFile(fileOf(name), "utf8")) as StoredSession;
    } catch (error) {
      if (error instanceof AgentProviderError) throw error;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new AgentProviderError(404, `The local agent has no session “${name}”.`);
      throw error;
    }
  }

  async function save(stored: StoredSession): Promise<void> {
    await mkdir(options.dir, { recursive: true });
    const file = fileOf(stored.id);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(stored));
    await rename(temporary, file);
  }

  function view(stored: StoredSession, at = now()): AgentSession & { activities: AgentActivity[] } {
    const evaluated = evaluate(stored, at, options.stepSeconds);
    return {
      name: `sessions/${stored.id}`,
      id: stored.id,
      title: stored.title,
      prompt: stored.prompt,
      state: evaluated.state,
      url: null,
      source: stored.source,
      startingBranch: stored.startingBranch,
      pullRequestUrl: null,
      createTime: new Date(stored.createdAt),
      updateTime: evaluated.updateTime,
      activities: evaluated.activities,
    };
  }

  return {
    kind: "local",
    async listSources() {
      return [LOCAL_SOURCE];
    },
    async createSession(input) {
      if (input.source !== LOCAL_SOURCE.name) throw new AgentProviderError(404, `The local agent has no source “${input.source}”; it works on ${LOCAL_SOURCE.label} only.`);
      const id = `${Date.now()}${String(randomInt(1_000_000)).padStart(6, "0")}`;
      const stored: StoredSession = { ...input, id, createdAt: now().toISOString(), approvedAt: null, messages: [] };
      await save(stored);
      const { activities: _activities, ...session } = view(stored);
      return session;
    },
    async getSession(name) {
      const { activities: _activities, ...session } = view(await load(name));
      return session;
    },
    async listActivities(name) {
      return view(await load(name)).activities;
    },
    async approvePlan(name) {
      const stored = await load(name);
      const { state } = view(stored);
      if (state !== "AWAITING_PLAN_APPROVAL") throw new AgentProviderError(400, `There is no plan waiting for approval: the session is ${state.toLowerCase().replaceAll("_", " ")}.`);
      stored.approvedAt = now().toISOString();
      await save(stored);
    },
    async sendMessage(name, prompt) {
      const stored = await load(name);
      stored.messages.push({ at: now().toISOString(), text: prompt });
      await save(stored);
    },
  };
}
