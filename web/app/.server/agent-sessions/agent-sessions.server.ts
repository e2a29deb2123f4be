/**
 * Coding-agent sessions for admins: start one on a connected repository, follow its status and
 * activities, approve its plan and send it messages. Sessions are stored in external_agent_sessions
 * (provider JULES, whether Jules itself or the local agent standing in for it) and their activities in
 * agent_session_activities.
 *
 * Syncing happens when the pages are read, not in a background poller: the session page syncs its
 * session on every load (and reloads itself every few seconds while the session runs), the list
 * syncs the unfinished sessions it shows. Nobody waits on a session nobody is looking at, and a
 * finished session is never asked about again. Activities are deduplicated by the provider's
 * activity id, under a lock per session so two syncs at once cannot both insert one.
 */
import { DomainError } from "@spike-land/shared/errors";
import { prisma, type ExternalAgentStatus, type Prisma } from "../platform/db.server.ts";
import { pageCount, pageWindow } from "../platform/pagination.server.ts";
import { recordAudit } from "../platform/audit.server.ts";
import { agentProvider, isFinished, type AgentActivity, type AgentSession } from "../providers/agents/index.server.ts";
import type { AgentProviderClient, AgentSource } from "../providers/agents/types.ts";

export const SESSIONS_PAGE_SIZE = 20;

/** Unfinished sessions synced per list load: enough for a page, few enough to answer quickly. */
const LIST_SYNC_LIMIT = SESSIONS_PAGE_SIZE;

export type StartInput = { prompt: string; title?: string | undefined; source: string; branch: string; requirePlanApproval: boolean };

export type SessionMetadata = { url: string | null; provider: "jules" | "local"; startedBy: string };

export type ActivityMetadata = { originator: string; title: string | null; plan: { id: string; steps: Array<{ id: string; index: number; title: string; description: string | null }> } | null };

function titleFrom(prompt: string): string {
  const line = prompt.split(/\r?\n/).find((part) => part.trim())?.trim() ?? prompt.trim();
  return line.length <= 80 ? line : `${line.slice(0, 79).trimEnd()}…`;
}

export async function listSources(provider: AgentProviderClient = agentProvider()): Promise<AgentSource[]> {
  return provider.listSources();
}

/** The admin acting, for the audit log. */
export type Actor = { id: string; ipAddress: string | null };

export async function startSession(actor: Actor, input: StartInput, provider: AgentProviderClient = agentProvider()) {
  const actorId = actor.id;
  const title = input.title?.trim() || titleFrom(input.prompt);
  const session = await provider.createSession({ prompt: input.prompt, title, source: input.source, startingBranch: input.branch, requirePlanApproval: input.requirePlanApproval });
  const metadata: SessionMetadata = { url: session.url, provider: provider.kind, startedBy: actorId };
  return prisma.$transaction(async (tx) => {
    const row = await tx.externalAgentSession.create({
    data: {
      externalId: session.name,
      provider: "JULES",
      name: session.title || title,
      description: input.prompt,
      status: session.state,
      sourceRepo: session.source ?? input.source,
      startingBranch: session.startingBranch ?? input.branch,
      pullRequestUrl: session.pullRequestUrl,
      lastActivityAt: session.updateTime,
      metadata: { ...metadata, requirePlanApproval: input.requirePlanApproval },
    },
    });
    await recordAudit(tx, { actorId, action: "USER_UPDATE", event: "agent.start", targetId: null, metadata: { sessionId: row.id, externalId: row.externalId, source: row.sourceRepo }, ipAddress: actor.ipAddress });
    return row;
  });
}

async function sessionRow(id: string) {
  const row = await prisma.externalAgentSession.findUnique({ where: { id } });
  if (!row) throw new DomainError(404, "There is no such agent session.");
  return row;
}

function activityContent(activity: AgentActivity): string | null {
  if (activity.type === "plan_generated" && activity.plan) return activity.plan.steps.map((step) => `${step.index + 1}. ${step.title}`).join("\n");
  return activity.content;
}

