/**
 * A coding-agent session's activities, oldest first: the plan with its steps, approvals, progress
 * updates, messages both ways, and how the session ended.
 */
import { formatDateTime } from "../../lib/format.ts";
import { cx } from "../ui.tsx";

export type TimelineActivity = {
  id: string;
  type: string;
  content: string | null;
  createdAt: Date | string;
  metadata: unknown;
};

type Plan = { steps: Array<{ id: string; index: number; title: string; description: string | null }> };
type Meta = { originator?: string; title?: string | null; plan?: Plan | null };

const when = (value: Date | string) => formatDateTime(value, { timeZone: "UTC", dateStyle: "medium", timeStyle: "medium" });

const HEADING: Record<string, string> = {
  plan_generated: "Plan",
  plan_approved: "Plan approved",
  user_message: "You",
  agent_message: "Agent",
  progress: "Progress",
  session_completed: "Completed",
  session_failed: "Failed",
};

const DOT: Record<string, string> = {
  plan_generated: "bg-amber-500",
  plan_approved: "bg-emerald-500",
  user_message: "bg-slate-500",
  agent_message: "bg-brand-600",
  progress: "bg-brand-500",
  session_completed: "bg-emerald-600",
  session_failed: "bg-red-600",
};

function Body({ activity, meta }: { activity: TimelineActivity; meta: Meta }) {
  if (activity.type === "plan_generated" && meta.plan) {
    return (
      <ol className="mt-2 space-y-2">
        {meta.plan.steps.map((step) => (
          <li key={step.id} className="flex gap-3">
            <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-700" aria-hidden="true">
              {step.index + 1}
            </span>
            <div className="min-w-0">
              <p className="break-words font-medium text-slate-900">
                <span className="sr-only">Step {step.index + 1}: </span>
                {step.title}
              </p>
              {step.description ? <p className="break-words text-sm text-slate-600">{step.description}</p> : null}
            </div>
          </li>
        ))}
      </ol>
    );
  }
  const message = activity.type === "user_message" || activity.type === "agent_message";
  return (
    <>
      {meta.title ? <p className="mt-1 break-words font-medium text-slate-900">{meta.title}</p> : null}
      {activity.content ? (
        <p className={cx("mt-1 whitespace-pre-wrap break-words text-sm", message ? "rounded-lg bg-slate-50 px-3 py-2 text-slate-800 ring-1 ring-slate-200" : "text-slate-700", activity.type === "session_failed" && "text-red-700")}>
          {activity.content}
        </p>
      ) : null}
    </>
  );
}

export function SessionTimeline({ activities }: { activities: TimelineActivity[] }) {
  if (activities.length === 0) return <p className="text-sm text-slate-600">Nothing has happened yet: the session is waiting to start.</p>;
  return (
    <ol className="relative space-y-6 border-l border-slate-200 pl-6" aria-label="Activity">
      {activities.map((activity) => {
        const meta = (activity.metadata ?? {}) as Meta;
        return (
          <li key={activity.id} className="relative">
            <span className={cx("absolute -left-[31px] top-1.5 h-3 w-3 rounded-full ring-4 ring-white", DOT[activity.type] ?? "bg-slate-400")} aria-hidden="true" />
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <h3 className="text-sm font-semibold text-slate-900">{HEADING[activity.type] ?? "Update"}</h3>
              <time className="text-xs text-slate-500" dateTime={new Date(activity.createdAt).toISOString()}>
                {when(activity.createdAt)} UTC
              </time>
            </div>
            <Body activity={activity} meta={meta} />
          </li>
        );
      })}
    </ol>
  );
}
