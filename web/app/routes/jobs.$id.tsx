/** One enhancement job: live stage progress, then a before/after slider, downloads, cancel and rerun. */
import { useEffect, useState } from "react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { PIPELINE_STAGES } from "@spike-land/shared/images/enhancement";
import { Badge, Button, Card, FormMessage, PageHeading, cx } from "../components/ui.tsx";
import { readNotice, withNotice } from "../.server/http/notice.server.ts";
import { requireUser } from "../.server/auth/guards.server.ts";
import { cancelJob, EnhancementError, rerunJob } from "../.server/jobs/requests.server.ts";
import { jobView, type JobView } from "../.server/jobs/views.server.ts";
import { consume, RateLimitedError } from "../.server/platform/rate-limit.server.ts";
import { InsufficientTokensError } from "../.server/tokens/ledger.server.ts";
import { JOB_STATUS_TONE } from "../components/jobs.ts";

export const meta: MetaFunction = () => [{ title: "Enhancement job — Spike Land" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const job = await jobView(user.id, params.id ?? "");
  if (!job) throw new Response("Not found", { status: 404 });
  return { job, notice: readNotice(request) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const jobId = params.id ?? "";
  const intent = (await request.formData()).get("intent");
  try {
    if (intent === "cancel") {
      await cancelJob(user.id, jobId);
      return redirect(`/jobs/${jobId}`);
    }
    if (intent === "rerun") {
      await consume("enhancement", user.id);
      const job = await rerunJob(user.id, jobId);
      return redirect(`/jobs/${job.id}`);
    }
    return redirect(withNotice(`/jobs/${jobId}`, "Unknown action."));
  } catch (error) {
    if (error instanceof EnhancementError && error.status === 404) throw new Response("Not found", { status: 404 });
    if (error instanceof RateLimitedError) {
      return new Response(error.message, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds), "Content-Type": "text/plain; charset=utf-8" } });
    }
    if (error instanceof EnhancementError || error instanceof InsufficientTokensError) {
      return redirect(withNotice(`/jobs/${jobId}`, error.message));
    }
    throw error;
  }
}

const STAGE_LABEL: Record<string, string> = { ANALYZING: "Analysing", CROPPING: "Cropping", PROMPTING: "Planning corrections", GENERATING: "Generating" };

function StageProgress({ job }: { job: JobView }) {
  const current = job.currentStage ? PIPELINE_STAGES.indexOf(job.currentStage) : -1;
  const done = job.status === "COMPLETED";
  return (
    <ol className="grid grid-cols-4 gap-2" aria-label="Pipeline stages" data-testid="stages">
      {PIPELINE_STAGES.map((stage, index) => {
        const state = done || index < current ? "done" : index === current && job.status === "PROCESSING" ? "active" : "waiting";
        return (
          <li key={stage} data-stage={stage} data-state={state} aria-current={state === "active" ? "step" : undefined}>
            <div className={cx("h-2 rounded-full", state === "done" ? "bg-emerald-500" : state === "active" ? "animate-pulse bg-brand-500" : "bg-slate-200")} />
            <p className="mt-1 text-xs text-slate-600">{STAGE_LABEL[stage]}</p>
          </li>
        );
      })}
    </ol>
  );
}

type CropBox = { left: number; top: number; width: number; height: number };

/** Positions the original so that the part the result was cut from fills the frame, lining the two up. */
function originalLayer(before: string, crop: CropBox | null): React.CSSProperties {
  if (!crop) return { backgroundImage: `url("${before}")`, backgroundSize: "100% 100%" };
  const position = (offset: number, size: number) => (size >= 1 ? 0 : (offset / (1 - size)) * 100);
  return {
    backgroundImage: `url("${before}")`,
    backgroundSize: `${100 / crop.width}% ${100 / crop.height}%`,
    backgroundPosition: `${position(crop.left, crop.width)}% ${position(crop.top, crop.height)}%`,
  };
}

