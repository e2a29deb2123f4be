/**
 * Google's Jules API (v1alpha): sources, sessions, activities, plan approval and messages, with the
 * key in the X-Goog-Api-Key header. Answers are normalised to the provider shapes in types.ts; a
 * refusal becomes an AgentProviderError whose message says what to fix.
 */
import { AGENT_STATES, AgentProviderError, type AgentActivity, type AgentProviderClient, type AgentSession, type AgentSource, type AgentState, type PlanStep } from "./types.ts";

export const JULES_BASE_URL = "https://jules.googleapis.com/v1alpha";

export type JulesOptions = { apiKey: string; baseUrl?: string; timeoutMs?: number };

/** Enough pages for any session's history; a loop guard, not a limit anyone should meet. */
const MAX_PAGES = 50;
const PAGE_SIZE = 100;

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function time(value: unknown): Date {
  const parsed = typeof value === "string" ? new Date(value) : null;
  return parsed && !Number.isNaN(parsed.getTime()) ? parsed : new Date(0);
}

/** A session name as Jules addresses it: "sessions/<id>", whether given the name or the bare id. */
function sessionPath(name: string): string {
  const id = name.startsWith("sessions/") ? name.slice("sessions/".length) : name;
  if (!/^[\w.-]+$/.test(id)) throw new AgentProviderError(400, `“${name}” is not a Jules session name.`);
  return `sessions/${id}`;
}

export function julesState(value: unknown): AgentState {
  return (AGENT_STATES as readonly string[]).includes(String(value)) ? (value as AgentState) : "QUEUED";
}

