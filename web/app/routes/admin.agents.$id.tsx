/**
 * Admin: one coding-agent session: its task, status and plan, the timeline of its activities, an
 * "Approve plan" button while the plan waits, and a message box. The page refreshes itself every few
 * seconds while the session runs (each load syncs it from the provider).
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { approvePlan, loadSession, sendMessage, type SessionMetadata } from "../.server/agent-sessions/agent-sessions.server.ts";
import { MESSAGE_MAX, sessionActionForm } from "../components/agents/agent-forms.ts";
import { SessionStatusBadge, isRunning, repoLabel } from "../components/agents/agent-status.tsx";
import { SessionTimeline } from "../components/agents/session-timeline.tsx";
import { TextareaField } from "../components/admin/form-fields.tsx";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Button, Card, FormMessage } from "../components/ui.tsx";
import { resultFor } from "../lib/form-reply.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.session.name ?? "Agent session"} — Admin — Spike Land` }];

/** How often a running session's page reloads itself. */
const REFRESH_MS = 5000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { session, syncError } = await orPageError(loadSession(params.id ?? ""));
  const metadata = (session.metadata ?? {}) as Partial<SessionMetadata>;
  return {
    session: {
      id: session.id,
      name: session.name,
      prompt: session.description,
      status: session.status,
      sourceRepo: session.sourceRepo,
      startingBranch: session.startingBranch,
      pullRequestUrl: session.pullRequestUrl,
      errorMessage: session.errorMessage,
      planApprovedAt: session.planApprovedAt,
      createdAt: session.createdAt,
      lastActivityAt: session.lastActivityAt,
      url: metadata.url ?? null,
      local: metadata.provider === "local",
    },
    activities: session.activities.map((activity) => ({ id: activity.id, type: activity.type, content: activity.content, createdAt: activity.createdAt, metadata: activity.metadata })),
    syncError,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requireRole(request, "ADMIN");
  const actor = { id: admin.id, ipAddress: clientIp(request) };
  const id = params.id ?? "";
  return handleForm(
    request,
    sessionActionForm,
    async (input) => {
      if (input.intent === "approve") {
        await approvePlan(actor, id);
        return "Plan approved: the work starts now.";
      }
      if (input.intent === "message") {
        await sendMessage(actor, id, input.message);
        return "Message sent.";
      }
      await loadSession(id);
      return null;
    },
    { resetForm: true, notFoundIsPage: true },
  );
}

const when = (value: Date | string) => `${formatDateTime(value, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" })} UTC`;

function useAutoRefresh(running: boolean) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle" && navigation.state === "idle") revalidator.revalidate();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [running, revalidator, navigation.state]);
}

export default function AdminAgentSession() {
  const { session, activities, syncError } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const running = isRunning(session.status);
  useAutoRefresh(running);
  const [form, fields] = useForm({
    id: "agent-message",
    lastResult: resultFor(reply, "message"),
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: sessionActionForm }),
  });

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/agents" className="text-brand-700 hover:underline">← All agent sessions</Link>
      </p>
      <Card aria-labelledby="session-heading">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h2 id="session-heading" className="min-w-0 break-words text-xl font-semibold">{session.name}</h2>
          <SessionStatusBadge status={session.status} />
        </div>
        <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-600">Repository</dt>
            <dd className="break-all font-medium">{repoLabel(session.sourceRepo)}{session.startingBranch ? ` · ${session.startingBranch}` : ""}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Started</dt>
            <dd className="font-medium">{when(session.createdAt)}</dd>
          </div>
          <div>
            <dt className="text-slate-600">Agent</dt>
            <dd className="font-medium">
              {session.url ? (
                <a href={session.url} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer">Open in Jules</a>
              ) : session.local ? "Local agent (no JULES_API_KEY)" : "Jules"}
            </dd>
          </div>
          {session.pullRequestUrl ? (
            <div>
              <dt className="text-slate-600">Pull request</dt>
              <dd className="break-all font-medium">
                <a href={session.pullRequestUrl} className="text-brand-700 hover:underline" target="_blank" rel="noreferrer">{session.pullRequestUrl}</a>
              </dd>
            </div>
          ) : null}
        </dl>
        {session.prompt ? (
          <div className="mt-4">
            <h3 className="text-sm text-slate-600">Task</h3>
            <p className="mt-1 whitespace-pre-wrap break-words rounded-lg bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200">{session.prompt}</p>
          </div>
        ) : null}
        {syncError ? (
          <div className="mt-4">
            <FormMessage>Showing what was last stored: {syncError}</FormMessage>
          </div>
        ) : null}
        {session.status === "AWAITING_PLAN_APPROVAL" ? (
          <Form method="post" className="mt-6 flex flex-col gap-3 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-amber-900">The plan below is waiting for your approval. No code changes until it is approved.</p>
            <Button type="submit" name="intent" value="approve" disabled={busy} className="shrink-0">Approve plan</Button>
          </Form>
        ) : null}
        <div className="mt-4">
          <ReplyMessage reply={reply} intent="approve" />
        </div>
      </Card>

      <Card aria-labelledby="activity-heading">
        <div className="mb-6 flex flex-wrap items-center justify-between gap-2">
          <h2 id="activity-heading" className="text-lg font-semibold">Activity</h2>
          <p className="text-xs text-slate-500" aria-live="polite">
            {running ? "Refreshing every few seconds while the session runs." : session.lastActivityAt ? `Last activity ${when(session.lastActivityAt)}` : null}
          </p>
        </div>
        <SessionTimeline activities={activities} />
      </Card>

      <Card aria-labelledby="message-heading">
        <h2 id="message-heading" className="text-lg font-semibold">Message the agent</h2>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="message" />
          <TextareaField label="Message" meta={fields.message} rows={3} maxLength={MESSAGE_MAX} hint={running ? "Feedback on the plan, an answer to a question, or something it missed." : "The session has ended; a message is answered but changes nothing."} />
          <ReplyMessage reply={reply} intent="message" />
          <Button type="submit" disabled={busy}>{busy && navigation.formData?.get("intent") === "message" ? "Sending…" : "Send message"}</Button>
        </Form>
      </Card>
    </div>
  );
}
