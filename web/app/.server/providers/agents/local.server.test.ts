/** The local agent's walk through a session's states over time, its plan, its answers to messages, and plan approval. */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLocalAgent, LOCAL_SOURCE, planFor } from "./local.server.ts";
import { AgentProviderError } from "./types.ts";

const STEP = 10;

function agentWithClock() {
  const clock = { at: new Date("2026-03-01T12:00:00Z").getTime() };
  const agent = createLocalAgent({ dir: mkdtempSync(path.join(os.tmpdir(), "local-agent-")), stepSeconds: STEP, now: () => new Date(clock.at) });
  const advance = (steps: number) => (clock.at += steps * STEP * 1000);
  return { agent, advance };
}

const input = (prompt: string, requirePlanApproval: boolean) => ({ prompt, title: "Task", source: LOCAL_SOURCE.name, startingBranch: "main", requirePlanApproval });

describe("the local agent", () => {
  it("plans from the prompt's list items or sentences, and ends with a testing step", () => {
    expect(planFor("- Add a footer\n- Link the privacy page").map((step) => step.title)).toEqual(["Add a footer", "Link the privacy page", "Run the tests and review the change"]);
    expect(planFor("Rename the helper. Update its callers!").map((step) => step.title)).toEqual(["Rename the helper", "Update its callers", "Run the tests and review the change"]);
    expect(planFor("Fix the typo in the README").map((step) => step.title)).toEqual(["Find the code “Fix the typo in the README” touches", "Make the change: Fix the typo in the README", "Run the tests and review the change"]);
    expect(planFor("a. b.").map((step) => step.index)).toEqual([0, 1, 2]);
  });

  it("walks a session needing approval through queued, planning, awaiting approval, in progress and completed", async () => {
    const { agent, advance } = agentWithClock();
    const session = await agent.createSession(input("Add a footer. Link the privacy page.", true));
    expect(session).toMatchObject({ name: `sessions/${session.id}`, state: "QUEUED", title: "Task", source: LOCAL_SOURCE.name, startingBranch: "main", url: null });
    expect(await agent.listActivities(session.name)).toEqual([]);
    await expect(agent.approvePlan(session.name)).rejects.toMatchObject({ status: 400, message: "There is no plan waiting for approval: the session is queued." });

    advance(1);
    expect((await agent.getSession(session.name)).state).toBe("PLANNING");
    advance(1);
    expect((await agent.getSession(session.name)).state).toBe("AWAITING_PLAN_APPROVAL");
    const [plan] = await agent.listActivities(session.name);
    expect(plan).toMatchObject({ id: "plan", type: "plan_generated", originator: "agent" });
    expect(plan!.plan!.steps.map((step) => step.title)).toEqual(["Add a footer", "Link the privacy page", "Run the tests and review the change"]);

    advance(5);
    expect((await agent.getSession(session.name)).state).toBe("AWAITING_PLAN_APPROVAL");
    await agent.approvePlan(session.name);
    expect((await agent.getSession(session.name)).state).toBe("IN_PROGRESS");
    advance(2);
    const midway = await agent.listActivities(session.name);
    expect(midway.map((activity) => activity.id)).toEqual(["plan", "plan-approved", "progress-1", "progress-2"]);
    expect(midway[1]).toMatchObject({ type: "plan_approved", originator: "user" });
    expect(midway[3]).toMatchObject({ type: "progress", title: "Link the privacy page", content: "Step 2 of 3 done." });

    advance(2);
    const done = await agent.getSession(session.name);
    expect(done.state).toBe("COMPLETED");
    expect((await agent.listActivities(session.name)).map((activity) => activity.type).slice(-2)).toEqual(["progress", "session_completed"]);
  });

  it("approves its own plan when no approval is asked for, and fails on request", async () => {
    const { agent, advance } = agentWithClock();
    const session = await agent.createSession(input("Tidy the styles", false));
    advance(2);
    expect((await agent.getSession(session.name)).state).toBe("IN_PROGRESS");
    expect((await agent.listActivities(session.name))[1]).toMatchObject({ type: "plan_approved", originator: "system" });
    advance(4);
    expect((await agent.getSession(session.name)).state).toBe("COMPLETED");

    const failing = await agent.createSession(input("Break everything [fail]", false));
    advance(3);
    expect((await agent.getSession(failing.name)).state).toBe("FAILED");
    expect((await agent.listActivities(failing.name)).at(-1)).toMatchObject({ type: "session_failed", originator: "system" });
  });

  it("answers each message a step later with where the session stands", async () => {
    const { agent, advance } = agentWithClock();
    const session = await agent.createSession(input("One. Two.", true));
    advance(2);
    await agent.sendMessage(session.name, "Keep it small");
    expect((await agent.listActivities(session.name)).at(-1)).toMatchObject({ id: "message-1", type: "user_message", originator: "user", content: "Keep it small" });
    advance(1);
    expect((await agent.listActivities(session.name)).at(-1)).toMatchObject({ id: "reply-1", type: "agent_message", content: "Noted: “Keep it small”. The plan is waiting for your approval; I will keep this in mind once it is approved." });
    await agent.approvePlan(session.name);
    advance(1);
    await agent.sendMessage(session.name, "Use tabs");
    advance(1);
    expect((await agent.listActivities(session.name)).at(-1)!.content).toBe("Noted: “Use tabs”. I am on step 2 of 3 (Two) and will take it into account for the rest.");
  });

  it("knows only its own sessions and repository", async () => {
    const { agent } = agentWithClock();
    await expect(agent.getSession("sessions/123")).rejects.toBeInstanceOf(AgentProviderError);
    await expect(agent.getSession("sessions/../../etc/passwd")).rejects.toMatchObject({ status: 404 });
    await expect(agent.createSession({ ...input("Do it", false), source: "sources/github/acme/web" })).rejects.toMatchObject({ status: 404 });
    expect(await agent.listSources()).toEqual([LOCAL_SOURCE]);
  });
});
