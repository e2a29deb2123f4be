/**
 * One enhancement job as its page shows it: the status line, the four stages, the before/after
 * comparison with downloads once it completed, and the cancel and run-again forms.
 */
import { useState, type CSSProperties } from "react";
import { Form, Link } from "@remix-run/react";
import { PIPELINE_STAGES, type PipelineStage } from "@spike-land/shared/images/enhancement";
import { Badge, Button, FormMessage, cx } from "../ui.tsx";
import { JOB_STATUS_TONE } from "../jobs.ts";

type CropBox = { left: number; top: number; width: number; height: number };

/** The parts of a job these pieces read. */
export type JobPageView = {
  id: string;
  imageId: string;
  status: string;
  currentStage: string | null;
  retryCount: number;
  maxRetries: number;
  errorMessage: string | null;
  tokensCost: number;
  originalUrl: string;
  enhancedUrl: string | null;
  cropInOriginal: CropBox | null;
  enhancedWidth: number | null;
  enhancedHeight: number | null;
  enhancedSizeBytes: number | null;
};

const STAGE_LABEL: Record<string, string> = { ANALYZING: "Analysing", CROPPING: "Cropping", PROMPTING: "Planning corrections", GENERATING: "Generating" };

export function JobStatusLine({ job }: { job: JobPageView }) {
  return (
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
  );
}

export function StageProgress({ job }: { job: JobPageView }) {
  const current = job.currentStage ? PIPELINE_STAGES.indexOf(job.currentStage as PipelineStage) : -1;
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

/** Why the job did not complete, and whether its tokens came back. */
export function JobFailure({ job }: { job: JobPageView }) {
  if (!job.errorMessage || job.status === "COMPLETED") return null;
  return (
    <FormMessage tone={job.status === "REFUNDED" ? "info" : "error"}>
      {job.errorMessage}
      {job.status === "REFUNDED" ? ` Your ${job.tokensCost} tokens were refunded.` : ""}
    </FormMessage>
  );
}

/** Positions the original so that the part the result was cut from fills the frame, lining the two up. */
function originalLayer(before: string, crop: CropBox | null): CSSProperties {
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

/** The finished result: the comparison, its size and the two downloads (nothing until the job completed). */
export function JobResult({ job }: { job: JobPageView }) {
  if (job.status !== "COMPLETED" || !job.enhancedUrl) return null;
  return (
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
  );
}

export function JobActions({ job, busy }: { job: JobPageView; busy: boolean }) {
  return (
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
  );
}
