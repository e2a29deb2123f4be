/**
 * Admin: gallery curation. Shown and hidden items with move up/down, an explicit position, hide/show,
 * edit and delete; and a picker of recent completed jobs to feature with a title and category.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ENHANCEMENT_LABEL } from "@spike-land/shared/tokens/tiers";
import { Badge, Button, Card, FormMessage, cx } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import {
  deleteGalleryItem,
  featureJob,
  GALLERY_CATEGORIES,
  GALLERY_CATEGORY_LABEL,
  GalleryError,
  galleryItemSchema,
  listAllGalleryItems,
  listFeaturableJobs,
  moveGalleryItem,
  setGalleryItemActive,
  setGalleryItemOrder,
  updateGalleryItem,
} from "../.server/gallery/gallery.server.ts";

export const meta: MetaFunction = () => [{ title: "Gallery — Admin — Spike Land" }];

const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { page } = query.parse({ page: new URL(request.url).searchParams.get("page") ?? 1 });
  const [items, featurable] = await Promise.all([listAllGalleryItems(), listFeaturableJobs(page)]);
  return {
    items: items.map((item) => ({ ...item, categoryLabel: GALLERY_CATEGORY_LABEL[item.category] })),
    featurable,
    categories: GALLERY_CATEGORIES.map((value) => ({ value, label: GALLERY_CATEGORY_LABEL[value] })),
  };
}

const id = z.string({ error: "Choose a gallery item." }).trim().min(1, "Choose a gallery item.").max(100);
const rowAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["show", "hide", "up", "down", "delete"]), id }),
  z.object({
    intent: z.literal("order"),
    id,
    sortOrder: z.coerce.number({ error: "Enter a whole number for the position." }).int("Enter a whole number for the position.").min(0, "Enter 0 or more.").max(100_000, "Enter a smaller position."),
  }),
]);

type Reply = { ok: boolean; message: string; formId: string | null; errors?: Record<string, string[]> };

function reply(body: Reply, status = 200) {
  return data(body, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const by = { actorId: actor.id, ipAddress: clientIp(request) };
  const form = Object.fromEntries(await request.formData());
  const intent = form.intent;
  try {
    if (intent === "feature" || intent === "update") {
      const formId = intent === "feature" ? `feature-${String(form.jobId ?? "")}` : `edit-${String(form.id ?? "")}`;
      const parsed = galleryItemSchema.safeParse(form);
      if (!parsed.success) return reply({ ok: false, message: "Check the highlighted fields.", formId, errors: z.flattenError(parsed.error).fieldErrors }, 400);
      if (intent === "feature") {
        const jobId = id.safeParse(form.jobId);
        if (!jobId.success) return reply({ ok: false, message: "Choose a completed job to feature.", formId }, 400);
        const item = await featureJob(by, jobId.data, parsed.data);
        return reply({ ok: true, message: `“${item.title}” is now in the gallery.`, formId: null });
      }
      const itemId = id.safeParse(form.id);
      if (!itemId.success) return reply({ ok: false, message: "Choose a gallery item.", formId }, 400);
      await updateGalleryItem(by, itemId.data, parsed.data);
      return reply({ ok: true, message: `“${parsed.data.title}” saved.`, formId: null });
    }
    const parsed = rowAction.safeParse(form);
    if (!parsed.success) return reply({ ok: false, message: parsed.error.issues[0]?.message ?? "Choose a gallery item and what to do with it.", formId: null }, 400);
    const row = parsed.data;
    if (row.intent === "order") {
      await setGalleryItemOrder(by, row.id, row.sortOrder);
      return reply({ ok: true, message: "Position saved.", formId: null });
    }
    if (row.intent === "show" || row.intent === "hide") {
      await setGalleryItemActive(by, row.id, row.intent === "show");
      return reply({ ok: true, message: row.intent === "show" ? "The item is shown in the gallery again." : "The item is hidden from the gallery.", formId: null });
    }
    if (row.intent === "delete") {
      await deleteGalleryItem(by, row.id);
      return reply({ ok: true, message: "The item and its public copies were deleted.", formId: null });
    }
    await moveGalleryItem(by, row.id, row.intent);
    return reply({ ok: true, message: row.intent === "up" ? "Moved up." : "Moved down.", formId: null });
  } catch (error) {
    if (error instanceof GalleryError) return reply({ ok: false, message: error.message, formId: null }, error.status);
    throw error;
  }
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Categories = Loaded["categories"];

const INPUT = "mt-1 block w-full rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset focus:ring-2 focus:ring-brand-600";

/** Title, category and description inputs, with the server's errors next to each. */
function ItemFields({ prefix, categories, values, errors }: { prefix: string; categories: Categories; values?: { title: string; description: string | null; category: string }; errors?: Record<string, string[]> }) {
  const error = (name: string) => errors?.[name]?.[0];
  const field = (name: string) => ({
    id: `${prefix}-${name}`,
    name,
    "aria-invalid": error(name) ? true : undefined,
    "aria-describedby": error(name) ? `${prefix}-${name}-error` : undefined,
    className: cx(INPUT, error(name) ? "ring-red-500" : "ring-slate-300"),
  });
  const message = (name: string) => (error(name) ? <p id={`${prefix}-${name}-error`} className="mt-1 text-xs font-medium text-red-700">{error(name)}</p> : null);
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <div>
        <label htmlFor={`${prefix}-title`} className="block text-xs font-medium text-slate-700">Title</label>
        <input {...field("title")} required maxLength={120} defaultValue={values?.title ?? ""} />
        {message("title")}
      </div>
      <div>
        <label htmlFor={`${prefix}-category`} className="block text-xs font-medium text-slate-700">Category</label>
        <select {...field("category")} defaultValue={values?.category ?? "LANDSCAPE"}>
          {categories.map((category) => <option key={category.value} value={category.value}>{category.label}</option>)}
        </select>
        {message("category")}
      </div>
      <div className="sm:col-span-2">
        <label htmlFor={`${prefix}-description`} className="block text-xs font-medium text-slate-700">Description (optional)</label>
        <textarea {...field("description")} rows={2} maxLength={500} defaultValue={values?.description ?? ""} />
        {message("description")}
      </div>
    </div>
  );
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

