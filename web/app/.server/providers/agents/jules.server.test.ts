/** The Jules client against a local server speaking Jules' v1alpha protocol: the key header, pagination, plan approval, messages and refusals. */
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { startJsonServer, type JsonAnswer, type RecordedRequest } from "../../../../test/local-json-server.ts";
import { createJulesClient } from "./jules.server.ts";
import { AgentProviderError } from "./types.ts";

const KEY = "test-jules-key";

type Session = { name: string; id: string; title: string; prompt: string; state: string; url: string; createTime: string; updateTime: string; sourceContext: unknown; outputs?: unknown[] };

/** A small Jules: sessions in memory, activities served two to a page, approvePlan moving the state on. */
function julesServer() {
  const sessions = new Map<string, Session>();
  const activities = new Map<string, Array<Record<string, unknown>>>();
  let next = 1000;
  let override: ((request: RecordedRequest) => JsonAnswer | null) | null = null;
  const handle = (request: RecordedRequest): JsonAnswer => {
    const forced = override?.(request);
    if (forced) return forced;
    if (request.headers["x-goog-api-key"] !== KEY) return { status: 401, body: { error: { code: 401, message: "API key not valid. Please pass a valid API key.", status: "UNAUTHENTICATED" } } };
    const url = new URL(request.path, "http://jules.local");
    const pageOf = <T,>(items: T[], key: string) => {
      const size = Number(url.searchParams.get("pageSize") ?? 30);
      const start = Number(url.searchParams.get("pageToken") ?? 0);
      const pageSize = Math.min(size, 2);
      const end = start + pageSize;
      return { status: 200, body: { [key]: items.slice(start, end), ...(end < items.length ? { nextPageToken: String(end) } : {}) } };
    };
    if (request.method === "GET" && url.pathname === "/v1alpha/sources") {
      return pageOf(
        [
          { name: "sources/github/acme/web", id: "github/acme/web", githubRepo: { owner: "acme", repo: "web", isPrivate: false, defaultBranch: { displayName: "main" }, branches: [{ displayName: "main" }, { displayName: "next" }] } },
          { name: "sources/github/acme/api", id: "github/acme/api", githubRepo: { owner: "acme", repo: "api", isPrivate: true, defaultBranch: { displayName: "trunk" }, branches: [{ displayName: "trunk" }] } },
          { name: "sources/github/acme/docs", id: "github/acme/docs", githubRepo: { owner: "acme", repo: "docs", isPrivate: false, defaultBranch: { displayName: "main" }, branches: [] } },
        ],
        "sources",
      );
    }
    if (request.method === "POST" && url.pathname === "/v1alpha/sessions") {
      const body = request.body as { prompt: string; title: string; sourceContext: unknown; requirePlanApproval: boolean };
      const id = String(next++);
      const now = new Date().toISOString();
      const session: Session = { name: `sessions/${id}`, id, title: body.title, prompt: body.prompt, state: body.requirePlanApproval ? "AWAITING_PLAN_APPROVAL" : "IN_PROGRESS", url: `https://jules.google.com/session/${id}`, createTime: now, updateTime: now, sourceContext: body.sourceContext };
      sessions.set(id, session);
      activities.set(id, [
        { name: `sessions/${id}/activities/a1`, id: "a1", createTime: "2026-01-01T10:00:00Z", originator: "agent", planGenerated: { plan: { id: "p1", steps: [{ id: "s2", title: "Write tests", index: 1 }, { id: "s1", title: "Read the code", description: "Find the parser", index: 0 }] } } },
        { name: `sessions/${id}/activities/a2`, id: "a2", createTime: "2026-01-01T10:01:00Z", originator: "user", userMessaged: { userMessage: "Keep it small" } },
        { name: `sessions/${id}/activities/a3`, id: "a3", createTime: "2026-01-01T10:02:00Z", originator: "agent", agentMessaged: { agentMessage: "Will do." } },
        { name: `sessions/${id}/activities/a4`, id: "a4", createTime: "2026-01-01T10:03:00Z", originator: "agent", progressUpdated: { title: "Read the code", description: "Found it in parse.ts" } },
        { name: `sessions/${id}/activities/a5`, id: "a5", createTime: "2026-01-01T10:04:00Z", originator: "system", sessionFailed: { reason: "Tests did not pass" } },
      ]);
      return { status: 200, body: session };
    }
    if (request.method === "GET" && url.pathname === "/v1alpha/sessions") return pageOf([...sessions.values()], "sessions");
    const match = /^\/v1alpha\/sessions\/(\w+)(\/activities|:approvePlan|:sendMessage)?$/.exec(url.pathname);
    const session = match ? sessions.get(match[1]!) : undefined;
    if (!match || !session) return { status: 404, body: { error: { code: 404, message: "Requested entity was not found.", status: "NOT_FOUND" } } };
    if (request.method === "GET" && !match[2]) return { status: 200, body: session };
    if (request.method === "GET" && match[2] === "/activities") return pageOf(activities.get(session.id)!, "activities");
    if (request.method === "POST" && match[2] === ":approvePlan") {
      if (session.state !== "AWAITING_PLAN_APPROVAL") return { status: 400, body: { error: { code: 400, message: "Session is not awaiting plan approval.", status: "FAILED_PRECONDITION" } } };
      session.state = "IN_PROGRESS";
      activities.get(session.id)!.push({ name: `sessions/${session.id}/activities/a9`, id: "a9", createTime: "2026-01-01T10:05:00Z", originator: "user", planApproved: { planId: "p1" } });
      return { status: 200, body: {} };
    }
    if (request.method === "POST" && match[2] === ":sendMessage") {
      activities.get(session.id)!.push({ id: "a10", createTime: "2026-01-01T10:06:00Z", originator: "user", userMessaged: { userMessage: (request.body as { prompt: string }).prompt } });
      return { status: 200, body: {} };
    }
    return { status: 404, body: {} };
  };
  return { handle, setOverride: (value: typeof override) => (override = value) };
}

