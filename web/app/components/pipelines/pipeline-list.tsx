/** The pipelines index pieces: a card per pipeline (tier, stages, usage) and the pager of each list. */
import { Link, useSearchParams } from "@remix-run/react";
import { ENHANCEMENT_LABEL } from "@spike-land/shared/tokens/tiers";
import type { PipelineSummary } from "../../.server/pipelines/pipelines.server.ts";
import { VisibilityBadge } from "./pipeline-display.tsx";

/** Page links for one of the lists; `param` is the query parameter that pages it. */
export function Pager({ param, page, pages, label }: { param: string; page: number; pages: number; label: string }) {
  const [params] = useSearchParams();
  if (pages <= 1) return null;
  const to = (target: number) => {
    const next = new URLSearchParams(params);
    next.delete("deleted");
    next.set(param, String(target));
    return `?${next.toString()}`;
  };
  const linkClass = "rounded-lg px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50";
  return (
    <nav aria-label={label} className="mt-6 flex items-center justify-between text-sm">
      <span className="text-slate-600">
        Page {page} of {pages}
      </span>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className={linkClass} to={to(page - 1)} preventScrollReset>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={linkClass} to={to(page + 1)} preventScrollReset>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

export function PipelineCard({ pipeline }: { pipeline: PipelineSummary }) {
  const { settings } = pipeline;
  const stages = [settings.analysis ? "Analysis" : null, settings.autoCrop.enabled ? "Auto-crop" : null, settings.prompt.instructions ? "Custom prompt" : null].filter(Boolean);
  return (
    <li className="relative flex flex-col rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition focus-within:ring-2 focus-within:ring-brand-600 hover:ring-slate-300">
      <div className="flex items-start justify-between gap-3">
        <h3 className="text-base font-semibold text-slate-900">
          <Link to={`/pipelines/${pipeline.id}`} className="after:absolute after:inset-0 after:rounded-xl hover:underline focus:outline-none">
            {pipeline.name}
          </Link>
        </h3>
        <VisibilityBadge visibility={pipeline.visibility} system={pipeline.system} />
      </div>
      {pipeline.description ? <p className="mt-2 line-clamp-2 text-sm text-slate-600">{pipeline.description}</p> : null}
      <p className="mt-3 text-sm text-slate-700">
        {ENHANCEMENT_LABEL[settings.tier]}
        {stages.length ? ` · ${stages.join(", ")}` : " · No analysis or crop"}
      </p>
      <p className="mt-auto pt-4 text-sm text-slate-600" data-testid="usage-count">
        Used {pipeline.usageCount} time{pipeline.usageCount === 1 ? "" : "s"}
      </p>
    </li>
  );
}

export function PipelineGrid({ pipelines }: { pipelines: PipelineSummary[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {pipelines.map((pipeline) => (
        <PipelineCard key={pipeline.id} pipeline={pipeline} />
      ))}
    </ul>
  );
}
