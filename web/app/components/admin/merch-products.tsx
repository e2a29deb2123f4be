/**
 * The merch products admin: the product table, the create or edit form (prices, print
 * requirements, provider, visibility) and the edited product's variants, each its own small form.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link } from "@remix-run/react";
import { formatMoney } from "@spike-land/shared/payments/money";
import type { AdminProduct, AdminVariant } from "../../.server/merch/catalogue-admin.server.ts";
import type { FormReply } from "../../lib/form-reply.ts";
import { ReplyMessage } from "../form-reply.tsx";
import { Badge, Button, Card, Field, FormMessage, cx } from "../ui.tsx";
import { CheckboxField, SelectField, TextareaField, textInput } from "./form-fields.tsx";
import { POD_PROVIDER_LABEL, POD_PROVIDERS, productIntents } from "./merch-forms.ts";
import { refusal, replyTo, savedKey } from "./replies.ts";

type CategoryOption = { id: string; name: string; isActive: boolean };

const FORM_INTENTS = ["create-product", "update-product", "create-variant", "update-variant", "activate-variant", "deactivate-variant"];

export function ProductTable({ products, editingId, reply }: { products: AdminProduct[]; editingId: string | null; reply: FormReply | undefined }) {
  // A refusal no form on the page answers (an unknown intent) is shown above the table.
  const stray = reply && !FORM_INTENTS.includes(reply.intent ?? "") ? reply : undefined;
  return (
    <Card aria-labelledby="products-heading">
      <h3 id="products-heading" className="text-lg font-semibold">Products</h3>
      {stray ? <div className="mt-4"><ReplyMessage reply={stray} /></div> : null}
      <div className="mt-4 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="merch-products">
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">Product</th>
              <th scope="col" className="py-2 pr-4 font-medium">Category</th>
              <th scope="col" className="py-2 pr-4 font-medium">Provider</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Base</th>
              <th scope="col" className="py-2 pr-4 text-right font-medium">Retail</th>
              <th scope="col" className="py-2 pr-4 font-medium">Variants</th>
              <th scope="col" className="py-2 pr-4 font-medium">Status</th>
              <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {products.map((product) => (
              <tr key={product.id} className={editingId === product.id ? "bg-brand-50" : undefined}>
                <td className="py-3 pr-4 font-medium text-slate-900">{product.name}</td>
                <td className="py-3 pr-4">{product.category.name}</td>
                <td className="py-3 pr-4">{product.provider} <span className="font-mono text-xs text-slate-600">{product.providerSku}</span></td>
                <td className="py-3 pr-4 text-right tabular-nums">{formatMoney(product.basePrice, product.currency)}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{formatMoney(product.retailPrice, product.currency)}</td>
                <td className="py-3 pr-4">{product.variants.filter((variant) => variant.isActive).length} of {product.variants.length}</td>
                <td className="py-3 pr-4"><Badge tone={product.isActive ? "green" : "slate"}>{product.isActive ? "On sale" : "Hidden"}</Badge></td>
                <td className="py-3 text-right">
                  <Link to={`?edit=${product.id}`} className="font-semibold text-brand-700 hover:underline" aria-label={`Edit ${product.name}`}>Edit</Link>
                </td>
              </tr>
            ))}
            {products.length === 0 ? <tr><td colSpan={8} className="py-3 text-slate-600">No products yet. Create the first one below.</td></tr> : null}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

type EditorProps = { editing: AdminProduct | null; categories: CategoryOption[]; reply: FormReply | undefined; busy: boolean };

/** The create form, or the edit form of `editing`; after a save it starts again from the saved values. */
export function ProductEditor({ editing, categories, reply, busy }: EditorProps) {
  if (categories.length === 0) {
    return (
      <FormMessage tone="info">
        Create a category first: every product belongs to one. <Link to="/admin/merch/categories" className="font-semibold underline">Categories</Link>
      </FormMessage>
    );
  }
  const answered = editing ? replyTo(reply, ["update-product"], editing.id) : replyTo(reply, ["create-product"]);
  return <ProductForm key={`${editing?.id ?? "new"}-${savedKey(answered)}`} editing={editing} categories={categories} answered={answered} busy={busy} />;
}

