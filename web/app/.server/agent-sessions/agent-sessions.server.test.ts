/** Agent sessions: starting one, syncing status and activities without duplicates, approving plans, messages, and a provider that fails. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeUser } from "../../../test/fixtures.ts";
import { prisma } from "../platform/db.server.ts";
import { createLocalAgent, LOCAL_SOURCE } from "../providers/agents/local.server.ts";
import { AgentProviderError, type AgentProviderClient } from "../providers/agents/types.ts";
import { approvePlan, listSessions, loadSession, sendMessage, startSession, syncSession } from "./agent-sessions.server.ts";

const STEP = 10;

function localAgent() {
  const clock = { at: Date.now() };
  const agent = createLocalAgent({ dir: mkdtempSync(path.join(os.tmpdir(), "agent-sessions-")), stepSeconds: STEP, now: () => new Date(clock.at) });
  return { agent, advance: (steps: number) => (clock.at += steps * STEP * 1000) };
}

const start = { prompt: "Add a footer.\nLink the privacy page.", source: LOCAL_SOURCE.name, branch: "main", requirePlanApproval: true };

describe("agent sessions", () => {
  it("stores a started session as a Jules session with its prompt, repository, branch and title", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const actor = { id: admin.id, ipAddress: "192.0.2.7" };
    const { agent } = localAgent();
    const row = await startSession(actor, start, agent);
    expect(row).toMatchObject({ provider: "JULES", status: "QUEUED", name: "Add a footer.", description: start.prompt, sourceRepo: LOCAL_SOURCE.name, startingBranch: "main" });
    expect(row.externalId).toMatch(/^sessions\/\d+$/);
    expect(row.metadata).toMatchObject({ provider: "local", startedBy: admin.id, url: null });
    const titled = await startSession(actor, { ...start, title: "Footer work" }, agent);
    expect(titled.name).toBe("Footer work");
  });

  it("syncs status, plan and activities, storing each activity once however often it syncs", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const actor = { id: admin.id, ipAddress: "192.0.2.7" };
    const { agent, advance } = localAgent();
    const row = await startSession(actor, start, agent);
    advance(2);
    const synced = await syncSession(row.id, agent);
    expect(synced).toMatchObject({ status: "AWAITING_PLAN_APPROVAL", planSummary: "1. Add a footer\n2. Link the privacy page\n3. Run the tests and review the change" });
    expect(synced.activities.map((activity) => [activity.externalId, activity.type])).toEqual([["plan", "plan_generated"]]);
    expect(synced.activities[0]!.metadata).toMatchObject({ originator: "agent", plan: { steps: [{ title: "Add a footer" }, { title: "Link the privacy page" }, { title: "Run the tests and review the change" }] } });

    await Promise.all([syncSession(row.id, agent), syncSession(row.id, agent), syncSession(row.id, agent)]);
    expect(await prisma.agentSessionActivity.count({ where: { sessionId: row.id } })).toBe(1);

    const approved = await approvePlan(actor, row.id, agent);
    expect(approved.status).toBe("IN_PROGRESS");
    expect(approved.planApprovedAt).not.toBeNull();
    await expect(approvePlan(actor, row.id, agent)).rejects.toMatchObject({ status: 409, message: "This session has no plan waiting for approval." });

    const messaged = await sendMessage(actor, row.id, "Keep it small", agent);
    expect(messaged.activities.at(-1)).toMatchObject({ type: "user_message", content: "Keep it small" });
    const audit = await prisma.auditLog.findMany({ where: { userId: admin.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((entry) => [(entry.metadata as { event: string }).event, (entry.metadata as { sessionId: string }).sessionId, entry.ipAddress])).toEqual([
      ["agent.start", row.id, "192.0.2.7"],
      ["agent.approve_plan", row.id, "192.0.2.7"],
      ["agent.message", row.id, "192.0.2.7"],
    ]);
    advance(4);
    const done = await syncSession(row.id, agent);
    expect(done.status).toBe("COMPLETED");
    expect(done.activities.map((activity) => activity.type)).toEqual(["plan_generated", "plan_approved", "user_message", "progress", "agent_message", "progress", "progress", "session_completed"]);
    expect(new Set(done.activities.map((activity) => activity.externalId)).size).toBe(done.activities.length);
    expect(done.lastActivityAt?.getTime()).toBe(done.activities.at(-1)!.createdAt.getTime());
  });

  it("records why a session failed", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const actor = { id: admin.id, ipAddress: "192.0.2.7" };
    const { agent, advance } = localAgent();
    const row = await startSession(actor, { ...start, prompt: "Break the build [fail]", requirePlanApproval: false }, agent);
    advance(3);
    const failed = await syncSession(row.id, agent);
    expect(failed).toMatchObject({ status: "FAILED", errorMessage: expect.stringContaining("[fail]") });
  });

  it("still shows a session when the provider cannot be reached, saying why, and stops asking once it is finished", async () => {
    const admin = await makeUser({ role: "ADMIN" });
    const actor = { id: admin.id, ipAddress: "192.0.2.7" };
    const { agent } = localAgent();
    const row = await startSession(actor, start, agent);
    let calls = 0;
    const down: AgentProviderClient = {
      ...agent,
      getSession: async () => {
        calls++;
        throw new AgentProviderError(429, "Jules is limiting how often it is called (429). Try again in 60 seconds.", { retryAfterSeconds: 60 });
      },
    };
    const loaded = await loadSession(row.id, down);
    expect(loaded.syncError).toBe("Jules is limiting how often it is called (429). Try again in 60 seconds.");
    expect(loaded.session.id).toBe(row.id);
    const listed = await listSessions(1, down);
    expect(listed.syncError).toBe("Jules is limiting how often it is called (429). Try again in 60 seconds.");
    expect(listed.sessions.some((session) => session.id === row.id)).toBe(true);

    await prisma.externalAgentSession.update({ where: { id: row.id }, data: { status: "COMPLETED" } });
    const before = calls;
    expect((await loadSession(row.id, down)).syncError).toBeNull();
    expect(calls).toBe(before);
    await expect(loadSession("missing", down)).rejects.toMatchObject({ status: 404 });
  });
});
