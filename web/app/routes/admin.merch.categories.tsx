/**
 * Admin: merch categories — create, edit (?edit=ID), reorder (up/down) and show or hide each one.
 * Names and slugs are unique; every change is audited.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Badge, Button, Card, Field, FormMessage } from "../components/ui.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import {
  categoryFormSchema,
  createCategory,
  listCategories,
  moveCategory,
  parseWith,
  setCategoryActive,
  updateCategory,
  type AdminFormReply,
  textFields,
} from "../.server/merch/admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Merch categories — Admin — Spike Land" }];

const query = z.object({ edit: z.string().trim().min(1).max(100).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { edit } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const categories = await listCategories();
  const editing = edit ? (categories.find((category) => category.id === edit) ?? null) : null;
  if (edit && !editing) throw new Response("That category no longer exists.", { status: 404 });
  return { categories, editing };
}

type Reply = AdminFormReply;

const head = z.object({
  intent: z.enum(["create", "update", "move-up", "move-down", "activate", "deactivate"], { error: "Choose what to change." }),
  id: z.string().trim().max(100).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const formData = await request.formData();
  const fields = textFields(formData);
  const ip = clientIp(request);
  const parsedHead = head.safeParse(fields);
  if (!parsedHead.success) return data<Reply>({ formId: "none", ok: false, message: parsedHead.error.issues[0]?.message ?? "Choose what to change." }, { status: 400 });
  const { intent } = parsedHead.data;
  const id = parsedHead.data.id ?? "";
  if (intent !== "create" && !id) return data<Reply>({ formId: "none", ok: false, message: "Choose a category." }, { status: 400 });

  if (intent === "create" || intent === "update") {
    const formId = intent === "create" ? "category-new" : `category-${id}`;
    const parsed = parseWith(categoryFormSchema, fields);
    if (!parsed.ok) return data<Reply>({ formId, ok: false, message: "Check the highlighted fields.", fieldErrors: parsed.fieldErrors, values: fields }, { status: 400 });
    const result = intent === "create" ? await createCategory(actor, parsed.value, ip) : await updateCategory(actor, id, parsed.value, ip);
    if (!result.ok) return data<Reply>({ formId, ok: false, message: result.message, fieldErrors: result.fieldErrors, values: fields }, { status: result.status });
    return data<Reply>({ formId, ok: true, message: result.message, savedId: result.id });
  }

  const result =
    intent === "move-up" || intent === "move-down"
      ? await moveCategory(actor, id, intent === "move-up" ? "up" : "down", ip)
      : await setCategoryActive(actor, id, intent === "activate", ip);
  return data<Reply>({ formId: "list", ok: result.ok, message: result.message }, { status: result.ok ? 200 : result.status });
}

type Category = ReturnType<typeof useLoaderData<typeof loader>>["categories"][number];

function CategoryEditor({ editing }: { editing: Category | null }) {
  const formId = editing ? `category-${editing.id}` : "category-new";
  const all = useActionData<typeof action>() as Reply | undefined;
  const reply = all?.formId === formId ? all : null;
  const busy = useNavigation().state !== "idle";
  const failed = reply && !reply.ok ? reply : null;
  const source: Record<string, string> = failed?.values ?? {
    name: editing?.name ?? "",
    slug: editing?.slug ?? "",
    description: editing?.description ?? "",
    active: editing ? (editing.isActive ? "on" : "") : "on",
  };
  const errors = failed?.fieldErrors ?? {};
  const input = (name: string, extra: Record<string, unknown> = {}) => ({ id: `${formId}-${name}`, name, defaultValue: source[name] ?? "", ...extra });
  return (
    <Card aria-labelledby={`${formId}-heading`}>
      <div className="flex items-center justify-between gap-3">
        <h3 id={`${formId}-heading`} className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : "New category"}</h3>
        {editing ? <Link to="/admin/merch/categories" className="text-sm font-semibold text-brand-700 hover:underline">Close</Link> : null}
      </div>
      <Form method="post" className="mt-6 space-y-5" key={`${formId}-${reply?.ok ? reply.message : "form"}`} noValidate>
        {reply ? <FormMessage tone={reply.ok ? "success" : "error"}>{reply.message}</FormMessage> : null}
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Name" errors={errors.name} inputProps={input("name", { required: true, maxLength: 60 })} />
          <Field label="Slug" hint="Used in the shop address: lower-case letters, digits and dashes" errors={errors.slug} inputProps={input("slug", { required: true, maxLength: 60, className: "font-mono" })} />
        </div>
        <Field label="Description (optional)" errors={errors.description} inputProps={input("description", { maxLength: 500 })} />
        <div className="flex items-center gap-2">
          <input id={`${formId}-active`} name="active" type="checkbox" defaultChecked={source.active === "on" || source.active === "true"} className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
          <label htmlFor={`${formId}-active`} className="text-sm font-medium text-slate-800">Shown in the shop</label>
        </div>
        <Button type="submit" disabled={busy}>{editing ? "Save category" : "Create category"}</Button>
      </Form>
    </Card>
  );
}

export default function AdminMerchCategories() {
  const { categories, editing } = useLoaderData<typeof loader>();
  const all = useActionData<typeof action>() as Reply | undefined;
  const listReply = all?.formId === "list" || all?.formId === "none" ? all : null;
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <Card aria-labelledby="categories-heading">
        <h3 id="categories-heading" className="text-lg font-semibold">Categories</h3>
        <p className="text-sm text-slate-600">Shown in the shop in this order.</p>
        {listReply ? <div className="mt-4"><FormMessage tone={listReply.ok ? "success" : "error"}>{listReply.message}</FormMessage></div> : null}
        <ol className="mt-4 divide-y divide-slate-100" data-testid="merch-categories">
          {categories.map((category, index) => (
            <li key={category.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  <span className="mr-2 tabular-nums text-slate-500">{index + 1}.</span>
                  {category.name} <span className="font-mono text-xs text-slate-600">/{category.slug}</span>{" "}
                  <Badge tone={category.isActive ? "green" : "slate"}>{category.isActive ? "Shown" : "Hidden"}</Badge>
                </p>
                <p className="text-sm text-slate-600">{category.products} {category.products === 1 ? "product" : "products"}{category.description ? ` · ${category.description}` : ""}</p>
              </div>
              <div className="flex flex-wrap items-center gap-1">
                <Form method="post" className="flex gap-1">
                  <input type="hidden" name="id" value={category.id} />
                  <Button type="submit" name="intent" value="move-up" variant="ghost" className="px-2 py-1.5" disabled={busy || index === 0} aria-label={`Move ${category.name} up`}>↑</Button>
                  <Button type="submit" name="intent" value="move-down" variant="ghost" className="px-2 py-1.5" disabled={busy || index === categories.length - 1} aria-label={`Move ${category.name} down`}>↓</Button>
                  <Button type="submit" name="intent" value={category.isActive ? "deactivate" : "activate"} variant="ghost" className="px-3 py-1.5" disabled={busy}>
                    {category.isActive ? "Hide" : "Show"}
                  </Button>
                </Form>
                <Link to={`?edit=${category.id}`} className="px-3 py-1.5 text-sm font-semibold text-brand-700 hover:underline" aria-label={`Edit ${category.name}`}>Edit</Link>
              </div>
            </li>
          ))}
          {categories.length === 0 ? <li className="py-3 text-sm text-slate-600">No categories yet.</li> : null}
        </ol>
      </Card>
      <CategoryEditor key={editing?.id ?? "new"} editing={editing} />
    </div>
  );
}
