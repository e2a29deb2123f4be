/**
 * Gallery curation for admins: the featured items with move up/down, an explicit position, hide or
 * show, edit and delete; and the recent completed jobs to feature with a title and category.
 */
import { getFormProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ENHANCEMENT_LABEL } from "@spike-land/shared/tokens/tiers";
import type { listFeaturableJobs } from "../../.server/admin/featurable-jobs.server.ts";
import type { listAllGalleryItems } from "../../.server/gallery/gallery.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { Pagination } from "../pagination.tsx";
import { Badge, Button, Card, cx } from "../ui.tsx";
import { galleryIntents } from "./gallery-forms.ts";
import { refusal, replyTo } from "./replies.ts";
import { formatDate } from "../../lib/format.ts";

export type CuratedItem = Awaited<ReturnType<typeof listAllGalleryItems>>[number] & { categoryLabel: string };
export type Featurable = Awaited<ReturnType<typeof listFeaturableJobs>>;
export type CategoryChoice = { value: string; label: string };

const INPUT = "mt-1 block w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset focus:ring-2 focus:ring-brand-600";

type Meta = FieldMetadata<unknown, Record<string, unknown>>;

/** Title, category and description inputs, with their errors next to each. */
function ItemFields({ fields, categories }: { fields: { title: Meta; category: Meta; description: Meta }; categories: CategoryChoice[] }) {
  const control = (meta: Meta) => ({
    id: meta.id,
    name: meta.name,
    form: meta.formId,
    defaultValue: typeof meta.initialValue === "string" ? meta.initialValue : "",
    "aria-invalid": meta.errors?.length ? true : undefined,
    "aria-describedby": meta.errors?.length ? meta.errorId : undefined,
    className: cx(INPUT, meta.errors?.length ? "ring-red-500" : "ring-slate-300"),
  });
  const message = (meta: Meta) => (meta.errors?.length ? <p id={meta.errorId} className="mt-1 text-xs font-medium text-red-700">{meta.errors[0]}</p> : null);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <div>
        <label htmlFor={fields.title.id} className="block text-xs font-medium text-slate-700">Title</label>
        <input key={fields.title.key} {...control(fields.title)} required maxLength={120} />
        {message(fields.title)}
      </div>
      <div>
        <label htmlFor={fields.category.id} className="block text-xs font-medium text-slate-700">Category</label>
        <select key={fields.category.key} {...control(fields.category)}>
          {categories.map((category) => <option key={category.value} value={category.value}>{category.label}</option>)}
        </select>
        {message(fields.category)}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={fields.description.id} className="block text-xs font-medium text-slate-700">Description (optional)</label>
        <textarea key={fields.description.key} {...control(fields.description)} rows={2} maxLength={500} />
        {message(fields.description)}
      </div>
    </div>
  );
}

/** The title, category and description form of one item or job, validated while typing. */
function useItemForm(id: string, answered: FormReply | undefined, values: { title: string; description: string | null; category: string }) {
  return useForm({
    id,
    lastResult: refusal(answered),
    defaultValue: { title: values.title, description: values.description ?? "", category: values.category },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: galleryIntents }),
    shouldRevalidate: "onInput",
  });
}

function SmallButton({ intent, label, busy, danger, confirmText }: { intent: string; label: string; busy: boolean; danger?: boolean; confirmText?: string }) {
  return (
    <Button
      type="submit"
      name="intent"
      value={intent}
      variant={danger ? "danger" : "secondary"}
      className="px-2.5 py-1 text-xs"
      disabled={busy}
      onClick={confirmText ? (event) => { if (!confirm(confirmText)) event.preventDefault(); } : undefined}
    >
      {label}
    </Button>
  );
}

function ItemRow({ item, index, count, categories, busy, reply }: { item: CuratedItem; index: number; count: number; categories: CategoryChoice[]; busy: boolean; reply: FormReply | undefined }) {
  const answered = replyTo(reply, ["update"], item.id);
  const [form, fields] = useItemForm(`edit-${item.id}`, answered, item);
  return (
    <li className="flex flex-col gap-4 py-4 sm:flex-row" data-testid="gallery-admin-item">
      <img src={item.enhancedUrl} alt="" width={item.width} height={item.height} loading="lazy" className="h-24 w-32 shrink-0 rounded-lg object-cover ring-1 ring-slate-200" />
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <p className="font-semibold text-slate-900">{item.title}</p>
          <Badge tone="brand">{item.categoryLabel}</Badge>
          <Badge tone={item.isActive ? "green" : "slate"}>{item.isActive ? "Shown" : "Hidden"}</Badge>
        </div>
        <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
          <Form method="post" className="flex flex-wrap items-center gap-2" aria-label={`Arrange ${item.title}`}>
            <input type="hidden" name="id" value={item.id} />
            <Button type="submit" name="intent" value="up" variant="secondary" className="px-2.5 py-1 text-xs" disabled={busy || index === 0} aria-label={`Move ${item.title} up`}>↑ Up</Button>
            <Button type="submit" name="intent" value="down" variant="secondary" className="px-2.5 py-1 text-xs" disabled={busy || index === count - 1} aria-label={`Move ${item.title} down`}>↓ Down</Button>
            <SmallButton intent={item.isActive ? "hide" : "show"} label={item.isActive ? "Hide" : "Show"} busy={busy} />
            <SmallButton intent="delete" label="Delete" busy={busy} danger confirmText={`Delete “${item.title}” and its public copies? This cannot be undone.`} />
          </Form>
          <Form method="post" className="flex items-center gap-2" aria-label={`Position of ${item.title}`}>
            <input type="hidden" name="id" value={item.id} />
            <label htmlFor={`order-${item.id}`} className="text-xs font-medium text-slate-700">Position</label>
            <input id={`order-${item.id}`} name="sortOrder" type="number" min={0} defaultValue={item.sortOrder} aria-describedby="position-hint" className="block w-20 rounded-lg border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
            <SmallButton intent="order" label="Set" busy={busy} />
          </Form>
        </div>
        <details open={Boolean(refusal(answered))}>
          <summary className="cursor-pointer text-sm font-semibold text-brand-700">Edit details</summary>
          <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
            <input type="hidden" name="id" value={item.id} />
            <ItemFields fields={fields} categories={categories} />
            <SmallButton intent="update" label="Save" busy={busy} />
          </Form>
        </details>
      </div>
    </li>
  );
}

