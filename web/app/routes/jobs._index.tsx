/** The user's enhancement job history, newest first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Card, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { listJobs } from "../.server/jobs/views.server.ts";
import { JOB_STATUS_TONE } from "../components/jobs.ts";
import { ENHANCEMENT_LABEL } from "@spike-land/shared/tokens/tiers";

export const meta: MetaFunction = () => [{ title: "Enhancement jobs — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const result = await listJobs(user.id, page);
  return {
    page: result.page,
    pages: result.pages,
    total: result.total,
    jobs: result.jobs.map((job) => ({
      id: job.id,
      imageName: job.image.name,
      tierName: ENHANCEMENT_LABEL[job.tier],
      tokensCost: job.tokensCost,
      status: job.status,
      createdAt: job.createdAt.toISOString(),
    })),
  };
}

export default function JobsPage() {
  const { jobs, page, pages, total } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading title="Enhancement jobs" description={`${total} job${total === 1 ? "" : "s"} so far.`} />
      <Card>
        {jobs.length === 0 ? (
          <p className="text-slate-600">
            No jobs yet. Open one of your <Link to="/images" className="font-semibold text-brand-700 hover:underline">images</Link> and enhance it.
          </p>
        ) : (
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
                  <td className="py-2">{new Date(job.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {pages > 1 ? (
          <nav className="mt-4 flex justify-between text-sm" aria-label="Pages">
            {page > 1 ? <Link to={`?page=${page - 1}`}>Newer</Link> : <span />}
            <span>
              Page {page} of {pages}
            </span>
            {page < pages ? <Link to={`?page=${page + 1}`}>Older</Link> : <span />}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
