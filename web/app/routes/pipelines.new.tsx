/**
 * /pipelines/new — create a saved pipeline. Also home of the form fields the edit page reuses.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import type { ComponentProps, ReactNode } from "react";
import {
  DEFAULT_PIPELINE_FORM_VALUES,
  PIPELINE_NAME_MAX,
  PIPELINE_VISIBILITIES,
  PIPELINE_VISIBILITY_LABELS,
  pipelineFormErrors,
  pipelineFormInput,
  pipelineFormSchema,
  submittedPipelineFormValues,
  type PipelineFormValues,
} from "@spike-land/shared/images/pipelines";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_LONGEST_EDGE, ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";
import { Button, Card, cx, Field, FormMessage, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { createPipeline } from "../.server/pipelines/pipelines.server.ts";

export const meta: MetaFunction = () => [{ title: "New pipeline — Spike Land" }];

export type PipelineFormErrors = Partial<Record<string, string>>;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const input = pipelineFormInput(await request.formData());
  const parsed = pipelineFormSchema.safeParse(input);
  if (!parsed.success) {
    return data({ errors: pipelineFormErrors(parsed.error) as PipelineFormErrors, values: submittedPipelineFormValues(input) }, { status: 400 });
  }
  const pipeline = await createPipeline(user.id, parsed.data);
  return redirect(`/pipelines/${pipeline.id}`);
}

function TextArea({ label, id, error, hint, ...props }: ComponentProps<"textarea"> & { id: string; label: string; error?: string | undefined; hint?: string }) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={cx(
          "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600",
          error ? "ring-red-500" : "ring-slate-300",
        )}
        {...props}
      />
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function Checkbox({ name, label, description, defaultChecked }: { name: string; label: string; description: string; defaultChecked: boolean }) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={name}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        aria-describedby={`${name}-description`}
        className="mt-1 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-2 focus:ring-brand-600"
      />
      <div>
        <label htmlFor={name} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p id={`${name}-description`} className="text-sm text-slate-600">
          {description}
        </p>
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="border-t border-slate-200 pt-6 first:border-t-0 first:pt-0">
      <fieldset className="space-y-4">
        <legend className="mb-4 text-base font-semibold text-slate-900">{title}</legend>
        {children}
      </fieldset>
    </div>
  );
}

/** Every field of a pipeline; `showVisibility` is off where visibility has its own control. */
export function PipelineFormFields({ values, errors = {}, showVisibility = true }: { values: PipelineFormValues; errors?: PipelineFormErrors; showVisibility?: boolean }) {
  return (
    <div className="space-y-6">
      <Section title="About">
        <Field
          label="Name"
          errors={errors.name ? [errors.name] : undefined}
          inputProps={{ id: "name", name: "name", defaultValue: values.name, required: true, maxLength: PIPELINE_NAME_MAX, autoComplete: "off" }}
        />
        <TextArea id="description" name="description" label="Description (optional)" defaultValue={values.description} maxLength={500} error={errors.description} />
        {showVisibility ? (
          <fieldset aria-describedby={errors.visibility ? "visibility-error" : undefined}>
            <legend className="text-sm font-medium text-slate-800">Who can see it</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {PIPELINE_VISIBILITIES.map((visibility) => (
                <label key={visibility} className="flex cursor-pointer items-start gap-2 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-brand-600">
                  <input type="radio" name="visibility" value={visibility} defaultChecked={values.visibility === visibility} className="mt-1" />
                  <span>
                    <span className="block text-sm font-medium text-slate-900">{PIPELINE_VISIBILITY_LABELS[visibility].label}</span>
                    <span className="block text-xs text-slate-600">{PIPELINE_VISIBILITY_LABELS[visibility].description}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.visibility ? (
              <p id="visibility-error" className="mt-1 text-sm font-medium text-red-700">
                {errors.visibility}
              </p>
            ) : null}
          </fieldset>
        ) : null}
      </Section>
      <Section title="Output">
        <div className="space-y-1.5">
          <label htmlFor="tier" className="block text-sm font-medium text-slate-800">
            Tier
          </label>
          <select
            id="tier"
            name="tier"
            defaultValue={values.tier}
            aria-invalid={errors.tier ? true : undefined}
            aria-describedby={errors.tier ? "tier-error" : undefined}
            className="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          >
            {ENHANCEMENT_TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {ENHANCEMENT_LABEL[tier]} — {ENHANCEMENT_LONGEST_EDGE[tier]} px, {ENHANCEMENT_COST[tier] === 0 ? "free" : `${ENHANCEMENT_COST[tier]} tokens`}
              </option>
            ))}
          </select>
          {errors.tier ? (
            <p id="tier-error" className="text-sm font-medium text-red-700">
              {errors.tier}
            </p>
          ) : null}
        </div>
      </Section>
      <Section title="Stages">
        <Checkbox name="analysis" label="Analyse the photo" description="Measure exposure, contrast, noise and colour cast to steer the corrections." defaultChecked={values.analysis} />
        <Checkbox name="autoCrop" label="Auto-crop" description="Remove letterbox bars and uniform borders before enhancing." defaultChecked={values.autoCrop} />
        <Field
          label="Minimum crop ratio"
          hint="Only crop bands at least this share of the width or height (0 to 0.5; default 0.05)."
          errors={errors.minCropRatio ? [errors.minCropRatio] : undefined}
          inputProps={{ id: "minCropRatio", name: "minCropRatio", type: "number", step: "0.01", min: 0, max: 0.5, inputMode: "decimal", defaultValue: values.minCropRatio }}
        />
        <TextArea
          id="instructions"
          name="instructions"
          label="Prompt instructions (optional)"
          hint="Added to the generated prompt, e.g. “warm film look”."
          defaultValue={values.instructions}
          maxLength={500}
          error={errors.instructions}
        />
      </Section>
      <Section title="Generation">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Quality (optional)"
            hint="1 to 100; the tier's default when empty."
            errors={errors.quality ? [errors.quality] : undefined}
            inputProps={{ id: "quality", name: "quality", type: "number", step: 1, min: 1, max: 100, inputMode: "numeric", defaultValue: values.quality }}
          />
          <Field
            label="Temperature (optional)"
            hint="0 to 2; used by generative providers."
            errors={errors.temperature ? [errors.temperature] : undefined}
            inputProps={{ id: "temperature", name: "temperature", type: "number", step: "0.1", min: 0, max: 2, inputMode: "decimal", defaultValue: values.temperature }}
          />
        </div>
      </Section>
    </div>
  );
}

export default function NewPipelinePage() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  return (
    <div className="mx-auto max-w-3xl px-4 py-10">
      <PageHeading
        title="New pipeline"
        description="Save a set of enhancement settings to reuse on any image, share, or set as an album's default."
        actions={
          <Link to="/pipelines" className="whitespace-nowrap text-sm font-medium text-brand-700 hover:underline">
            Back to pipelines
          </Link>
        }
      />
      <Card>
        {result?.errors ? (
          <div className="mb-6">
            <FormMessage>Check the highlighted fields.</FormMessage>
          </div>
        ) : null}
        <Form method="post" noValidate>
          <PipelineFormFields values={result?.values ?? DEFAULT_PIPELINE_FORM_VALUES} errors={result?.errors} />
          <div className="mt-8 flex flex-wrap gap-3">
            <Button type="submit" disabled={saving}>
              {saving ? "Saving…" : "Create pipeline"}
            </Button>
            <Link to="/pipelines" className="inline-flex items-center rounded-lg px-4 py-2.5 text-sm font-semibold text-slate-700 hover:bg-slate-100">
              Cancel
            </Link>
          </div>
        </Form>
      </Card>
    </div>
  );
}
