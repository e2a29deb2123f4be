/** Form controls the admin editors share, driven by Conform field metadata: a select, a textarea and a checkbox. */
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { cx } from "../ui.tsx";

// Any field of any form: the controls read only its id, name, value and errors.
type Meta = FieldMetadata<unknown, Record<string, unknown>>;

function describedBy(meta: Meta, hint: string | undefined): string | undefined {
  return [meta.errors?.length ? `${meta.id}-error` : null, hint ? `${meta.id}-hint` : null].filter(Boolean).join(" ") || undefined;
}

function Hint({ meta, hint }: { meta: Meta; hint: string | undefined }) {
  return hint ? <p id={`${meta.id}-hint`} className="text-sm text-slate-600">{hint}</p> : null;
}

function FieldError({ meta }: { meta: Meta }) {
  return meta.errors?.length ? <p id={`${meta.id}-error`} className="text-sm font-medium text-red-700">{meta.errors[0]}</p> : null;
}

const ring = (meta: Meta) => (meta.errors?.length ? "ring-red-500" : "ring-slate-300");

export function SelectField({ label, hint, meta, children }: { label: string; hint?: string; meta: Meta; children: ReactNode }) {
  const { key: _key, ...props } = getSelectProps(meta);
  return (
    <div className="space-y-1.5">
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">{label}</label>
      <select
        key={_key}
        {...props}
        aria-describedby={describedBy(meta, hint)}
        className={cx("block w-full rounded-lg border-0 bg-white py-2.5 pl-3 pr-8 ring-1 ring-inset focus:ring-2 focus:ring-brand-600", ring(meta))}
      >
        {children}
      </select>
      <Hint meta={meta} hint={hint} />
      <FieldError meta={meta} />
    </div>
  );
}

export function TextareaField({ label, hint, meta, rows = 3, maxLength }: { label: string; hint?: string; meta: Meta; rows?: number; maxLength?: number }) {
  const { key: _key, ...props } = getTextareaProps(meta);
  return (
    <div className="space-y-1.5">
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-800">{label}</label>
      <textarea
        key={_key}
        {...props}
        rows={rows}
        maxLength={maxLength}
        aria-describedby={describedBy(meta, hint)}
        className={cx("block w-full rounded-lg border-0 px-3 py-2.5 ring-1 ring-inset focus:ring-2 focus:ring-brand-600", ring(meta))}
      />
      <Hint meta={meta} hint={hint} />
      <FieldError meta={meta} />
    </div>
  );
}

export function CheckboxField({ label, meta }: { label: string; meta: Meta }) {
  const { key: _key, ...props } = getInputProps(meta, { type: "checkbox" });
  return (
    <div className="flex items-center gap-2">
      <input key={_key} {...props} className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
      <label htmlFor={meta.id} className="text-sm font-medium text-slate-800">{label}</label>
    </div>
  );
}

/** Props for the design kit's `Field` from Conform metadata, without the `key` React must not receive in a spread. */
export function textInput(meta: Meta, type: "text" | "number" | "datetime-local" = "text") {
  const { key: _key, ...props } = getInputProps(meta, { type });
  return props;
}
