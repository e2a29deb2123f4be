/** The user's enhancement jobs as a table (image, tier, cost, status, date), with newer / older page links. */
import { Link } from "@remix-run/react";
import { Badge } from "../ui.tsx";
import { JOB_STATUS_TONE } from "../jobs.ts";
import { formatDateTime } from "../../lib/format.ts";

export type JobRow = { id: string; imageName: string; tierName: string; tokensCost: number; status: string; createdAt: string };

export function JobTable({ jobs }: { jobs: JobRow[] }) {
  if (jobs.length === 0) {
    return (
      <p className="text-slate-600">
        No jobs yet. Open one of your <Link to="/images" className="font-semibold text-brand-700 hover:underline">images</Link> and enhance it.
      </p>
    );
  }
  return (
    <table className="w-full text-left text-sm">
      <thead className="text-slate-500">
        <tr>
          <th className="py-2">Image</th>
          <th className="py-2">Tier</th>
          <th className="py-2">Cost</th>
          <th className="py-2">Status</th>
          <th className="py-2">Date (UTC)</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} className="border-t border-slate-100">
            <td className="py-2">
              <Link to={`/jobs/${job.id}`} className="font-semibold text-brand-700 hover:underline">
                {job.imageName}
              </Link>
            </td>
            <td className="py-2">{job.tierName}</td>
            <td className="py-2">{job.tokensCost}</td>
            <td className="py-2">
              <Badge tone={JOB_STATUS_TONE[job.status] ?? "slate"}>{job.status}</Badge>
            </td>
            <td className="py-2">{formatDateTime(job.createdAt, { timeZone: "UTC" })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function JobPager({ page, pages }: { page: number; pages: number }) {
  if (pages <= 1) return null;
  return (
    <nav className="mt-4 flex justify-between text-sm" aria-label="Pages">
      {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : <span />}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? <Link to={`?page=${page + 1}`}>Older</Link> : <span />}
    </nav>
  );
}
