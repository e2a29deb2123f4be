/**
 * The steps a box's browser was asked to do, newest first: what each was, its status, and what came
 * of it (the page it reached, a screenshot thumbnail opening the full image, the text read, or why
 * it failed).
 */
import { formatTime } from "../../lib/format.ts";
import { Badge } from "../ui.tsx";
import { shortUrl, TASK_STATUS, taskOutcome, taskStep, type TaskRow } from "./task-labels.ts";

const EXCERPT = 280;

function Outcome({ task }: { task: TaskRow }) {
  const outcome = taskOutcome(task);
  switch (outcome.kind) {
    case "page":
      return (
        <p className="text-sm text-slate-700">
          Now at {outcome.title ? <>“{outcome.title}” </> : null}
          <span className="wrap-anywhere text-slate-600">({shortUrl(outcome.url)})</span>
        </p>
      );
    case "screenshot":
      return (
        <a href={outcome.url} target="_blank" rel="noreferrer" className="block w-fit rounded-lg ring-1 ring-slate-200 hover:ring-brand-500">
          <img
            src={outcome.url}
            alt={`Screenshot of the box's browser${outcome.width && outcome.height ? `, ${outcome.width} × ${outcome.height}` : ""}`}
            loading="lazy"
            width={outcome.width ?? undefined}
            height={outcome.height ?? undefined}
            className="h-auto max-h-40 w-auto max-w-full rounded-lg bg-slate-100 object-contain"
          />
          <span className="sr-only"> (opens the full-size image)</span>
        </a>
      );
    case "text": {
      const flat = outcome.text.replace(/\s+/g, " ").trim();
      if (!flat) return <p className="text-sm text-slate-600">No text there.</p>;
      return flat.length <= EXCERPT ? (
        <blockquote className="border-l-2 border-slate-300 pl-3 text-sm text-slate-700">{flat}</blockquote>
      ) : (
        <details className="text-sm text-slate-700">
          <summary className="cursor-pointer border-l-2 border-slate-300 pl-3">
            {flat.slice(0, EXCERPT).trimEnd()}… <span className="font-semibold text-brand-700">Show all</span>
          </summary>
          <p className="mt-2 whitespace-pre-wrap border-l-2 border-slate-300 pl-3">{outcome.text}</p>
          {outcome.truncated ? <p className="mt-1 text-xs text-slate-600">The page had more text than a step reads.</p> : null}
        </details>
      );
    }
    case "none":
      return null;
  }
}

export function BoxTasks({ tasks }: { tasks: TaskRow[] }) {
  return (
    <section aria-labelledby="box-tasks-heading" className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="box-tasks-heading" className="text-lg font-semibold text-slate-900">
        Steps
      </h2>
      {tasks.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">What you ask for in the chat runs here step by step, with the results.</p>
      ) : (
        <ol className="mt-3 max-h-[32rem] divide-y divide-slate-100 overflow-y-auto" data-testid="box-tasks">
          {tasks.map((task) => {
            const status = TASK_STATUS[task.status] ?? { label: task.status, tone: "slate" as const };
            return (
              <li key={task.id} className="space-y-2 py-3">
                <div className="flex items-start justify-between gap-3">
                  <p className="min-w-0 wrap-anywhere text-sm font-medium text-slate-900">{taskStep(task)}</p>
                  <span className="flex shrink-0 items-center gap-2">
                    <span className="text-xs text-slate-600">{formatTime(task.createdAt, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" })}</span>
                    <Badge tone={status.tone}>{status.label}</Badge>
                  </span>
                </div>
                <Outcome task={task} />
                {task.error ? <p className={task.status === "FAILED" ? "text-sm text-red-700" : "text-sm text-slate-600"}>{task.error}</p> : null}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
