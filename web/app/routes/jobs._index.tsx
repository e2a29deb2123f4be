/** The user's enhancement job history, newest first. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ENHANCEMENT_LABEL } from "@spike-land/shared/tokens/tiers";
import { Card, PageHeading } from "../components/ui.tsx";
import { JobPager, JobTable } from "../components/jobs/job-list.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { listJobs } from "../.server/jobs/views.server.ts";

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
        <JobTable jobs={jobs} />
        <JobPager page={page} pages={pages} />
      </Card>
    </div>
  );
}
