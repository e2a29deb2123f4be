/** Admin: coding-agent sessions (Jules, or the local agent standing in for it), newest first, and a form to start one. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { DomainError } from "@spike-land/shared/errors";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { listSessions, listSources, startSession } from "../.server/agent-sessions/agent-sessions.server.ts";
import { agentProvider } from "../.server/providers/agents/index.server.ts";
import { startSessionForm } from "../components/agents/agent-forms.ts";
import { SessionStatusBadge, repoLabel } from "../components/agents/agent-status.tsx";
import { StartSessionForm, type SourceOption } from "../components/agents/start-session-form.tsx";
import { Pagination } from "../components/pagination.tsx";
import { Card, FormMessage } from "../components/ui.tsx";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Agent sessions — Admin — Spike Land" }];

const pageQuery = z.coerce.number().int().min(1).max(10_000).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const page = pageQuery.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const [list, sources] = await Promise.all([
    listSessions(page),
    listSources().then(
      (found): { sources: SourceOption[]; sourcesError: string | null } => ({ sources: found, sourcesError: null }),
      (error: unknown) => {
        if (!(error instanceof DomainError)) throw error;
        return { sources: [], sourcesError: `The repositories could not be listed: ${error.message}` };
      },
    ),
  ]);
  const sessions = list.sessions.map((session) => ({
    id: session.id,
    name: session.name,
    status: session.status,
    sourceRepo: session.sourceRepo,
    startingBranch: session.startingBranch,
    createdAt: session.createdAt,
    lastActivityAt: session.lastActivityAt,
    activities: session._count.activities,
  }));
  return { sessions, total: list.total, pages: list.pages, page, syncError: list.syncError, ...sources, local: agentProvider().kind === "local" };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  return handleForm(request, startSessionForm, async (input) => {
    const session = await startSession({ id: actor.id, ipAddress: clientIp(request) }, input);
    return redirect(`/admin/agents/${session.id}`);
  });
}

const when = (value: Date | string) => formatDateTime(value, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });

export default function AdminAgents() {
  const { sessions, total, page, pages, syncError, sources, sourcesError, local } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="grid gap-8 lg:grid-cols-[minmax(0,1fr)_24rem] lg:items-start">
      <Card aria-labelledby="agent-sessions-heading">
        <h2 id="agent-sessions-heading" className="text-lg font-semibold">Agent sessions</h2>
        <p className="text-sm text-slate-600">
          {total} {total === 1 ? "session" : "sessions"}. Unfinished ones are refreshed from {local ? "the local agent" : "Jules"} each time this page loads.
        </p>
        {syncError ? (
          <div className="mt-4">
            <FormMessage>Some sessions could not be refreshed: {syncError}</FormMessage>
          </div>
        ) : null}
        <ul className="mt-6 divide-y divide-slate-100" data-testid="agent-sessions">
          {sessions.map((session) => (
            <li key={session.id} className="py-4 first:pt-0">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <Link to={`/admin/agents/${session.id}`} className="min-w-0 break-words font-medium text-brand-700 hover:underline">
                  {session.name}
                </Link>
                <SessionStatusBadge status={session.status} />
              </div>
              <p className="mt-1 text-sm text-slate-600">
                <span className="break-all">{repoLabel(session.sourceRepo)}</span>
                {session.startingBranch ? <> · {session.startingBranch}</> : null} · started {when(session.createdAt)} UTC · {session.activities}{" "}
                {session.activities === 1 ? "activity" : "activities"}
              </p>
            </li>
          ))}
          {sessions.length === 0 ? <li className="py-3 text-sm text-slate-600">No sessions yet. Start one with the form.</li> : null}
        </ul>
        {pages > 1 ? <Pagination page={page} pages={pages} /> : null}
      </Card>
      <StartSessionForm sources={sources} sourcesError={sourcesError} reply={reply} busy={busy} local={local} />
    </div>
  );
}
