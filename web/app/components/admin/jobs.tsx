/** The admin jobs dashboard: counts by status and tier as bar charts and a table, recent failures, and the filtered list with a free rerun. */
import { Form, Link } from "@remix-run/react";
import { ENHANCEMENT_LABEL, type EnhancementTier } from "@spike-land/shared/tokens/tiers";
import type { AdminJob, JobCounts, JobFilter, JobStatus } from "../../.server/admin/jobs.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { JOB_STATUS_TONE } from "../jobs.ts";
import { Pagination } from "../pagination.tsx";
import { Badge, Button, Card } from "../ui.tsx";
import { formatDateTime } from "../../lib/format.ts";

const BAR_COLOUR: Record<string, string> = {
  PENDING: "bg-slate-400",
  PROCESSING: "bg-brand-500",
  COMPLETED: "bg-emerald-500",
  FAILED: "bg-red-500",
  REFUNDED: "bg-amber-500",
  CANCELLED: "bg-amber-300",
};

const label = (value: string) => (value in ENHANCEMENT_LABEL ? ENHANCEMENT_LABEL[value as EnhancementTier] : value.replace(/_/g, " "));

/** A horizontal bar chart whose numbers are text, so it reads the same without seeing the bars. */
function BarChart({ title, rows, testId }: { title: string; rows: Array<{ key: string; value: number; colour: string }>; testId: string }) {
  const max = Math.max(1, ...rows.map((row) => row.value));
  const headingId = `${testId}-heading`;
  return (
    <figure aria-labelledby={headingId} data-testid={testId}>
      <figcaption id={headingId} className="text-sm font-semibold uppercase tracking-wide text-slate-600">{title}</figcaption>
      <ul className="mt-3 space-y-2">
        {rows.map((row) => (
          <li key={row.key} className="grid grid-cols-[7rem_1fr_3rem] items-center gap-3 text-sm">
            <span className="font-medium text-slate-800">{label(row.key)}</span>
            <span className="h-3 rounded-full bg-slate-100" aria-hidden="true">
              <span className={`block h-3 rounded-full ${row.colour}`} style={{ width: `${(row.value / max) * 100}%` }} />
            </span>
            <span className="text-right tabular-nums text-slate-900">{row.value}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

const when = (value: string | Date) => formatDateTime(value, { timeZone: "UTC", dateStyle: "medium", timeStyle: "short" });

function RerunButton({ jobId, imageName, busy }: { jobId: string; imageName: string; busy: boolean }) {
  return (
    <Form method="post" onSubmit={(event) => { if (!confirm(`Run “${imageName}” again for its owner, free of charge?`)) event.preventDefault(); }}>
      <input type="hidden" name="jobId" value={jobId} />
      <Button type="submit" name="intent" value="rerun" variant="secondary" className="px-3 py-1.5" disabled={busy} aria-label={`Rerun the job for ${imageName}`}>Rerun</Button>
    </Form>
  );
}

type DashboardProps = {
  counts: JobCounts;
  failures: AdminJob[];
  jobs: AdminJob[];
  total: number;
  pages: number;
  filter: JobFilter;
  statuses: readonly JobStatus[];
  tiers: readonly EnhancementTier[];
  reply: FormReply | undefined;
  busy: boolean;
};

/** The whole jobs page: the overview charts and table, recent failures, and the filtered job list. */
export function JobsDashboard({ counts, failures, jobs, total, pages, filter, statuses, tiers, reply, busy }: DashboardProps) {
  return (
    <div className="space-y-6">
      <Card aria-labelledby="job-counts-heading">
        <h2 id="job-counts-heading" className="text-lg font-semibold">Jobs overview</h2>
        <p className="text-sm text-slate-600">{counts.total} {counts.total === 1 ? "job" : "jobs"} in all</p>
        <div className="mt-6 grid gap-8 md:grid-cols-2">
          <BarChart title="By status" testId="chart-status" rows={statuses.map((status) => ({ key: status, value: counts.byStatus[status], colour: BAR_COLOUR[status] ?? "bg-slate-400" }))} />
          <BarChart title="By tier" testId="chart-tier" rows={tiers.map((tier) => ({ key: tier, value: counts.byTier[tier], colour: "bg-brand-500" }))} />
        </div>
        <div className="mt-8 overflow-x-auto">
          <table className="w-full text-right text-sm tabular-nums" data-testid="status-tier-table">
            <caption className="mb-2 text-left text-sm font-semibold uppercase tracking-wide text-slate-600">Status by tier</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 text-left font-medium">Status</th>
                {tiers.map((tier) => <th key={tier} scope="col" className="py-2 pr-4 font-medium">{label(tier)}</th>)}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {statuses.map((status) => (
                <tr key={status}>
                  <th scope="row" className="py-2 pr-4 text-left font-medium">{status}</th>
                  {tiers.map((tier) => <td key={tier} className="py-2 pr-4">{counts.byStatusAndTier[status][tier]}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <ReplyMessage reply={reply} />

      <Card aria-labelledby="failures-heading">
        <h2 id="failures-heading" className="text-lg font-semibold">Recent failures</h2>
        {failures.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No failed jobs. All good.</p>
        ) : (
          <ul className="mt-4 divide-y divide-slate-100" data-testid="failures">
            {failures.map((job) => (
              <li key={job.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
                <div className="min-w-0">
                  <p className="text-sm font-medium text-slate-900">
                    {job.image.name} · {label(job.tier)} · <span className="text-slate-600">{job.user.email ?? job.user.name}</span>
                  </p>
                  <p className="mt-1 break-words font-mono text-xs text-red-800">{job.errorMessage}</p>
                  <p className="mt-1 text-xs text-slate-600">
                    {job.status} · {when(job.createdAt)} UTC{job.retryCount > 0 ? ` · ${job.retryCount} ${job.retryCount === 1 ? "attempt" : "attempts"}` : ""}
                  </p>
                </div>
                <RerunButton jobId={job.id} imageName={job.image.name} busy={busy} />
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card aria-labelledby="job-list-heading">
        <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
          <div>
            <h2 id="job-list-heading" className="text-lg font-semibold">All jobs</h2>
            <p className="text-sm text-slate-600">{total} matching</p>
          </div>
          <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor="job-status" className="block text-sm font-medium text-slate-700">Status</label>
              <select id="job-status" name="status" defaultValue={filter.status ?? ""} className="mt-1 rounded-lg border-0 py-2 pl-3 pr-8 ring-1 ring-inset ring-slate-300">
                <option value="">All</option>
                {statuses.map((status) => <option key={status} value={status}>{status}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="job-tier" className="block text-sm font-medium text-slate-700">Tier</label>
              <select id="job-tier" name="tier" defaultValue={filter.tier ?? ""} className="mt-1 rounded-lg border-0 py-2 pl-3 pr-8 ring-1 ring-inset ring-slate-300">
                <option value="">All</option>
                {tiers.map((tier) => <option key={tier} value={tier}>{label(tier)}</option>)}
              </select>
            </div>
            <Button type="submit" variant="secondary">Filter</Button>
            {filter.status || filter.tier ? <Link to="/admin/jobs" className="px-2 py-2 text-sm font-semibold text-brand-700 hover:underline">Clear</Link> : null}
          </Form>
        </div>
        <div className="mt-6 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="admin-jobs">
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Created (UTC)</th>
                <th scope="col" className="py-2 pr-4 font-medium">Photo</th>
                <th scope="col" className="py-2 pr-4 font-medium">Owner</th>
                <th scope="col" className="py-2 pr-4 font-medium">Tier</th>
                <th scope="col" className="py-2 pr-4 font-medium">Tokens</th>
                <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{when(job.createdAt)}</td>
                  <td className="py-3 pr-4">{job.image.name}</td>
                  <td className="py-3 pr-4"><Link to={`/admin/users/${job.user.id}`} className="text-brand-700 hover:underline">{job.user.email ?? job.user.name}</Link></td>
                  <td className="py-3 pr-4">{label(job.tier)}</td>
                  <td className="py-3 pr-4 tabular-nums">{job.tokensCost}</td>
                  <td className="py-3 pr-4">
                    <Badge tone={JOB_STATUS_TONE[job.status] ?? "slate"}>{job.status}</Badge>
                    {job.errorMessage && job.status !== "COMPLETED" ? <p className="mt-1 max-w-xs truncate text-xs text-slate-600" title={job.errorMessage}>{job.errorMessage}</p> : null}
                  </td>
                  <td className="py-3 pl-2 text-right">
                    {["COMPLETED", "FAILED", "REFUNDED", "CANCELLED"].includes(job.status) ? <RerunButton jobId={job.id} imageName={job.image.name} busy={busy} /> : null}
                  </td>
                </tr>
              ))}
              {jobs.length === 0 ? <tr><td colSpan={7} className="py-3 text-slate-600">No jobs match these filters.</td></tr> : null}
            </tbody>
          </table>
        </div>
        <Pagination page={filter.page} pages={pages} />
      </Card>
    </div>
  );
}
