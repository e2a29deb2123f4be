/**
 * /pipelines/shared/:token — a pipeline shared by link. Anyone with the link can view its settings;
 * forking it needs an account (signed-out visitors are sent to sign in and come back here). A token
 * that is malformed, unknown, or belongs to a pipeline no longer shared by link answers 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ReplyMessage } from "../components/form-reply.tsx";
import { FormMessage } from "../components/ui.tsx";
import { PipelineHeading, PipelineReadOnly } from "../components/pipelines/pipeline-display.tsx";
import { getOptionalUser, requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { findSharedPipeline, forkPipeline, summarize } from "../.server/pipelines/pipelines.server.ts";

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

const forkSchema = z.object({ intent: z.literal("fork", { error: "Unknown action." }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const user = await requireUser(request);
  const pipeline = await sharedOr404(token);
  return handleForm(
    request,
    forkSchema,
    async () => {
      const copy = await forkPipeline(user.id, pipeline.id, token);
      return redirect(`/pipelines/${copy.id}?forked=1`);
    },
    { notFoundIsPage: true },
  );
}

export default function SharedPipelinePage() {
  const { pipeline, signedIn } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PipelineHeading
        pipeline={pipeline}
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
      <ReplyMessage reply={posted} />
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
