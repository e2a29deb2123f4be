/**
 * /pipelines/:id — one pipeline. The owner edits it, changes who can see it (with the share link when
 * shared by link) and deletes it; anyone else who can see it gets a read-only view and can fork it.
 * Pipelines the viewer cannot see answer 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  PIPELINE_VISIBILITIES,
  PIPELINE_VISIBILITY_LABELS,
  pipelineFormErrors,
  pipelineFormInput,
  pipelineFormSchema,
  pipelineFormValues,
  pipelineVisibilitySchema,
  submittedPipelineFormValues,
  type PipelineFormValues,
  type PipelineVisibility,
} from "@spike-land/shared/images/pipelines";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_LONGEST_EDGE } from "@spike-land/shared/tokens/tiers";
import { CopyLinkField } from "../components/copy-link.tsx";
import { Badge, Button, Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import {
  deletePipeline,
  findOwnPipeline,
  findVisiblePipeline,
  forkPipeline,
  PipelineError,
  setPipelineVisibility,
  summarize,
  updatePipeline,
  type PipelineSummary,
} from "../.server/pipelines/pipelines.server.ts";
import { PipelineFormFields, type PipelineFormErrors } from "./pipelines.new.tsx";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `${loaded?.pipeline.name ?? "Pipeline"} — Spike Land` }];

const NOT_FOUND = "We could not find that pipeline.";

/** The public address of a LINK pipeline, on the host the page was asked for. */
export function shareUrl(request: Request, token: string | null): string | null {
  return token ? new URL(`/pipelines/shared/${token}`, request.url).toString() : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const pipeline = await findVisiblePipeline(user.id, params.id ?? "");
  if (!pipeline) throw new Response(NOT_FOUND, { status: 404 });
  const summary = summarize(pipeline, user.id);
  return {
    pipeline: summary,
    form: summary.mine ? pipelineFormValues(pipeline) : null,
    shareUrl: summary.mine && pipeline.visibility === "LINK" ? shareUrl(request, pipeline.shareToken) : null,
    forked: summary.mine && new URL(request.url).searchParams.has("forked"),
  };
}

type ActionResult =
  | { intent: "update"; ok: true; message: string }
  | { intent: "update"; ok: false; message: string; errors: PipelineFormErrors; values: PipelineFormValues }
  | { intent: "visibility"; ok: boolean; message: string };

const failIfMissing = (error: unknown): never => {
  if (error instanceof PipelineError) throw new Response(error.status === 404 ? NOT_FOUND : error.message, { status: error.status });
  throw error;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "fork") {
      const copy = await forkPipeline(user.id, id);
      return redirect(`/pipelines/${copy.id}?forked=1`);
    }
    if (intent === "delete") {
      await deletePipeline(user.id, id);
      return redirect("/pipelines?deleted=1");
    }
    if (intent === "visibility") {
      const parsed = pipelineVisibilitySchema.safeParse({ visibility: form.get("visibility") ?? undefined });
      if (!parsed.success) {
        if (!(await findOwnPipeline(user.id, id))) throw new PipelineError(NOT_FOUND, 404);
        return data<ActionResult>({ intent: "visibility", ok: false, message: parsed.error.issues[0]?.message ?? "Choose who can see it." }, { status: 400 });
      }
      const updated = await setPipelineVisibility(user.id, id, parsed.data.visibility);
      return data<ActionResult>({ intent: "visibility", ok: true, message: `Sharing updated: ${PIPELINE_VISIBILITY_LABELS[updated.visibility].label.toLowerCase()}.` });
    }
    if (intent === "update") {
      const current = await findOwnPipeline(user.id, id);
      if (!current) throw new PipelineError(NOT_FOUND, 404);
      // Visibility has its own control on this page; the edit form keeps the current one.
      const input = { ...pipelineFormInput(form), visibility: form.get("visibility") ?? current.visibility };
      const parsed = pipelineFormSchema.safeParse(input);
      if (!parsed.success) {
        return data<ActionResult>(
          { intent: "update", ok: false, message: "Check the highlighted fields.", errors: pipelineFormErrors(parsed.error), values: submittedPipelineFormValues(input) },
          { status: 400 },
        );
      }
      await updatePipeline(user.id, id, parsed.data);
      return data<ActionResult>({ intent: "update", ok: true, message: "Saved." });
    }
  } catch (error) {
    return failIfMissing(error);
  }
  return data({ intent: "unknown", ok: false, message: "Unknown action." }, { status: 400 });
}