/** Reads the session and its activities from the provider and stores what is new. */
export async function syncSession(id: string, provider: AgentProviderClient = agentProvider()) {
  const row = await sessionRow(id);
  const [session, activities]: [AgentSession, AgentActivity[]] = await Promise.all([provider.getSession(row.externalId), provider.listActivities(row.externalId)]);
  const plan = activities.findLast((activity) => activity.type === "plan_generated");
  const approved = activities.findLast((activity) => activity.type === "plan_approved");
  const failed = activities.findLast((activity) => activity.type === "session_failed");
  const latest = activities.reduce<Date | null>((last, activity) => (!last || activity.createTime > last ? activity.createTime : last), null);
  const metadata = { ...((row.metadata ?? {}) as Record<string, unknown>), url: session.url };

  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`agent-session:${row.id}`}, 0))`;
    const known = new Set((await tx.agentSessionActivity.findMany({ where: { sessionId: row.id }, select: { externalId: true } })).map((activity) => activity.externalId));
    const fresh = activities.filter((activity) => activity.id && !known.has(activity.id));
    if (fresh.length) {
      await tx.agentSessionActivity.createMany({
        data: fresh.map((activity) => ({
          sessionId: row.id,
          externalId: activity.id,
          type: activity.type,
          content: activityContent(activity),
          metadata: { originator: activity.originator, title: activity.title, plan: activity.plan } satisfies ActivityMetadata as Prisma.InputJsonValue,
          createdAt: activity.createTime,
        })),
      });
    }
    await tx.externalAgentSession.update({
      where: { id: row.id },
      data: {
        status: session.state as ExternalAgentStatus,
        ...(session.title ? { name: session.title } : {}),
        pullRequestUrl: session.pullRequestUrl ?? row.pullRequestUrl,
        planSummary: plan ? activityContent(plan) : row.planSummary,
        planApprovedAt: approved?.createTime ?? row.planApprovedAt,
        errorMessage: failed?.content ?? row.errorMessage,
        lastActivityAt: latest ?? session.updateTime,
        metadata,
      },
    });
  });
  return getSession(row.id);
}

/** A session with its activities, oldest first. */
export async function getSession(id: string) {
  const row = await prisma.externalAgentSession.findUnique({ where: { id }, include: { activities: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } } });
  if (!row) throw new DomainError(404, "There is no such agent session.");
  return row;
}

/** Syncs the session, and on a provider failure still answers with what is stored, and why it is not fresh. */
export async function loadSession(id: string, provider: AgentProviderClient = agentProvider()) {
  const row = await sessionRow(id);
  if (isFinished(row.status)) return { session: await getSession(id), syncError: null };
  try {
    return { session: await syncSession(id, provider), syncError: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { session: await getSession(id), syncError: error.message };
  }
}

export async function listSessions(page: number, provider: AgentProviderClient = agentProvider()) {
  const unfinished = await prisma.externalAgentSession.findMany({
    where: { status: { notIn: ["COMPLETED", "FAILED"] } },
    orderBy: { createdAt: "desc" },
    take: LIST_SYNC_LIMIT,
    select: { id: true },
  });
  const results = await Promise.allSettled(unfinished.map((session) => syncSession(session.id, provider)));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure && !(failure.reason instanceof DomainError)) throw failure.reason;
  const [total, sessions] = await prisma.$transaction([
    prisma.externalAgentSession.count(),
    prisma.externalAgentSession.findMany({ orderBy: { createdAt: "desc" }, ...pageWindow(page, SESSIONS_PAGE_SIZE), include: { _count: { select: { activities: true } } } }),
  ]);
  return { sessions, total, pages: pageCount(total, SESSIONS_PAGE_SIZE), syncError: failure ? (failure.reason as DomainError).message : null };
}

export async function approvePlan(actor: Actor, id: string, provider: AgentProviderClient = agentProvider()) {
  const row = await sessionRow(id);
  if (row.status !== "AWAITING_PLAN_APPROVAL") throw new DomainError(409, "This session has no plan waiting for approval.");
  await provider.approvePlan(row.externalId);
  await recordAudit(prisma, { actorId: actor.id, action: "USER_UPDATE", event: "agent.approve_plan", metadata: { sessionId: row.id, externalId: row.externalId }, ipAddress: actor.ipAddress });
  return syncSession(id, provider);
}

export async function sendMessage(actor: Actor, id: string, message: string, provider: AgentProviderClient = agentProvider()) {
  const row = await sessionRow(id);
  await provider.sendMessage(row.externalId, message);
  await recordAudit(prisma, { actorId: actor.id, action: "USER_UPDATE", event: "agent.message", metadata: { sessionId: row.id, externalId: row.externalId, length: message.length }, ipAddress: actor.ipAddress });
  return syncSession(id, provider);
}
