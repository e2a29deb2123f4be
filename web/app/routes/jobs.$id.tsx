/** One enhancement job: live stage progress, then a before/after slider, downloads, cancel and rerun. */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ReplyMessage } from "../components/form-reply.tsx";
import { Card, PageHeading } from "../components/ui.tsx";
import { JobActions, JobFailure, JobResult, JobStatusLine, StageProgress } from "../components/jobs/job-view.tsx";
import { useLiveJob } from "../components/jobs/live-job.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { cancelJob, rerunJob } from "../.server/jobs/requests.server.ts";
import { jobView } from "../.server/jobs/views.server.ts";
import { consume } from "../.server/platform/rate-limit.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Enhancement job — Spike Land" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await jobView(user.id, params.id ?? "");
  if (!job) throw new Response("Not found", { status: 404 });
  return { job };
}

const intents = z.discriminatedUnion("intent", [z.object({ intent: z.literal("cancel") }), z.object({ intent: z.literal("rerun") })], { error: "Unknown action." });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const jobId = params.id ?? "";
  return handleForm(
    request,
    intents,
    async (input) => {
      if (input.intent === "cancel") {
        await cancelJob(user.id, jobId);
        return redirect(`/jobs/${jobId}`);
      }
      await consume("enhancement", user.id);
      const job = await rerunJob(user.id, jobId);
      return redirect(`/jobs/${job.id}`);
    },
    // Someone else's job, or one that is gone, is simply not found.
    { notFoundIsPage: true },
  );
}

export default function JobPage() {
  const { job: initial } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const job = useLiveJob(initial);
  const busy = useNavigation().state !== "idle";
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading
        title={`Enhancing ${job.imageName}`}
        description={`${job.tierName} · ${job.tokensCost} token${job.tokensCost === 1 ? "" : "s"} · started ${formatDateTime(job.createdAt, { timeZone: "UTC" })} UTC`}
        actions={
          <Link to="/jobs" className="text-sm font-semibold text-brand-700 hover:underline">
            All jobs
          </Link>
        }
      />
      <ReplyMessage reply={posted} />
      <Card className="space-y-6">
        <JobStatusLine job={job} />
        <StageProgress job={job} />
        <JobFailure job={job} />
        <JobResult job={job} />
        <JobActions job={job} busy={busy} />
      </Card>
    </div>
  );
}