const VISIBILITY_TONE: Record<PipelineVisibility, "slate" | "green" | "brand"> = { PRIVATE: "slate", PUBLIC: "green", LINK: "brand" };

export function VisibilityBadge({ visibility, system = false }: { visibility: PipelineVisibility; system?: boolean }) {
  if (system) return <Badge tone="amber">Built in</Badge>;
  return <Badge tone={VISIBILITY_TONE[visibility]}>{PIPELINE_VISIBILITY_LABELS[visibility].label}</Badge>;
}

/** The settings of a pipeline as a read-only list. */
export function PipelineSettingsList({ pipeline }: { pipeline: Pick<PipelineSummary, "settings" | "usageCount"> }) {
  const { settings } = pipeline;
  const rows: Array<[string, string]> = [
    ["Tier", `${ENHANCEMENT_LABEL[settings.tier]} — ${ENHANCEMENT_LONGEST_EDGE[settings.tier]} px, ${ENHANCEMENT_COST[settings.tier] === 0 ? "free" : `${ENHANCEMENT_COST[settings.tier]} tokens`}`],
    ["Analysis", settings.analysis ? "On" : "Off"],
    ["Auto-crop", settings.autoCrop.enabled ? `On (bands of at least ${Math.round(settings.autoCrop.minCropRatio * 1000) / 10}%)` : "Off"],
    ["Prompt instructions", settings.prompt.instructions ?? "None"],
    ["Quality", settings.generation.quality === undefined ? "Tier default" : String(settings.generation.quality)],
    ["Temperature", settings.generation.temperature === undefined ? "Provider default" : String(settings.generation.temperature)],
    ["Used", `${pipeline.usageCount} time${pipeline.usageCount === 1 ? "" : "s"}`],
  ];
  return (
    <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[auto_1fr]">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="font-medium text-slate-600">{term}</dt>
          <dd className="break-words text-slate-900" data-testid={`setting-${term.toLowerCase().replace(/[^a-z]+/g, "-")}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}


function OwnerPanels({ pipeline, form, shareUrl: link }: { pipeline: PipelineSummary; form: PipelineFormValues; shareUrl: string | null }) {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  const update = result?.intent === "update" ? result : undefined;
  const visibility = result?.intent === "visibility" ? result : undefined;
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <Card aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="mb-6 text-lg font-semibold text-slate-900">
          Settings
        </h2>
        {update ? (
          <div className="mb-6">
            <FormMessage tone={update.ok ? "success" : "error"}>{update.message}</FormMessage>
          </div>
        ) : null}
        <Form method="post" noValidate key={pipeline.updatedAt}>
          <input type="hidden" name="intent" value="update" />
          <PipelineFormFields values={update && !update.ok ? update.values : form} errors={update && !update.ok ? update.errors : undefined} showVisibility={false} />
          <div className="mt-8">
            <Button type="submit" disabled={busy("update")}>
              {busy("update") ? "Saving…" : "Save changes"}
            </Button>
          </div>
        </Form>
      </Card>
      <div className="space-y-6">
        <Card aria-labelledby="visibility-heading">
          <h2 id="visibility-heading" className="text-lg font-semibold text-slate-900">
            Sharing
          </h2>
          {visibility ? (
            <div className="mt-3">
              <FormMessage tone={visibility.ok ? "success" : "error"}>{visibility.message}</FormMessage>
            </div>
          ) : null}
          <Form method="post" className="mt-4 space-y-3" key={pipeline.visibility}>
            <input type="hidden" name="intent" value="visibility" />
            <fieldset className="space-y-2">
              <legend className="sr-only">Who can see it</legend>
              {PIPELINE_VISIBILITIES.map((option) => (
                <label key={option} className="flex cursor-pointer items-start gap-2 text-sm">
                  <input type="radio" name="visibility" value={option} defaultChecked={pipeline.visibility === option} className="mt-1" />
                  <span>
                    <span className="block font-medium text-slate-900">{PIPELINE_VISIBILITY_LABELS[option].label}</span>
                    <span className="block text-slate-600">{PIPELINE_VISIBILITY_LABELS[option].description}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <Button type="submit" variant="secondary" disabled={busy("visibility")}>
              Update sharing
            </Button>
          </Form>
          {link ? (
            <div className="mt-6">
              <CopyLinkField id="share-url" label="Share link" link={link} hint="Anyone with this link can view and fork the pipeline. Switch to private or public to turn the link off." />
            </div>
          ) : null}
        </Card>
        <Card aria-labelledby="copy-heading">
          <h2 id="copy-heading" className="text-lg font-semibold text-slate-900">
            Duplicate
          </h2>
          <p className="mt-1 text-sm text-slate-600">Make a private copy to try changes without touching this one.</p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="fork" />
            <Button type="submit" variant="secondary" disabled={busy("fork")}>
              Fork
            </Button>
          </Form>
        </Card>
        <Card aria-labelledby="delete-heading">
          <h2 id="delete-heading" className="text-lg font-semibold text-slate-900">
            Delete
          </h2>
          <p className="mt-1 text-sm text-slate-600">Jobs and albums that used it keep their results and fall back to the default pipeline.</p>
          <details className="mt-4">
            <summary className="cursor-pointer text-sm font-semibold text-red-700 hover:underline">Delete this pipeline…</summary>
            <Form method="post" className="mt-3 space-y-3">
              <input type="hidden" name="intent" value="delete" />
              <p className="text-sm text-slate-700">
                Delete <strong>{pipeline.name}</strong>? This cannot be undone.
              </p>
              <Button type="submit" variant="danger" disabled={busy("delete")}>
                Yes, delete it
              </Button>
            </Form>
          </details>
        </Card>
      </div>
    </div>
  );
}

/** Read-only view with a Fork button: the detail page for other people's pipelines and the shared-link page. */
export function PipelineReadOnly({ pipeline, forkAction, signedIn = true, forkNote }: { pipeline: PipelineSummary; forkAction?: string; signedIn?: boolean; forkNote?: string }) {
  const navigation = useNavigation();
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <Card aria-labelledby="settings-heading">
        <h2 id="settings-heading" className="mb-4 text-lg font-semibold text-slate-900">
          Settings
        </h2>
        <PipelineSettingsList pipeline={pipeline} />
      </Card>
      <Card aria-labelledby="fork-heading">
        <h2 id="fork-heading" className="text-lg font-semibold text-slate-900">
          Make it yours
        </h2>
        <p className="mt-1 text-sm text-slate-600">{forkNote ?? "Fork it to get a private copy you can edit and use on your images."}</p>
        <Form method="post" action={forkAction} className="mt-4">
          <input type="hidden" name="intent" value="fork" />
          <Button type="submit" disabled={navigation.state === "submitting"}>
            {signedIn ? "Fork" : "Sign in to fork"}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export default function PipelinePage() {
  const { pipeline, form, shareUrl: link, forked } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title={pipeline.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <VisibilityBadge visibility={pipeline.visibility} system={pipeline.system} />
            <span>
              Used {pipeline.usageCount} time{pipeline.usageCount === 1 ? "" : "s"}
            </span>
            {pipeline.description ? <span className="basis-full text-slate-600">{pipeline.description}</span> : null}
          </span>
        }
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <Link to="/pipelines" className="text-sm font-medium text-brand-700 hover:underline">
              All pipelines
            </Link>
            <Link
              to="/images"
              className="inline-flex items-center rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
            >
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
      {pipeline.mine && form ? <OwnerPanels pipeline={pipeline} form={form} shareUrl={link} /> : <PipelineReadOnly pipeline={pipeline} />}
    </div>
  );
}