function Comparison({ before, after, crop }: { before: string; after: string; crop: CropBox | null }) {
  const [position, setPosition] = useState(50);
  return (
    <div>
      <div className="relative overflow-hidden rounded-xl bg-slate-100" data-testid="comparison">
        <img src={after} alt="Enhanced result" className="block w-full" />
        <div className="absolute inset-0 overflow-hidden" style={{ width: `${position}%` }} aria-hidden="true">
          <div className="h-full bg-no-repeat" style={{ width: `${10000 / Math.max(position, 1)}%`, ...originalLayer(before, crop) }} />
        </div>
        <div className="pointer-events-none absolute inset-y-0 w-0.5 bg-white shadow" style={{ left: `${position}%` }} aria-hidden="true" />
      </div>
      <label className="mt-3 block text-sm text-slate-700">
        Compare original (left) with enhanced (right)
        <input
          type="range"
          min={0}
          max={100}
          value={position}
          onChange={(event) => setPosition(Number(event.target.value))}
          className="mt-1 block w-full"
          aria-valuetext={`${position}% original`}
        />
      </label>
    </div>
  );
}

export default function JobPage() {
  const { job: initial, notice: error } = useLoaderData<typeof loader>();
  const [job, setJob] = useState<JobView>(initial);
  const navigation = useNavigation();

  useEffect(() => setJob(initial), [initial]);
  useEffect(() => {
    if (["COMPLETED", "FAILED", "REFUNDED", "CANCELLED"].includes(initial.status)) return;
    const source = new EventSource(`/jobs/${initial.id}/events`);
    source.addEventListener("job", (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as JobView;
      setJob(next);
      if (["COMPLETED", "FAILED", "REFUNDED", "CANCELLED"].includes(next.status)) source.close();
    });
    return () => source.close();
  }, [initial.id, initial.status]);

  const busy = navigation.state !== "idle";
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading
        title={`Enhancing ${job.imageName}`}
        description={`${job.tierName} · ${job.tokensCost} token${job.tokensCost === 1 ? "" : "s"} · started ${new Date(job.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC`}
        actions={
          <Link to="/jobs" className="text-sm font-semibold text-brand-700 hover:underline">
            All jobs
          </Link>
        }
      />
      {error ? <FormMessage>{error}</FormMessage> : null}
      <Card className="space-y-6">
        <div className="flex items-center gap-3" aria-live="polite">
          <Badge tone={JOB_STATUS_TONE[job.status] ?? "slate"}>
            <span data-testid="job-status">{job.status}</span>
          </Badge>
          {job.status === "PROCESSING" && job.currentStage ? <span className="text-sm text-slate-600">{STAGE_LABEL[job.currentStage]}…</span> : null}
          {job.retryCount > 0 && job.status !== "COMPLETED" ? (
            <span className="text-sm text-slate-600">
              Attempt {Math.min(job.retryCount + 1, job.maxRetries)} of {job.maxRetries}
            </span>
          ) : null}
        </div>
        <StageProgress job={job} />
        {job.errorMessage && job.status !== "COMPLETED" ? <FormMessage tone={job.status === "REFUNDED" ? "info" : "error"}>{job.errorMessage}{job.status === "REFUNDED" ? ` Your ${job.tokensCost} tokens were refunded.` : ""}</FormMessage> : null}
        {job.status === "COMPLETED" && job.enhancedUrl ? (
          <>
            <Comparison before={job.originalUrl} after={job.enhancedUrl} crop={job.cropInOriginal} />
            <p className="text-sm text-slate-600">
              {job.enhancedWidth} × {job.enhancedHeight} px{job.enhancedSizeBytes ? ` · ${Math.round(job.enhancedSizeBytes / 1024)} KB` : ""}
            </p>
            <div className="flex flex-wrap gap-3">
              <a className="text-sm font-semibold text-brand-700 hover:underline" href={`/jobs/${job.id}/result?download=1`}>
                Download result
              </a>
              <a className="text-sm font-semibold text-brand-700 hover:underline" href={`/jobs/${job.id}/result?which=original&download=1`}>
                Download original
              </a>
            </div>
          </>
        ) : null}
        <div className="flex flex-wrap gap-3">
          {job.status === "PENDING" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="cancel" />
              <Button type="submit" variant="secondary" disabled={busy}>
                Cancel and refund
              </Button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="rerun" />
            <Button type="submit" disabled={busy}>
              Run again ({job.tokensCost} token{job.tokensCost === 1 ? "" : "s"})
            </Button>
          </Form>
          <Link to={`/images/${job.imageId}`} className="self-center text-sm font-semibold text-brand-700 hover:underline">
            Back to the image
          </Link>
        </div>
      </Card>
    </div>
  );
}
