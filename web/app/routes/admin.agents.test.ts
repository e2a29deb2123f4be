/** The admin agent-session pages: admins only, starting a session, approving its plan, messaging it, with the local agent. */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prisma } from "../.server/platform/db.server.ts";
import { env } from "../.server/platform/env.server.ts";
import { LOCAL_SOURCE } from "../.server/providers/agents/local.server.ts";
import { LOCAL_STEP_SECONDS } from "../.server/providers/agents/index.server.ts";
import { makeUser, signIn } from "../../test/fixtures.ts";
import { formRequest, getRequest, routeArgs, run } from "../../test/request.ts";
import { action as listAction, loader as listLoader } from "./admin.agents._index.tsx";
import { action as sessionAction, loader as sessionLoader } from "./admin.agents.$id.tsx";

async function signedIn(role: "USER" | "ADMIN" = "ADMIN") {
  const user = await makeUser({ role });
  return { user, ...(await signIn(user.id)) };
}

const startFields = { intent: "start", prompt: "Add a footer.\nLink the privacy page.", title: "", source: LOCAL_SOURCE.name, branch: "main", requirePlanApproval: "on" };

/** Moves a local session's clock back, as if it had been created `steps` steps ago. */
async function age(externalId: string, steps: number) {
  const file = path.resolve(env.DATA_DIR, "agent-sessions", `${externalId.replace("sessions/", "")}.json`);
  const stored = JSON.parse(await readFile(file, "utf8")) as { createdAt: string };
  stored.createdAt = new Date(new Date(stored.createdAt).getTime() - steps * LOCAL_STEP_SECONDS * 1000).toISOString();
  await writeFile(file, JSON.stringify(stored));
}

describe("the admin agent pages", () => {
  it("are for admins only", async () => {
    const { cookie } = await signedIn("USER");
    const admin = await signedIn("ADMIN");
    const started = await run(() => listAction(routeArgs(formRequest("/admin/agents", startFields, { cookie: admin.cookie }))));
    const id = started.location!.split("/").at(-1)!;

    expect((await run(() => listLoader(routeArgs(getRequest("/admin/agents", { cookie }))))).status).toBe(403);
    expect((await run(() => listAction(routeArgs(formRequest("/admin/agents", startFields, { cookie }))))).status).toBe(403);
    expect((await run(() => sessionLoader(routeArgs(getRequest(`/admin/agents/${id}`, { cookie }), { id })))).status).toBe(403);
    expect((await run(() => sessionAction(routeArgs(formRequest(`/admin/agents/${id}`, { intent: "message", message: "hi" }, { cookie }), { id })))).status).toBe(403);
    expect(await prisma.agentSessionActivity.count({ where: { sessionId: id } })).toBe(0);
    expect((await run(() => listLoader(routeArgs(getRequest("/admin/agents"))))).location).toBe("/login?redirectTo=%2Fadmin%2Fagents");
  });

  it("lists the repositories and sessions, and starts a session from the form", async () => {
    const { cookie } = await signedIn();
    const page = await run(() => listLoader(routeArgs(getRequest("/admin/agents", { cookie }))));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ sources: [LOCAL_SOURCE], sourcesError: null, local: true, syncError: null });

    const invalid = await run(() => listAction(routeArgs(formRequest("/admin/agents", { ...startFields, prompt: "short", branch: "main; rm" }, { cookie }))));
    expect(invalid.status).toBe(400);
    expect(invalid.fieldErrors.prompt).toEqual(["Describe the task in at least 10 characters."]);
    expect(invalid.fieldErrors.branch).toEqual(["A branch name has letters, digits, dots, dashes, underscores and slashes only."]);

    const unknownRepo = await run(() => listAction(routeArgs(formRequest("/admin/agents", { ...startFields, source: "sources/github/acme/web" }, { cookie }))));
    expect(unknownRepo.status).toBe(404);
    expect(unknownRepo.message).toContain("works on spike-land/spike-land only");

    const started = await run(() => listAction(routeArgs(formRequest("/admin/agents", startFields, { cookie }))));
    expect(started.location).toMatch(/^\/admin\/agents\/\w+$/);
    const id = started.location!.split("/").at(-1)!;
    expect(await prisma.externalAgentSession.findUniqueOrThrow({ where: { id } })).toMatchObject({ provider: "JULES", status: "QUEUED", name: "Add a footer.", startingBranch: "main", metadata: { requirePlanApproval: true } });

    const listed = await run(() => listLoader(routeArgs(getRequest("/admin/agents", { cookie }))));
    expect(listed.body.sessions).toContainEqual(expect.objectContaining({ id, name: "Add a footer.", status: "QUEUED", activities: 0 }));
  });

  it("shows the plan, approves it, takes messages, and answers 404 for an unknown session", async () => {
    const { cookie } = await signedIn();
    const started = await run(() => listAction(routeArgs(formRequest("/admin/agents", startFields, { cookie }))));
    const id = started.location!.split("/").at(-1)!;
    const row = await prisma.externalAgentSession.findUniqueOrThrow({ where: { id } });
    const post = (fields: Record<string, string>) => run(() => sessionAction(routeArgs(formRequest(`/admin/agents/${id}`, fields, { cookie }), { id })));

    const early = await post({ intent: "approve" });
    expect(early.status).toBe(409);
    expect(early.message).toBe("This session has no plan waiting for approval.");

    await age(row.externalId, 2);
    const page = await run(() => sessionLoader(routeArgs(getRequest(`/admin/agents/${id}`, { cookie }), { id })));
    expect(page.status).toBe(200);
    expect(page.body.session).toMatchObject({ id, status: "AWAITING_PLAN_APPROVAL", local: true, url: null, prompt: startFields.prompt });
    expect(page.body.activities).toHaveLength(1);
    expect(page.body.activities[0]).toMatchObject({ type: "plan_generated", content: "1. Add a footer\n2. Link the privacy page\n3. Run the tests and review the change" });

    const approved = await post({ intent: "approve" });
    expect(approved.status).toBe(200);
    expect(approved.message).toBe("Plan approved: the work starts now.");
    expect((await prisma.externalAgentSession.findUniqueOrThrow({ where: { id } })).status).toBe("IN_PROGRESS");

    const empty = await post({ intent: "message", message: "  " });
    expect(empty.status).toBe(400);
    expect(empty.fieldErrors.message).toEqual(["Write a message."]);
    const sent = await post({ intent: "message", message: "Keep the footer small" });
    expect(sent.message).toBe("Message sent.");
    expect(await prisma.agentSessionActivity.findFirst({ where: { sessionId: id, type: "user_message" } })).toMatchObject({ content: "Keep the footer small" });

    const missing = await run(() => sessionLoader(routeArgs(getRequest("/admin/agents/nope", { cookie }), { id: "nope" })));
    expect(missing.status).toBe(404);
    expect((await run(() => sessionAction(routeArgs(formRequest("/admin/agents/nope", { intent: "approve" }, { cookie }), { id: "nope" })))).status).toBe(404);
  });
});
