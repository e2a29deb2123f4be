/**
 * The fields of a pipeline, shared by the create and edit pages. Each page owns its Conform form
 * (validated with the schema its action uses) and hands the field metadata here.
 */
import type { ComponentProps, ReactNode } from "react";
import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { PIPELINE_NAME_MAX, PIPELINE_VISIBILITIES, PIPELINE_VISIBILITY_LABELS, type PipelineFormValues } from "@spike-land/shared/images/pipelines";
import { ENHANCEMENT_COST, ENHANCEMENT_LABEL, ENHANCEMENT_LONGEST_EDGE, ENHANCEMENT_TIERS } from "@spike-land/shared/tokens/tiers";
import { replyMessage, type FormReply } from "../../lib/form-reply.ts";
import { cx, Field, FormMessage } from "../ui.tsx";

type Meta = FieldMetadata<unknown>;

export type PipelineFields = {
  name: Meta;
  description: Meta;
  tier: Meta;
  analysis: Meta;
  autoCrop: Meta;
  minCropRatio: Meta;
  instructions: Meta;
  quality: Meta;
  temperature: Meta;
  visibility: Meta;
};

/** A pipeline's form values as the form starts with them (a ticked checkbox posts "on"). */
export function pipelineFormDefaults(values: PipelineFormValues) {
  return { ...values, analysis: values.analysis ? "on" : undefined, autoCrop: values.autoCrop ? "on" : undefined };
}

/** "Check the highlighted fields." when the fields were refused, otherwise the reply's own message. */
export function PipelineFormMessage({ reply }: { reply: FormReply | undefined }) {
  const message = replyMessage(reply);
  if (!message) return null;
  const onFields = message.tone === "error" && !reply?.result.error?.[""]?.length;
  return (
    <div className="mb-6">
      <FormMessage tone={message.tone}>{onFields ? "Check the highlighted fields." : message.text}</FormMessage>
    </div>
  );
}

function FieldError({ field }: { field: Meta }) {
  if (!field.errors?.length) return null;
  return (
    <p id={field.errorId} className="text-sm font-medium text-red-700">
      {field.errors[0]}
    </p>
  );
}

function TextArea({ label, field, hint, ...props }: ComponentProps<"textarea"> & { label: string; field: Meta; hint?: string }) {
  const invalid = Boolean(field.errors?.length);
  const describedBy = [invalid ? field.errorId : null, hint ? field.descriptionId : null].filter(Boolean).join(" ") || undefined;
  const { key, ...control } = getTextareaProps(field);
  return (
    <div className="space-y-1.5">
      <label htmlFor={field.id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        key={key}
        {...control}
        rows={3}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        className={cx(
          "block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600",
          invalid ? "ring-red-500" : "ring-slate-300",
        )}
        {...props}
      />
      {hint ? (
        <p id={field.descriptionId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <FieldError field={field} />
    </div>
  );
}

function Checkbox({ field, label, description }: { field: Meta; label: string; description: string }) {
  const { key, ...control } = getInputProps(field, { type: "checkbox" });
  return (
    <div className="flex items-start gap-3">
      <input
        key={key}
        {...control}
        aria-describedby={field.descriptionId}
        className="mt-1 h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-2 focus:ring-brand-600"
      />
      <div>
        <label htmlFor={field.id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p id={field.descriptionId} className="text-sm text-slate-600">
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

function VisibilityChoice({ field }: { field: Meta }) {
  const invalid = Boolean(field.errors?.length);
  return (
    <fieldset aria-describedby={invalid ? field.errorId : undefined}>
      <legend className="text-sm font-medium text-slate-800">Who can see it</legend>
      <div className="mt-2 grid gap-2 sm:grid-cols-3">
        {getCollectionProps(field, { type: "radio", options: [...PIPELINE_VISIBILITIES] }).map(({ key, ...props }) => {
          const visibility = props.value as (typeof PIPELINE_VISIBILITIES)[number];
          return (
            <label key={key} className="flex cursor-pointer items-start gap-2 rounded-lg p-3 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-brand-600">
              <input {...props} aria-describedby={undefined} aria-invalid={undefined} className="mt-1" />
              <span>
                <span className="block text-sm font-medium text-slate-900">{PIPELINE_VISIBILITY_LABELS[visibility].label}</span>
                <span className="block text-xs text-slate-600">{PIPELINE_VISIBILITY_LABELS[visibility].description}</span>
              </span>
            </label>
          );
        })}
      </div>
      <div className="mt-1">
        <FieldError field={field} />
      </div>
    </fieldset>
  );
}

/** Every field of a pipeline; `showVisibility` is off where visibility has its own control. */
export function PipelineFormFields({ fields, showVisibility = true }: { fields: PipelineFields; showVisibility?: boolean }) {
  const tierInvalid = Boolean(fields.tier.errors?.length);
  const { key: tierKey, ...tierControl } = getSelectProps(fields.tier);
  return (
    <div className="space-y-6">
      <Section title="About">
        <Field label="Name" errors={fields.name.errors} inputProps={{ ...getInputProps(fields.name, { type: "text" }), required: true, maxLength: PIPELINE_NAME_MAX, autoComplete: "off" }} />
        <TextArea field={fields.description} label="Description (optional)" maxLength={500} />
        {showVisibility ? <VisibilityChoice field={fields.visibility} /> : null}
      </Section>
      <Section title="Output">
        <div className="space-y-1.5">
          <label htmlFor={fields.tier.id} className="block text-sm font-medium text-slate-800">
            Tier
          </label>
          <select
            key={tierKey}
            {...tierControl}
            aria-invalid={tierInvalid ? true : undefined}
            aria-describedby={tierInvalid ? fields.tier.errorId : undefined}
            className="block w-full rounded-lg border-0 bg-white px-3 py-2.5 text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          >
            {ENHANCEMENT_TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {ENHANCEMENT_LABEL[tier]} — {ENHANCEMENT_LONGEST_EDGE[tier]} px, {ENHANCEMENT_COST[tier] === 0 ? "free" : `${ENHANCEMENT_COST[tier]} tokens`}
              </option>
            ))}
          </select>
          <FieldError field={fields.tier} />
        </div>
      </Section>
      <Section title="Stages">
        <Checkbox field={fields.analysis} label="Analyse the photo" description="Measure exposure, contrast, noise and colour cast to steer the corrections." />
        <Checkbox field={fields.autoCrop} label="Auto-crop" description="Remove letterbox bars and uniform borders before enhancing." />
        <Field
          label="Minimum crop ratio"
          hint="Only crop bands at least this share of the width or height (0 to 0.5; default 0.05)."
          errors={fields.minCropRatio.errors}
          inputProps={{ ...getInputProps(fields.minCropRatio, { type: "number" }), step: "0.01", min: 0, max: 0.5, inputMode: "decimal" }}
        />
        <TextArea field={fields.instructions} label="Prompt instructions (optional)" hint="Added to the generated prompt, e.g. “warm film look”." maxLength={500} />
      </Section>
      <Section title="Generation">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Quality (optional)"
            hint="1 to 100; the tier's default when empty."
            errors={fields.quality.errors}
            inputProps={{ ...getInputProps(fields.quality, { type: "number" }), step: 1, min: 1, max: 100, inputMode: "numeric" }}
          />
          <Field
            label="Temperature (optional)"
            hint="0 to 2; used by generative providers."
            errors={fields.temperature.errors}
            inputProps={{ ...getInputProps(fields.temperature, { type: "number" }), step: "0.1", min: 0, max: 2, inputMode: "decimal" }}
          />
        </div>
      </Section>
    </div>
  );
}