export function GalleryItems({ items, categories, reply, busy }: { items: CuratedItem[]; categories: CategoryChoice[]; reply: FormReply | undefined; busy: boolean }) {
  const shown = items.filter((item) => item.isActive).length;
  return (
    <Card aria-labelledby="gallery-items-heading">
      <h2 id="gallery-items-heading" className="text-lg font-semibold">Gallery items</h2>
      <p className="text-sm text-slate-600">
        {shown} shown, {items.length - shown} hidden. <a href="/gallery" className="font-semibold text-brand-700 hover:underline">View the gallery</a>
      </p>
      <p id="position-hint" className="mt-1 text-xs text-slate-600">Lower positions show first; Up and Down renumber the whole list.</p>
      {items.length === 0 ? <p className="mt-4 text-sm text-slate-600">Nothing featured yet. Pick a completed job below.</p> : null}
      <ol className="mt-4 divide-y divide-slate-100">
        {items.map((item, index) => (
          <ItemRow key={item.id} item={item} index={index} count={items.length} categories={categories} busy={busy} reply={reply} />
        ))}
      </ol>
    </Card>
  );
}

type Job = Featurable["jobs"][number];

function FeaturableJob({ job, categories, reply, busy }: { job: Job; categories: CategoryChoice[]; reply: FormReply | undefined; busy: boolean }) {
  const answered = replyTo(reply, ["feature"], job.id, "jobId");
  const [form, fields] = useItemForm(`feature-${job.id}`, answered, { title: job.imageName, description: null, category: "LANDSCAPE" });
  return (
    <li className="rounded-xl p-4 ring-1 ring-slate-200">
      <div className="flex gap-3">
        <img src={job.thumb} alt="" loading="lazy" width={96} height={72} className="h-[72px] w-24 shrink-0 rounded-lg bg-slate-100 object-cover" />
        <div className="min-w-0 text-sm">
          <p className="truncate font-semibold text-slate-900">{job.imageName}</p>
          <p className="truncate text-slate-600">{job.owner}</p>
          <p className="text-xs text-slate-600">
            {ENHANCEMENT_LABEL[job.tier]} · {job.width}×{job.height} · {formatDate(job.createdAt, { timeZone: "UTC" })}
          </p>
          {job.featured > 0 ? <Badge tone="green">Featured {job.featured}×</Badge> : null}
        </div>
      </div>
      <details className="mt-3" open={Boolean(refusal(answered))}>
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">Feature this job</summary>
        <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
          <input type="hidden" name="jobId" value={job.id} />
          <ItemFields fields={fields} categories={categories} />
          <Button type="submit" name="intent" value="feature" className="px-3 py-1.5 text-xs" disabled={busy}>Add to gallery</Button>
        </Form>
      </details>
    </li>
  );
}

export function FeaturableJobs({ featurable, categories, reply, busy }: { featurable: Featurable; categories: CategoryChoice[]; reply: FormReply | undefined; busy: boolean }) {
  return (
    <Card aria-labelledby="feature-heading">
      <h2 id="feature-heading" className="text-lg font-semibold">Feature a completed job</h2>
      <p className="text-sm text-slate-600">
        Newest first. Featuring makes public copies without location or camera data; the owner&apos;s files stay private.
      </p>
      {featurable.jobs.length === 0 ? <p className="mt-4 text-sm text-slate-600">No completed jobs yet.</p> : null}
      <ul className="mt-4 grid gap-4 md:grid-cols-2" data-testid="featurable-jobs">
        {featurable.jobs.map((job) => <FeaturableJob key={job.id} job={job} categories={categories} reply={reply} busy={busy} />)}
      </ul>
      <Pagination page={featurable.page} pages={featurable.pages} />
    </Card>
  );
}
