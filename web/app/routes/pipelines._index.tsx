/**
 * /pipelines — the user's saved pipelines and the public catalogue, each paged, with usage counts.
 * `?page=` pages the user's own list and `?catalogue=` the public one.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ENHANCEMENT_LABEL } from "@spike-land/shared/tokens/tiers";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { listMyPipelines, listPublicPipelines, type PipelineSummary } from "../.server/pipelines/pipelines.server.ts";
import { VisibilityBadge } from "./pipelines.$id.tsx";

export const meta: MetaFunction = () => [{ title: "Pipelines — Spike Land" }];

function pageParam(value: string | null): number {
  const page = Number(value ?? "1");
  return Number.isFinite(page) ? Math.min(Math.max(1, Math.floor(page)), 10_000) : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const [mine, catalogue] = await Promise.all([listMyPipelines(user.id, pageParam(params.get("page"))), listPublicPipelines(user.id, pageParam(params.get("catalogue")))]);
  return { mine, catalogue, deleted: params.has("deleted") };
}

function Pager({ param, page, pages, label }: { param: string; page: number; pages: number; label: string }) {
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

function PipelineCard({ pipeline }: { pipeline: PipelineSummary }) {
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

export default function PipelinesPage() {
  const { mine, catalogue, deleted } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Pipelines"
        description="Saved enhancement settings: a tier, the analysis and auto-crop stages, prompt and generation options. Choose one when you enhance a photo or as an album's default."
        actions={
          <Link
            to="/pipelines/new"
            className="inline-flex items-center justify-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-600 focus:ring-offset-2"
          >
            Create pipeline
          </Link>
        }
      />
      {deleted ? (
        <div className="mb-6">
          <FormMessage tone="success">Pipeline deleted.</FormMessage>
        </div>
      ) : null}
      <section aria-labelledby="mine-heading" className="mb-12">
        <h2 id="mine-heading" className="mb-4 text-lg font-semibold text-slate-900">
          Your pipelines <span className="font-normal text-slate-500">({mine.total})</span>
        </h2>
        {mine.pipelines.length === 0 ? (
          <Card>
            <p className="text-slate-600">
              You have no saved pipelines yet.{" "}
              <Link to="/pipelines/new" className="font-semibold text-brand-700 hover:underline">
                Create one
              </Link>{" "}
              or fork a public pipeline below.
            </p>
          </Card>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {mine.pipelines.map((pipeline) => (
              <PipelineCard key={pipeline.id} pipeline={pipeline} />
            ))}
          </ul>
        )}
        <Pager param="page" page={mine.page} pages={mine.pages} label="Your pipelines pages" />
      </section>
      <section aria-labelledby="public-heading">
        <h2 id="public-heading" className="mb-4 text-lg font-semibold text-slate-900">
          Public pipelines <span className="font-normal text-slate-500">({catalogue.total})</span>
        </h2>
        {catalogue.pipelines.length === 0 ? (
          <Card>
            <p className="text-slate-600">No public pipelines yet. Make one of yours public to share it here.</p>
          </Card>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {catalogue.pipelines.map((pipeline) => (
              <PipelineCard key={pipeline.id} pipeline={pipeline} />
            ))}
          </ul>
        )}
        <Pager param="catalogue" page={catalogue.page} pages={catalogue.pages} label="Public pipelines pages" />
      </section>
    </div>
  );
}