function ItemRow({ item, index, count, categories, busy, result }: { item: Loaded["items"][number]; index: number; count: number; categories: Categories; busy: boolean; result: Reply | undefined }) {
  const formId = `edit-${item.id}`;
  const errors = result?.formId === formId ? result.errors : undefined;
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
        <details open={Boolean(errors)}>
          <summary className="cursor-pointer text-sm font-semibold text-brand-700">Edit details</summary>
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="id" value={item.id} />
            <ItemFields prefix={formId} categories={categories} values={item} errors={errors} />
            <SmallButton intent="update" label="Save" busy={busy} />
          </Form>
        </details>
      </div>
    </li>
  );
}

export default function AdminGallery() {
  const { items, featurable, categories } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const busy = useNavigation().state !== "idle";
  const shown = items.filter((item) => item.isActive).length;
  return (
    <div className="space-y-6">
      {result ? <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}
      <Card aria-labelledby="gallery-items-heading">
        <h2 id="gallery-items-heading" className="text-lg font-semibold">Gallery items</h2>
        <p className="text-sm text-slate-600">
          {shown} shown, {items.length - shown} hidden. <a href="/gallery" className="font-semibold text-brand-700 hover:underline">View the gallery</a>
        </p>
        <p id="position-hint" className="mt-1 text-xs text-slate-600">Lower positions show first; Up and Down renumber the whole list.</p>
        {items.length === 0 ? <p className="mt-4 text-sm text-slate-600">Nothing featured yet. Pick a completed job below.</p> : null}
        <ol className="mt-4 divide-y divide-slate-100">
          {items.map((item, index) => (
            <ItemRow key={item.id} item={item} index={index} count={items.length} categories={categories} busy={busy} result={result} />
          ))}
        </ol>
      </Card>

      <Card aria-labelledby="feature-heading">
        <h2 id="feature-heading" className="text-lg font-semibold">Feature a completed job</h2>
        <p className="text-sm text-slate-600">
          Newest first. Featuring makes public copies without location or camera data; the owner&apos;s files stay private.
        </p>
        {featurable.jobs.length === 0 ? <p className="mt-4 text-sm text-slate-600">No completed jobs yet.</p> : null}
        <ul className="mt-4 grid gap-4 md:grid-cols-2" data-testid="featurable-jobs">
          {featurable.jobs.map((job) => {
            const formId = `feature-${job.id}`;
            return (
              <li key={job.id} className="rounded-xl p-4 ring-1 ring-slate-200">
                <div className="flex gap-3">
                  <img src={job.thumb} alt="" loading="lazy" width={96} height={72} className="h-[72px] w-24 shrink-0 rounded-lg bg-slate-100 object-cover" />
                  <div className="min-w-0 text-sm">
                    <p className="truncate font-semibold text-slate-900">{job.imageName}</p>
                    <p className="truncate text-slate-600">{job.owner}</p>
                    <p className="text-xs text-slate-600">
                      {ENHANCEMENT_LABEL[job.tier]} · {job.width}×{job.height} · {new Date(job.createdAt).toLocaleDateString("en-GB", { timeZone: "UTC" })}
                    </p>
                    {job.featured > 0 ? <Badge tone="green">Featured {job.featured}×</Badge> : null}
                  </div>
                </div>
                <details className="mt-3" open={result?.formId === formId}>
                  <summary className="cursor-pointer text-sm font-semibold text-brand-700">Feature this job</summary>
                  <Form method="post" className="mt-3 space-y-3">
                    <input type="hidden" name="jobId" value={job.id} />
                    <ItemFields prefix={formId} categories={categories} values={{ title: job.imageName, description: null, category: "LANDSCAPE" }} errors={result?.formId === formId ? result.errors : undefined} />
                    <Button type="submit" name="intent" value="feature" className="px-3 py-1.5 text-xs" disabled={busy}>Add to gallery</Button>
                  </Form>
                </details>
              </li>
            );
          })}
        </ul>
        <Pagination page={featurable.page} pages={featurable.pages} />
      </Card>
    </div>
  );
}