const jules = julesServer();
const server = await startJsonServer((request) => jules.handle(request));
afterAll(() => server.close());
beforeEach(() => jules.setOverride(null));

const client = createJulesClient({ apiKey: KEY, baseUrl: `${server.url}/v1alpha` });
const start = { prompt: "Fix the parser", title: "Parser", source: "sources/github/acme/web", startingBranch: "main", requirePlanApproval: true };

describe("the Jules client", () => {
  it("lists every connected repository across pages, with its branches, sending the key header", async () => {
    const sources = await client.listSources();
    expect(sources).toEqual([
      { name: "sources/github/acme/web", label: "acme/web", defaultBranch: "main", branches: ["main", "next"] },
      { name: "sources/github/acme/api", label: "acme/api", defaultBranch: "trunk", branches: ["trunk"] },
      { name: "sources/github/acme/docs", label: "acme/docs", defaultBranch: "main", branches: [] },
    ]);
    const calls = server.requests.filter((request) => request.path.startsWith("/v1alpha/sources"));
    expect(calls.map((request) => request.path)).toEqual(["/v1alpha/sources?pageSize=100", "/v1alpha/sources?pageSize=100&pageToken=2"]);
    expect(calls.every((request) => request.headers["x-goog-api-key"] === KEY)).toBe(true);
  });

  it("creates a session with Jules' request shape and reads it back", async () => {
    const session = await client.createSession(start);
    const request = server.requests.at(-1)!;
    expect(request).toMatchObject({ method: "POST", path: "/v1alpha/sessions" });
    expect(request.body).toEqual({ prompt: "Fix the parser", title: "Parser", sourceContext: { source: "sources/github/acme/web", githubRepoContext: { startingBranch: "main" } }, requirePlanApproval: true });
    expect(session).toMatchObject({ name: `sessions/${session.id}`, title: "Parser", prompt: "Fix the parser", state: "AWAITING_PLAN_APPROVAL", url: `https://jules.google.com/session/${session.id}`, source: "sources/github/acme/web", startingBranch: "main", pullRequestUrl: null });
    expect(await client.getSession(session.name)).toMatchObject({ name: session.name, state: "AWAITING_PLAN_APPROVAL" });
    expect(await client.getSession(session.id)).toMatchObject({ name: session.name });

    const listed = await client.listSessions();
    expect(listed.sessions.map((item) => item.name)).toContain(session.name);
  });

  it("reads every page of activities and normalises each kind", async () => {
    const session = await client.createSession(start);
    const activities = await client.listActivities(session.name);
    expect(server.requests.filter((request) => request.path.includes("/activities")).map((request) => new URL(request.path, "http://x").searchParams.get("pageToken"))).toEqual([null, "2", "4"]);
    expect(activities.map((activity) => [activity.id, activity.type, activity.originator])).toEqual([
      ["a1", "plan_generated", "agent"],
      ["a2", "user_message", "user"],
      ["a3", "agent_message", "agent"],
      ["a4", "progress", "agent"],
      ["a5", "session_failed", "system"],
    ]);
    expect(activities[0]!.plan).toEqual({ id: "p1", steps: [{ id: "s1", index: 0, title: "Read the code", description: "Find the parser" }, { id: "s2", index: 1, title: "Write tests", description: null }] });
    expect(activities[1]!.content).toBe("Keep it small");
    expect(activities[2]!.content).toBe("Will do.");
    expect(activities[3]).toMatchObject({ title: "Read the code", content: "Found it in parse.ts" });
    expect(activities[4]!.content).toBe("Tests did not pass");
  });

  it("approves a plan, which moves the session on, and refuses a second approval with Jules' reason", async () => {
    const session = await client.createSession(start);
    await client.approvePlan(session.name);
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", path: `/v1alpha/sessions/${session.id}:approvePlan`, body: {} });
    expect((await client.getSession(session.name)).state).toBe("IN_PROGRESS");
    expect((await client.listActivities(session.name)).at(-1)).toMatchObject({ id: "a9", type: "plan_approved", originator: "user" });
    const again = await client.approvePlan(session.name).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(AgentProviderError);
    expect(again).toMatchObject({ status: 400, message: "Jules refused the request as invalid. Jules said: “Session is not awaiting plan approval.”" });
  });

  it("sends a message as { prompt }", async () => {
    const session = await client.createSession(start);
    await client.sendMessage(session.name, "Also update the docs");
    expect(server.requests.at(-1)).toMatchObject({ method: "POST", path: `/v1alpha/sessions/${session.id}:sendMessage`, body: { prompt: "Also update the docs" } });
    expect((await client.listActivities(session.name)).at(-1)).toMatchObject({ type: "user_message", content: "Also update the docs" });
  });

  it("explains a wrong key, a denied repository, a missing session and a rate limit in words an admin can act on", async () => {
    const wrongKey = createJulesClient({ apiKey: "nope", baseUrl: `${server.url}/v1alpha` });
    await expect(wrongKey.listSources()).rejects.toMatchObject({ status: 502, message: expect.stringContaining("Check JULES_API_KEY") });

    jules.setOverride(() => ({ status: 403, body: { error: { code: 403, message: "The caller does not have permission", status: "PERMISSION_DENIED" } } }));
    await expect(client.createSession(start)).rejects.toMatchObject({ status: 502, message: expect.stringMatching(/denied access \(403\).*Connect the repository to Jules.*“The caller does not have permission”/) });

    jules.setOverride(null);
    await expect(client.getSession("sessions/999999")).rejects.toMatchObject({ status: 404, message: expect.stringContaining("no such session") });
    await expect(client.getSession("../sources")).rejects.toMatchObject({ status: 400 });

    jules.setOverride(() => ({ status: 429, body: { error: { code: 429, message: "Quota exceeded", status: "RESOURCE_EXHAUSTED" } } }));
    await expect(client.listSources()).rejects.toMatchObject({ status: 429, retryAfterSeconds: 60, message: "Jules is limiting how often it is called (429). Try again in 60 seconds." });

    jules.setOverride(() => ({ status: 503, body: "upstream down" }));
    await expect(client.listSources()).rejects.toMatchObject({ status: 502, message: "Jules failed to answer (503). Try again in a few minutes." });
  });

  it("gives up on a server that does not answer, and says so", async () => {
    const silent = await import("node:http").then(({ createServer }) => createServer(() => undefined));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const slow = createJulesClient({ apiKey: KEY, baseUrl: `http://127.0.0.1:${port}/v1alpha`, timeoutMs: 200 });
    await expect(slow.listSources()).rejects.toMatchObject({ status: 502, message: "Jules did not answer within 0.2 seconds. Try again in a few minutes." });
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});
