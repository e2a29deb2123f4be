/** The merch categories admin: the list in shop order with move, show and hide, and the create or edit form. */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import type { AdminCategory } from "../../.server/merch/catalogue-admin.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Badge, Button, Card, Field } from "../ui.tsx";
import { CheckboxField, textInput } from "./form-fields.tsx";
import { categoryIntents } from "./merch-forms.ts";
import { refusal, replyTo, savedKey } from "./replies.ts";

const EDITOR_INTENTS = ["create", "update"];

export function CategoryList({ categories, reply, busy }: { categories: AdminCategory[]; reply: FormReply | undefined; busy: boolean }) {
  // Everything but the editor's replies shows here, including a refused unknown intent.
  const listReply = reply && !EDITOR_INTENTS.includes(reply.intent ?? "") ? reply : undefined;
  return (
    <Card aria-labelledby="categories-heading">
      <h3 id="categories-heading" className="text-lg font-semibold">Categories</h3>
      <p className="text-sm text-slate-600">Shown in the shop in this order.</p>
      {listReply ? <div className="mt-4"><ReplyMessage reply={listReply} /></div> : null}
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
  );
}

/** The create form, or the edit form of `editing`; after a save it starts again from the saved values. */
export function CategoryEditor({ editing, reply, busy }: { editing: AdminCategory | null; reply: FormReply | undefined; busy: boolean }) {
  const answered = editing ? replyTo(reply, ["update"], editing.id) : replyTo(reply, ["create"]);
  return <CategoryForm key={`${editing?.id ?? "new"}-${savedKey(answered)}`} editing={editing} answered={answered} busy={busy} />;
}

function CategoryForm({ editing, answered, busy }: { editing: AdminCategory | null; answered: FormReply | undefined; busy: boolean }) {
  const formId = editing ? `category-${editing.id}` : "category-new";
  const [form, fields] = useForm({
    id: formId,
    lastResult: refusal(answered),
    defaultValue: {
      name: editing?.name ?? "",
      slug: editing?.slug ?? "",
      description: editing?.description ?? "",
      active: editing ? (editing.isActive ? "on" : "") : "on",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: categoryIntents }),
    shouldRevalidate: "onInput",
  });
  return (
    <Card aria-labelledby={`${formId}-heading`}>
      <div className="flex items-center justify-between gap-3">
        <h3 id={`${formId}-heading`} className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : "New category"}</h3>
        {editing ? <Link to="/admin/merch/categories" className="text-sm font-semibold text-brand-700 hover:underline">Close</Link> : null}
      </div>
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ReplyMessage reply={answered} />
        <input type="hidden" name="intent" value={editing ? "update" : "create"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Name" errors={fields.name.errors} inputProps={{ ...textInput(fields.name), required: true, maxLength: 60 }} />
          <Field
            label="Slug"
            hint="Used in the shop address: lower-case letters, digits and dashes"
            errors={fields.slug.errors}
            inputProps={{ ...textInput(fields.slug), required: true, maxLength: 60, className: "font-mono" }}
          />
        </div>
        <Field label="Description (optional)" errors={fields.description.errors} inputProps={{ ...textInput(fields.description), maxLength: 500 }} />
        <CheckboxField label="Shown in the shop" meta={fields.active} />
        <Button type="submit" disabled={busy}>{editing ? "Save category" : "Create category"}</Button>
      </Form>
    </Card>
  );
}
