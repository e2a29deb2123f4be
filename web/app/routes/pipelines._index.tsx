/**
 * /pipelines — the user's saved pipelines and the public catalogue, each paged, with usage counts.
 * `?page=` pages the user's own list and `?catalogue=` the public one.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { Pager, PipelineGrid } from "../components/pipelines/pipeline-list.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { listMyPipelines, listPublicPipelines } from "../.server/pipelines/pipelines.server.ts";

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
          <PipelineGrid pipelines={mine.pipelines} />
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
          <PipelineGrid pipelines={catalogue.pipelines} />
        )}
        <Pager param="catalogue" page={catalogue.page} pages={catalogue.pages} label="Public pipelines pages" />
      </section>
    </div>
  );
}