function ProductForm({ editing, categories, answered, busy }: Omit<EditorProps, "reply"> & { answered: FormReply | undefined }) {
  const formId = editing ? `product-${editing.id}` : "product-new";
  const [form, fields] = useForm({
    id: formId,
    lastResult: refusal(answered),
    defaultValue: {
      name: editing?.name ?? "",
      description: editing?.description ?? "",
      categoryId: editing?.category.id ?? categories[0]?.id ?? "",
      provider: editing?.provider ?? "PRODIGI",
      providerSku: editing?.providerSku ?? "",
      basePrice: editing?.basePrice ?? "",
      retailPrice: editing?.retailPrice ?? "",
      minWidth: String(editing?.minWidth ?? 1800),
      minHeight: String(editing?.minHeight ?? 1800),
      minDpi: String(editing?.minDpi ?? 150),
      printAreaWidth: editing?.printAreaWidth ? String(editing.printAreaWidth) : "",
      printAreaHeight: editing?.printAreaHeight ? String(editing.printAreaHeight) : "",
      active: editing ? (editing.isActive ? "on" : "") : "on",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: productIntents }),
    shouldRevalidate: "onInput",
  });
  return (
    <Card aria-labelledby={`${formId}-heading`}>
      <div className="flex items-center justify-between gap-3">
        <h3 id={`${formId}-heading`} className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : "New product"}</h3>
        {editing ? <Link to="/admin/merch/products" className="text-sm font-semibold text-brand-700 hover:underline">Close</Link> : null}
      </div>
      <Form method="post" className="mt-6 space-y-5" {...getFormProps(form)}>
        <ReplyMessage reply={answered} />
        <input type="hidden" name="intent" value={editing ? "update-product" : "create-product"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Name" errors={fields.name.errors} inputProps={{ ...textInput(fields.name), required: true, maxLength: 120 }} />
          <SelectField label="Category" meta={fields.categoryId}>
            {categories.map((category) => <option key={category.id} value={category.id}>{category.name}{category.isActive ? "" : " (hidden)"}</option>)}
          </SelectField>
        </div>
        <TextareaField label="Description" meta={fields.description} maxLength={2000} />
        <div className="grid gap-5 sm:grid-cols-2">
          <SelectField label="Print provider" meta={fields.provider}>
            {POD_PROVIDERS.map((provider) => <option key={provider} value={provider}>{POD_PROVIDER_LABEL[provider]}</option>)}
          </SelectField>
          <Field label="Provider SKU" errors={fields.providerSku.errors} inputProps={{ ...textInput(fields.providerSku), required: true, maxLength: 100, className: "font-mono" }} />
          <Field label="Base price (GBP, cost)" hint="What the provider charges, e.g. 8.50" errors={fields.basePrice.errors} inputProps={{ ...textInput(fields.basePrice), inputMode: "decimal", required: true }} />
          <Field label="Retail price (GBP)" hint="What customers pay; at least the base price" errors={fields.retailPrice.errors} inputProps={{ ...textInput(fields.retailPrice), inputMode: "decimal", required: true }} />
        </div>
        <fieldset className="grid gap-5 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Minimum print size</legend>
          <Field label="Min width (px)" errors={fields.minWidth.errors} inputProps={{ ...textInput(fields.minWidth, "number"), min: 1, required: true }} />
          <Field label="Min height (px)" errors={fields.minHeight.errors} inputProps={{ ...textInput(fields.minHeight, "number"), min: 1, required: true }} />
          <Field label="Min dpi" errors={fields.minDpi.errors} inputProps={{ ...textInput(fields.minDpi, "number"), min: 72, max: 1200, required: true }} />
        </fieldset>
        <fieldset className="grid gap-5 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Print area (optional)</legend>
          <Field label="Print area width (px)" errors={fields.printAreaWidth.errors} inputProps={{ ...textInput(fields.printAreaWidth, "number"), min: 1 }} />
          <Field label="Print area height (px)" errors={fields.printAreaHeight.errors} inputProps={{ ...textInput(fields.printAreaHeight, "number"), min: 1 }} />
        </fieldset>
        <CheckboxField label="On sale in the shop" meta={fields.active} />
        <Button type="submit" disabled={busy}>{editing ? "Save product" : "Create product"}</Button>
      </Form>
    </Card>
  );
}

