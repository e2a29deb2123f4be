/**
 * Admin: enhancement jobs at a glance — counts by status and by tier as bar charts with their numbers,
 * a status × tier table, recent failures with their error, and a filtered list with a free rerun.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";
import { JobsDashboard } from "../components/admin/jobs.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { adminRerunJob, JOB_STATUSES, jobCounts, listAdminJobs, parseJobFilter, recentFailures } from "../.server/admin/jobs.server.ts";

export const meta: MetaFunction = () => [{ title: "Jobs — Admin — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const filter = parseJobFilter(new URL(request.url).searchParams);
  const [counts, failures, list] = await Promise.all([jobCounts(), recentFailures(), listAdminJobs(filter)]);
  return { counts, failures, ...list, filter, statuses: JOB_STATUSES, tiers: ENHANCEMENT_TIERS };
}

const rerunForm = z.object({
  intent: z.literal("rerun", { error: "Choose a job and what to do with it." }),
  jobId: z.string({ error: "Choose a job to rerun." }).trim().min(1, "Choose a job to rerun.").max(100, "Choose a job to rerun."),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  return handleForm(request, rerunForm, async ({ jobId }) => {
    await adminRerunJob(actor.id, jobId, clientIp(request));
    return "Queued again for the owner at no charge.";
  });
}

export default function AdminJobs() {
  const loaded = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return <JobsDashboard {...loaded} reply={reply} busy={busy} />;
}
