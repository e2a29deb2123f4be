/**
 * What the owner of a pipeline gets on its page: the settings editor, who can see it (with the share
 * link when shared by link), a Fork button for a private copy, and delete. The page owns the Conform
 * forms (validated with its action's schemas) and hands their metadata here.
 */
import { getFormProps, type FormMetadata } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { PIPELINE_VISIBILITIES, PIPELINE_VISIBILITY_LABELS } from "@spike-land/shared/images/pipelines";
import type { PipelineSummary } from "../../.server/pipelines/pipelines.server.ts";
import { replyMessage, type FormReply } from "../../lib/form-reply.ts";
import { CopyLinkField } from "../copy-link.tsx";
import { ReplyMessage } from "../form-reply.tsx";
import { Button, Card } from "../ui.tsx";
import { PipelineFormFields, PipelineFormMessage, type PipelineFields } from "./pipeline-form.tsx";

/** Whether the form posting this intent is on its way. */
function useBusy() {
  const navigation = useNavigation();
  return (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
}

export function PipelineEditor<Schema extends Record<string, unknown>>({
  pipeline,
  form,
  fields,
  reply,
}: {
  pipeline: PipelineSummary;
  form: FormMetadata<Schema>;
  fields: PipelineFields;
  reply: FormReply | undefined;
}) {
  const busy = useBusy()("update");
  return (
    <Card aria-labelledby="edit-heading">
      <h2 id="edit-heading" className="mb-6 text-lg font-semibold text-slate-900">
        Settings
      </h2>
      <PipelineFormMessage reply={reply?.intent === "update" ? reply : undefined} />
      <Form method="post" key={pipeline.updatedAt} {...getFormProps(form)}>
        <input type="hidden" name="intent" value="update" />
        <PipelineFormFields fields={fields} showVisibility={false} />
        <div className="mt-8">
          <Button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Save changes"}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

export function SharingCard<Schema extends Record<string, unknown>>({
  pipeline,
  form,
  shareUrl,
  reply,
}: {
  pipeline: PipelineSummary;
  form: FormMetadata<Schema>;
  shareUrl: string | null;
  reply: FormReply | undefined;
}) {
  const busy = useBusy()("visibility");
  return (
    <Card aria-labelledby="visibility-heading">
      <h2 id="visibility-heading" className="text-lg font-semibold text-slate-900">
        Sharing
      </h2>
      {replyMessage(reply, "visibility") ? (
        <div className="mt-3">
          <ReplyMessage reply={reply} intent="visibility" />
        </div>
      ) : null}
      <Form method="post" className="mt-4 space-y-3" key={pipeline.visibility} {...getFormProps(form)}>
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
        <Button type="submit" variant="secondary" disabled={busy}>
          Update sharing
        </Button>
      </Form>
      {shareUrl ? (
        <div className="mt-6">
          <CopyLinkField id="share-url" label="Share link" link={shareUrl} hint="Anyone with this link can view and fork the pipeline. Switch to private or public to turn the link off." />
        </div>
      ) : null}
    </Card>
  );
}

export function DuplicateCard() {
  const busy = useBusy()("fork");
  return (
    <Card aria-labelledby="copy-heading">
      <h2 id="copy-heading" className="text-lg font-semibold text-slate-900">
        Duplicate
      </h2>
      <p className="mt-1 text-sm text-slate-600">Make a private copy to try changes without touching this one.</p>
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value="fork" />
        <Button type="submit" variant="secondary" disabled={busy}>
          Fork
        </Button>
      </Form>
    </Card>
  );
}

export function DeletePipelineCard({ name }: { name: string }) {
  const busy = useBusy()("delete");
  return (
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
            Delete <strong>{name}</strong>? This cannot be undone.
          </p>
          <Button type="submit" variant="danger" disabled={busy}>
            Yes, delete it
          </Button>
        </Form>
      </details>
    </Card>
  );
}
