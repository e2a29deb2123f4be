/**
 * /pipelines/shared/:token — a pipeline shared by link. Anyone with the link can view its settings;
 * forking it needs an account (signed-out visitors are sent to sign in and come back here). A token
 * that is malformed, unknown, or belongs to a pipeline no longer shared by link answers 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FormMessage, PageHeading } from "../components/ui.tsx";
import { getOptionalUser, requireUser } from "../.server/auth/guards.server.ts";
import { findSharedPipeline, forkPipeline, PipelineError, summarize } from "../.server/pipelines/pipelines.server.ts";
import { PipelineReadOnly, VisibilityBadge } from "./pipelines.$id.tsx";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.pipeline.name ?? "Shared pipeline"} — Spike Land` },
  { name: "robots", content: "noindex" },
];

const NOT_FOUND = "This share link does not open a pipeline. It may have been turned off.";

async function sharedOr404(token: string) {
  const pipeline = await findSharedPipeline(token);
  if (!pipeline) throw new Response(NOT_FOUND, { status: 404 });
  return pipeline;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const pipeline = await sharedOr404(params.token ?? "");
  const user = await getOptionalUser(request);
  return { pipeline: summarize(pipeline, user?.id ?? null), signedIn: user !== null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const user = await requireUser(request);
  const pipeline = await sharedOr404(token);
  const form = await request.formData();
  if (form.get("intent") !== "fork") return new Response("Unknown action.", { status: 400 });
  try {
    const copy = await forkPipeline(user.id, pipeline.id, token);
    return redirect(`/pipelines/${copy.id}?forked=1`);
  } catch (error) {
    if (error instanceof PipelineError) throw new Response(NOT_FOUND, { status: error.status });
    throw error;
  }
}

export default function SharedPipelinePage() {
  const { pipeline, signedIn } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title={pipeline.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <VisibilityBadge visibility={pipeline.visibility} />
            <span>
              Used {pipeline.usageCount} time{pipeline.usageCount === 1 ? "" : "s"}
            </span>
            {pipeline.description ? <span className="basis-full text-slate-600">{pipeline.description}</span> : null}
          </span>
        }
        actions={
          signedIn ? (
            <Link to="/pipelines" className="text-sm font-medium text-brand-700 hover:underline">
              Your pipelines
            </Link>
          ) : null
        }
      />
      {pipeline.mine ? (
        <div className="mb-6">
          <FormMessage tone="info">
            This is your pipeline.{" "}
            <Link to={`/pipelines/${pipeline.id}`} className="font-semibold underline">
              Edit it or change its sharing
            </Link>
            .
          </FormMessage>
        </div>
      ) : null}
      <PipelineReadOnly
        pipeline={pipeline}
        signedIn={signedIn}
        forkNote={
          signedIn
            ? "Someone shared this pipeline with you. Fork it to get a private copy you can edit and use on your images."
            : "Someone shared this pipeline with you. Sign in or create an account to fork it and use it on your images."
        }
      />
    </div>
  );
}
