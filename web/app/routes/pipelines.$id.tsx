/**
 * /pipelines/:id — one pipeline. The owner edits it, changes who can see it (with the share link when
 * shared by link) and deletes it; anyone else who can see it gets a read-only view and can fork it.
 * Pipelines the viewer cannot see answer 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import { PIPELINE_VISIBILITY_LABELS, pipelineFormSchema, pipelineFormValues, pipelineVisibilitySchema } from "@spike-land/shared/images/pipelines";
import { replyMessage, resultFor } from "../lib/form-reply.ts";
import { ReplyMessage } from "../components/form-reply.tsx";
import { FormMessage } from "../components/ui.tsx";
import { PipelineHeading, PipelineReadOnly } from "../components/pipelines/pipeline-display.tsx";
import { DeletePipelineCard, DuplicateCard, PipelineEditor, SharingCard } from "../components/pipelines/pipeline-owner.tsx";
import { pipelineFormDefaults } from "../components/pipelines/pipeline-form.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import {
  deletePipeline,
  findOwnPipeline,
  forkPipeline,
  PipelineError,
  requireVisiblePipeline,
  setPipelineVisibility,
  summarize,
  updatePipeline,
  type PipelineSummary,
} from "../.server/pipelines/pipelines.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.pipeline.name ?? "Pipeline"} — Spike Land` }];

const NOT_FOUND = "We could not find that pipeline.";

/** The public address of a LINK pipeline, on the host the page was asked for. */
function shareUrl(request: Request, token: string | null): string | null {
  return token ? new URL(`/pipelines/shared/${token}`, request.url).toString() : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const pipeline = await orPageError(requireVisiblePipeline(user.id, params.id ?? ""));
  const summary = summarize(pipeline, user.id);
  return {
    pipeline: summary,
    form: summary.mine ? pipelineFormValues(pipeline) : null,
    shareUrl: summary.mine && pipeline.visibility === "LINK" ? shareUrl(request, pipeline.shareToken) : null,
    forked: summary.mine && new URL(request.url).searchParams.has("forked"),
  };
}

// Visibility has its own control on this page, so the settings form may leave it out and keep the current one.
const updateSchema = pipelineFormSchema.extend({ intent: z.literal("update"), visibility: pipelineFormSchema.shape.visibility.optional() });
const visibilitySchema = pipelineVisibilitySchema.extend({ intent: z.literal("visibility") });

const intents = z.discriminatedUnion(
  "intent",
  [updateSchema, visibilitySchema, z.object({ intent: z.literal("fork") }), z.object({ intent: z.literal("delete") })],
  { error: "Unknown action." },
);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  return handleForm(
    request,
    intents,
    async (input) => {
      switch (input.intent) {
        case "fork": {
          const copy = await forkPipeline(user.id, id);
          return redirect(`/pipelines/${copy.id}?forked=1`);
        }
        case "delete":
          await deletePipeline(user.id, id);
          return redirect("/pipelines?deleted=1");
        case "visibility": {
          const updated = await setPipelineVisibility(user.id, id, input.visibility);
          return `Sharing updated: ${PIPELINE_VISIBILITY_LABELS[updated.visibility].label.toLowerCase()}.`;
        }
        case "update": {
          const current = await findOwnPipeline(user.id, id);
          if (!current) throw new PipelineError(NOT_FOUND, 404);
          const { intent: _intent, ...form } = input;
          await updatePipeline(user.id, id, { ...form, visibility: form.visibility ?? current.visibility });
          return "Saved.";
        }
      }
    },
    { notFoundIsPage: true },
  );
}

function OwnerPanels({ pipeline, values, shareUrl: link }: { pipeline: PipelineSummary; values: NonNullable<ReturnType<typeof pipelineFormValues>>; shareUrl: string | null }) {
  const posted = useActionData<typeof action>();
  const [editForm, editFields] = useForm({
    lastResult: resultFor(posted, "update"),
    defaultValue: pipelineFormDefaults(values),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: updateSchema }),
  });
  const [sharingForm] = useForm({ lastResult: resultFor(posted, "visibility"), onValidate: ({ formData }) => parseWithZod(formData, { schema: visibilitySchema }) });
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <PipelineEditor pipeline={pipeline} form={editForm} fields={editFields} reply={posted} />
      <div className="space-y-6">
        <SharingCard pipeline={pipeline} form={sharingForm} shareUrl={link} reply={posted} />
        <DuplicateCard />
        <DeletePipelineCard name={pipeline.name} />
      </div>
    </div>
  );
}

export default function PipelinePage() {
  const { pipeline, form, shareUrl: link, forked } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  // The settings and sharing cards show their own replies; anything else is shown above them.
  const other = posted && posted.intent !== "update" && posted.intent !== "visibility" ? posted : undefined;
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PipelineHeading
        pipeline={pipeline}
        system={pipeline.system}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <Link to="/pipelines" className="text-sm font-medium text-brand-700 hover:underline">
              All pipelines
            </Link>
            <Link to="/images" className="inline-flex items-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700">
              Use on an image
            </Link>
          </div>
        }
      />
      {forked ? (
        <div className="mb-6">
          <FormMessage tone="success">Forked. This copy is private and yours to edit.</FormMessage>
        </div>
      ) : null}
      {replyMessage(other) ? (
        <div className="mb-6">
          <ReplyMessage reply={other} />
        </div>
      ) : null}
      {pipeline.mine && form ? <OwnerPanels pipeline={pipeline} values={form} shareUrl={link} /> : <PipelineReadOnly pipeline={pipeline} />}
    </div>
  );
}