/** The edited product's variants, each editable in place, and a form to add one. */
export function VariantList({ product, reply, busy }: { product: AdminProduct; reply: FormReply | undefined; busy: boolean }) {
  return (
    <Card aria-labelledby="variants-heading">
      <h3 id="variants-heading" className="text-lg font-semibold">Variants of {product.name}</h3>
      <p className="mt-1 text-sm text-slate-600">The price difference is added to the retail price ({formatMoney(product.retailPrice, product.currency)}).</p>
      <ul className="mt-4 space-y-3">
        {product.variants.map((variant) => (
          <VariantItem key={variant.id} productId={product.id} variant={variant} reply={reply} busy={busy} />
        ))}
        <VariantItem productId={product.id} variant={null} reply={reply} busy={busy} />
      </ul>
    </Card>
  );
}

function VariantItem({ productId, variant, reply, busy }: { productId: string; variant: AdminVariant | null; reply: FormReply | undefined; busy: boolean }) {
  const answered = variant ? replyTo(reply, ["update-variant"], variant.id) : replyTo(reply, ["create-variant"], productId);
  const toggled = variant ? replyTo(reply, ["activate-variant", "deactivate-variant"], variant.id) : undefined;
  const formId = variant ? `variant-${variant.id}` : `variant-new-${productId}`;
  return (
    <li className={cx("rounded-xl p-4 ring-1", variant && !variant.isActive ? "bg-slate-50 ring-slate-200" : "ring-slate-200")} aria-labelledby={`${formId}-title`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id={`${formId}-title`} className="text-sm font-semibold text-slate-900">
          {variant ? variant.name : "Add a variant"} {variant && !variant.isActive ? <Badge>Not offered</Badge> : null}
        </p>
        {variant ? (
          <Form method="post">
            <input type="hidden" name="id" value={variant.id} />
            <Button type="submit" name="intent" value={variant.isActive ? "deactivate-variant" : "activate-variant"} variant="ghost" className="px-3 py-1.5" disabled={busy}>
              {variant.isActive ? "Deactivate" : "Offer again"}
            </Button>
          </Form>
        ) : null}
      </div>
      {toggled ? <div className="mt-3"><ReplyMessage reply={toggled} /></div> : null}
      <VariantForm key={savedKey(answered)} formId={formId} productId={productId} variant={variant} answered={answered} busy={busy} />
    </li>
  );
}

function VariantForm({ formId, productId, variant, answered, busy }: { formId: string; productId: string; variant: AdminVariant | null; answered: FormReply | undefined; busy: boolean }) {
  const [form, fields] = useForm({
    id: formId,
    lastResult: refusal(answered),
    defaultValue: {
      name: variant?.name ?? "",
      providerSku: variant?.providerSku ?? "",
      priceDelta: variant?.priceDelta ?? "0.00",
      size: variant?.size ?? "",
      colour: variant?.colour ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: productIntents }),
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
      <ReplyMessage reply={answered} />
      <input type="hidden" name="intent" value={variant ? "update-variant" : "create-variant"} />
      <input type="hidden" name="id" value={variant ? variant.id : productId} />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Field label="Name" errors={fields.name.errors} inputProps={{ ...textInput(fields.name), required: true, maxLength: 60 }} />
        <Field label="Provider SKU" errors={fields.providerSku.errors} inputProps={{ ...textInput(fields.providerSku), required: true, maxLength: 100, className: "font-mono" }} />
        <Field label="Price difference (GBP)" errors={fields.priceDelta.errors} inputProps={{ ...textInput(fields.priceDelta), inputMode: "decimal", required: true }} />
        <Field label="Size" errors={fields.size.errors} inputProps={{ ...textInput(fields.size), maxLength: 40 }} />
        <Field label="Colour" errors={fields.colour.errors} inputProps={{ ...textInput(fields.colour), maxLength: 40 }} />
      </div>
      <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={busy}>{variant ? "Save variant" : "Add variant"}</Button>
    </Form>
  );
}