export function parseSession(value: unknown): AgentSession {
  const body = record(value);
  const sourceContext = record(body.sourceContext);
  const outputs = Array.isArray(body.outputs) ? body.outputs.map(record) : [];
  const pullRequest = outputs.map((output) => record(output.pullRequest)).find((pr) => text(pr.url));
  const name = text(body.name) ?? (text(body.id) ? `sessions/${String(body.id)}` : null);
  if (!name) throw new AgentProviderError(502, "Jules answered without a session name.");
  return {
    name,
    id: text(body.id) ?? name.replace(/^sessions\//, ""),
    title: text(body.title) ?? "",
    prompt: text(body.prompt) ?? "",
    state: julesState(body.state),
    url: text(body.url),
    source: text(sourceContext.source),
    startingBranch: text(record(sourceContext.githubRepoContext).startingBranch),
    pullRequestUrl: pullRequest ? text(pullRequest.url) : null,
    createTime: time(body.createTime),
    updateTime: time(body.updateTime ?? body.createTime),
  };
}

export function parseActivity(value: unknown): AgentActivity {
  const body = record(value);
  const id = text(body.id) ?? text(body.name)?.split("/").at(-1) ?? "";
  const originator = body.originator === "user" || body.originator === "agent" ? body.originator : "system";
  const base = { id, originator, createTime: time(body.createTime), title: null, content: text(body.description), plan: null } satisfies Omit<AgentActivity, "type">;
  if (body.planGenerated) {
    const plan = record(record(body.planGenerated).plan);
    const steps: PlanStep[] = (Array.isArray(plan.steps) ? plan.steps.map(record) : []).map((step, position) => ({
      id: text(step.id) ?? String(position),
      index: typeof step.index === "number" ? step.index : position,
      title: text(step.title) ?? "",
      description: text(step.description),
    }));
    steps.sort((a, b) => a.index - b.index);
    return { ...base, type: "plan_generated", plan: { id: text(plan.id) ?? id, steps } };
  }
  if (body.planApproved) return { ...base, type: "plan_approved" };
  if (body.userMessaged) return { ...base, type: "user_message", content: text(record(body.userMessaged).userMessage) ?? base.content };
  if (body.agentMessaged) return { ...base, type: "agent_message", content: text(record(body.agentMessaged).agentMessage) ?? base.content };
  if (body.progressUpdated) {
    const progress = record(body.progressUpdated);
    return { ...base, type: "progress", title: text(progress.title), content: text(progress.description) ?? base.content };
  }
  if (body.sessionCompleted) return { ...base, type: "session_completed" };
  if (body.sessionFailed) return { ...base, type: "session_failed", content: text(record(body.sessionFailed).reason) ?? base.content };
  return { ...base, type: "other" };
}

export function parseSource(value: unknown): AgentSource {
  const body = record(value);
  const repo = record(body.githubRepo);
  const name = text(body.name) ?? `sources/${String(body.id)}`;
  const owner = text(repo.owner);
  const repoName = text(repo.repo);
  return {
    name,
    label: owner && repoName ? `${owner}/${repoName}` : name.replace(/^sources\/(github\/)?/, ""),
    defaultBranch: text(record(repo.defaultBranch).displayName),
    branches: (Array.isArray(repo.branches) ? repo.branches : []).map((branch) => text(record(branch).displayName)).filter((branch): branch is string => branch !== null),
  };
}

/** Jules' own words for a refusal: Google APIs answer `{ error: { code, message, status } }`. */
function reason(body: unknown): string | null {
  const error = record(record(body).error);
  return text(error.message) ?? text(record(body).message);
}

function refusal(status: number, body: unknown, headers: Headers): AgentProviderError {
  const said = reason(body);
  const detail = said ? ` Jules said: “${said}”` : "";
  switch (status) {
    case 400:
      return new AgentProviderError(400, `Jules refused the request as invalid.${detail}`);
    case 401:
      return new AgentProviderError(502, `Jules did not accept the API key (401). Check JULES_API_KEY: create a key at jules.google.com/settings and restart the app with it.${detail}`);
    case 403:
      return new AgentProviderError(502, `Jules denied access (403): the key's account may not use this session or repository. Connect the repository to Jules at jules.google.com, or use a key of the account that connected it.${detail}`);
    case 404:
      return new AgentProviderError(404, `Jules has no such session or source (404): it may have been deleted, or belong to another Jules account.${detail}`);
    case 429: {
      const wait = Number.parseInt(headers.get("retry-after") ?? "", 10);
      const seconds = Number.isFinite(wait) && wait > 0 ? wait : 60;
      return new AgentProviderError(429, `Jules is limiting how often it is called (429). Try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
    }
    default:
      return new AgentProviderError(502, `Jules failed to answer (${status}). Try again in a few minutes.${detail}`);
  }
}

export function createJulesClient(options: JulesOptions): AgentProviderClient & { listSessions(pageToken?: string): Promise<{ sessions: AgentSession[]; nextPageToken: string | null }> } {
  const base = (options.baseUrl ?? JULES_BASE_URL).replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 20_000;

  async function call(method: "GET" | "POST", path: string, body?: unknown): Promise<Json> {
    let response: Response;
    try {
      response = await fetch(`${base}/${path}`, {
        method,
        headers: { Accept: "application/json", "X-Goog-Api-Key": options.apiKey, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new AgentProviderError(502, timedOut ? `Jules did not answer within ${timeoutMs / 1000} seconds. Try again in a few minutes.` : `Jules could not be reached (${error instanceof Error ? error.message : String(error)}).`, { cause: error });
    }
    const raw = await response.text();
    let parsed: unknown = null;
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      parsed = raw;
    }
    if (!response.ok) throw refusal(response.status, parsed, response.headers);
    return record(parsed);
  }

  async function everyPage<T>(path: string, key: string, parse: (value: unknown) => T): Promise<T[]> {
    const items: T[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
      if (token) query.set("pageToken", token);
      const body = await call("GET", `${path}?${query}`);
      const list = body[key];
      if (Array.isArray(list)) items.push(...list.map(parse));
      token = text(body.nextPageToken);
      if (!token) break;
    }
    return items;
  }

  return {
    kind: "jules",
    listSources: () => everyPage("sources", "sources", parseSource),
    async createSession(input) {
      const body = await call("POST", "sessions", {
        prompt: input.prompt,
        title: input.title,
        sourceContext: { source: input.source, githubRepoContext: { startingBranch: input.startingBranch } },
        requirePlanApproval: input.requirePlanApproval,
      });
      return parseSession(body);
    },
    async getSession(name) {
      return parseSession(await call("GET", sessionPath(name)));
    },
    async listSessions(pageToken) {
      const query = new URLSearchParams({ pageSize: String(PAGE_SIZE) });
      if (pageToken) query.set("pageToken", pageToken);
      const body = await call("GET", `sessions?${query}`);
      return { sessions: (Array.isArray(body.sessions) ? body.sessions : []).map(parseSession), nextPageToken: text(body.nextPageToken) };
    },
    async listActivities(name) {
      const activities = await everyPage(`${sessionPath(name)}/activities`, "activities", parseActivity);
      return activities.sort((a, b) => a.createTime.getTime() - b.createTime.getTime());
    },
    async approvePlan(name) {
      await call("POST", `${sessionPath(name)}:approvePlan`, {});
    },
    async sendMessage(name, prompt) {
      await call("POST", `${sessionPath(name)}:sendMessage`, { prompt });
    },
  };
}
