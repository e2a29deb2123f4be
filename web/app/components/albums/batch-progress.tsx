/** An "Enhance all" batch as its progress page shows it: the overall bar with counts, and each photo's job. */
import { Link } from "@remix-run/react";
import { Badge, Card } from "../ui.tsx";
import { JOB_STATUS_TONE } from "../jobs.ts";

export type BatchTotals = { total: number; done: number; running: number; failed: number; tokens: number };
export type BatchItem = { jobId: string; thumb: string; imageName: string; status: string; currentStage: string | null; errorMessage: string | null };

const STAGE_LABEL: Record<string, string> = { ANALYZING: "Analysing", CROPPING: "Cropping", PROMPTING: "Planning corrections", GENERATING: "Generating" };
const STATUS_LABEL: Record<string, string> = {
  PENDING: "Queued",
  PROCESSING: "Working",
  COMPLETED: "Done",
  FAILED: "Failed",
  REFUNDED: "Refunded",
  CANCELLED: "Cancelled",
};

export function BatchProgress({ totals, finished }: { totals: BatchTotals; finished: boolean }) {
  const settled = totals.done + totals.failed;
  const percent = totals.total ? Math.round((settled / totals.total) * 100) : 0;
  return (
    <Card className="space-y-4">
      <div>
        <div className="flex justify-between text-sm text-slate-700">
          <span id="batch-progress-label">{finished ? "Batch finished" : "Working through the batch…"}</span>
          <span>{percent}%</span>
        </div>
        <div
          role="progressbar"
          aria-labelledby="batch-progress-label"
          aria-valuemin={0}
          aria-valuemax={totals.total}
          aria-valuenow={settled}
          aria-valuetext={`${settled} of ${totals.total} finished`}
          className="mt-2 h-3 overflow-hidden rounded-full bg-slate-200"
        >
          <div className="h-full bg-emerald-500 transition-all" style={{ width: `${percent}%` }} />
        </div>
      </div>
      <dl className="grid grid-cols-3 gap-4 text-center" aria-live="polite">
        <div className="rounded-lg bg-emerald-50 p-3">
          <dt className="text-xs font-medium uppercase text-emerald-800">Done</dt>
          <dd className="text-2xl font-bold text-emerald-900" data-testid="batch-done">{totals.done}</dd>
        </div>
        <div className="rounded-lg bg-brand-50 p-3">
          <dt className="text-xs font-medium uppercase text-brand-900">In progress</dt>
          <dd className="text-2xl font-bold text-brand-900" data-testid="batch-running">{totals.running}</dd>
        </div>
        <div className="rounded-lg bg-red-50 p-3">
          <dt className="text-xs font-medium uppercase text-red-800">Failed</dt>
          <dd className="text-2xl font-bold text-red-900" data-testid="batch-failed">{totals.failed}</dd>
        </div>
      </dl>
      {totals.failed > 0 ? <p className="text-sm text-slate-600">Failed and cancelled jobs are refunded automatically.</p> : null}
    </Card>
  );
}

export function BatchItems({ items }: { items: BatchItem[] }) {
  return (
    <ul aria-label="Photos in this batch" className="mt-6 divide-y divide-slate-200 rounded-2xl bg-white ring-1 ring-slate-200">
      {items.map((item) => (
        <li key={item.jobId} className="flex items-center gap-4 p-4" data-testid="batch-item">
          <img src={item.thumb} alt="" className="h-14 w-14 flex-none rounded-lg bg-slate-100 object-cover" />
          <div className="min-w-0 flex-1">
            <Link to={`/jobs/${item.jobId}`} className="block truncate font-medium text-slate-900 hover:text-brand-700 hover:underline">
              {item.imageName}
            </Link>
            <p className="text-sm text-slate-600">
              {item.status === "PROCESSING" && item.currentStage ? `${STAGE_LABEL[item.currentStage]}…` : item.status === "PENDING" ? "Waiting for a worker" : null}
              {item.errorMessage && item.status !== "COMPLETED" ? item.errorMessage : null}
            </p>
          </div>
          <Badge tone={JOB_STATUS_TONE[item.status] ?? "slate"}>{STATUS_LABEL[item.status] ?? item.status}</Badge>
        </li>
      ))}
    </ul>
  );
}
