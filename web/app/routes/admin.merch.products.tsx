/**
 * Admin: merch products — the list, a form to create one or edit one (?edit=ID) with prices,
 * print requirements and visibility, and its variants edited inline (add, edit, deactivate).
 * Every change is audited.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { formatMoney } from "@spike-land/shared/payments/money";
import { Badge, Button, Card, Field, FormMessage, cx } from "../components/ui.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import {
  createProduct,
  createVariant,
  listCategories,
  listProducts,
  parseWith,
  POD_PROVIDERS,
  productFormSchema,
  setVariantActive,
  updateProduct,
  updateVariant,
  variantFormSchema,
  type AdminProduct,
  type AdminFormReply,
  textFields,
} from "../.server/merch/admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Merch products — Admin — Spike Land" }];

const query = z.object({ edit: z.string().trim().min(1).max(100).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { edit } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [products, categories] = await Promise.all([listProducts(), listCategories()]);
  const editing = edit ? (products.find((product) => product.id === edit) ?? null) : null;
  if (edit && !editing) throw new Response("That product no longer exists.", { status: 404 });
  return { products, categories: categories.map(({ id, name, isActive }) => ({ id, name, isActive })), editing, providers: POD_PROVIDERS };
}

type Reply = AdminFormReply;

const ids = z.object({
  intent: z.enum(["create-product", "update-product", "create-variant", "update-variant", "activate-variant", "deactivate-variant"], { error: "Choose what to change." }),
  id: z.string().trim().max(100).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const formData = await request.formData();
  const fields = textFields(formData);
  const ip = clientIp(request);
  const head = ids.safeParse(fields);
  if (!head.success) return data<Reply>({ formId: "none", ok: false, message: head.error.issues[0]?.message ?? "Choose what to change." }, { status: 400 });
  const { intent } = head.data;
  const id = head.data.id ?? "";
  if (intent !== "create-product" && !id) return data<Reply>({ formId: "none", ok: false, message: "Choose a product or variant." }, { status: 400 });

  if (intent === "activate-variant" || intent === "deactivate-variant") {
    const result = await setVariantActive(actor, id, intent === "activate-variant", ip);
    return data<Reply>({ formId: `variant-${id}`, ok: result.ok, message: result.message }, { status: result.ok ? 200 : result.status });
  }

  const isProduct = intent === "create-product" || intent === "update-product";
  const formId = intent === "create-product" ? "product-new" : intent === "update-product" ? `product-${id}` : intent === "create-variant" ? `variant-new-${id}` : `variant-${id}`;
  const parsed = isProduct ? parseWith(productFormSchema, fields) : parseWith(variantFormSchema, fields);
  if (!parsed.ok) return data<Reply>({ formId, ok: false, message: "Check the highlighted fields.", fieldErrors: parsed.fieldErrors, values: fields }, { status: 400 });
  const value = parsed.value;
  const result =
    intent === "create-product"
      ? await createProduct(actor, value as z.output<typeof productFormSchema>, ip)
      : intent === "update-product"
        ? await updateProduct(actor, id, value as z.output<typeof productFormSchema>, ip)
        : intent === "create-variant"
          ? await createVariant(actor, id, value as z.output<typeof variantFormSchema>, ip)
          : await updateVariant(actor, id, value as z.output<typeof variantFormSchema>, ip);
  if (!result.ok) return data<Reply>({ formId, ok: false, message: result.message, fieldErrors: result.fieldErrors, values: fields }, { status: result.status });
  return data<Reply>({ formId, ok: true, message: result.message, savedId: result.id });
}

const selectClass = (invalid: boolean) =>
  cx("block w-full rounded-lg border-0 bg-white py-2.5 pl-3 pr-8 ring-1 ring-inset focus:ring-2 focus:ring-brand-600", invalid ? "ring-red-500" : "ring-slate-300");

function Select({ id, name, label, value, errors, children }: { id: string; name: string; label: string; value: string; errors?: string[] | undefined; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <select id={id} name={name} defaultValue={value} aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-error` : undefined} className={selectClass(Boolean(errors?.length))}>
        {children}
      </select>
      {errors?.length ? <p id={`${id}-error`} className="text-sm font-medium text-red-700">{errors[0]}</p> : null}
    </div>
  );
}

function useReply(formId: string): Reply | null {
  const reply = useActionData<typeof action>() as Reply | undefined;
  return reply && reply.formId === formId ? reply : null;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function ProductEditor({ editing, categories, providers }: { editing: AdminProduct | null; categories: LoaderData["categories"]; providers: LoaderData["providers"] }) {
  const formId = editing ? `product-${editing.id}` : "product-new";
  const reply = useReply(formId);
  const busy = useNavigation().state !== "idle";
  const failed = reply && !reply.ok ? reply : null;
  const source: Record<string, string> = failed?.values ?? {
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
  };
  const errors = failed?.fieldErrors ?? {};
  const input = (name: string, extra: Record<string, unknown> = {}) => ({ id: `${formId}-${name}`, name, defaultValue: source[name] ?? "", ...extra });
  return (
    <Card aria-labelledby={`${formId}-heading`}>
      <div className="flex items-center justify-between gap-3">
        <h3 id={`${formId}-heading`} className="text-lg font-semibold">{editing ? `Edit ${editing.name}` : "New product"}</h3>
        {editing ? <Link to="/admin/merch/products" className="text-sm font-semibold text-brand-700 hover:underline">Close</Link> : null}
      </div>
      {/* The key resets the fields to the saved values after a successful save or a switch of product. */}
      <Form method="post" className="mt-6 space-y-5" key={`${formId}-${reply?.ok ? reply.message : "form"}`} noValidate>
        {reply ? <FormMessage tone={reply.ok ? "success" : "error"}>{reply.message}</FormMessage> : null}
        <input type="hidden" name="intent" value={editing ? "update-product" : "create-product"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Name" errors={errors.name} inputProps={input("name", { required: true, maxLength: 120 })} />
          <Select id={`${formId}-categoryId`} name="categoryId" label="Category" value={source.categoryId ?? ""} errors={errors.categoryId}>
            {categories.map((category) => <option key={category.id} value={category.id}>{category.name}{category.isActive ? "" : " (hidden)"}</option>)}
          </Select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor={`${formId}-description`} className="block text-sm font-medium text-slate-800">Description</label>
          <textarea
            id={`${formId}-description`}
            name="description"
            rows={3}
            maxLength={2000}
            defaultValue={source.description ?? ""}
            aria-invalid={errors.description?.length ? true : undefined}
            aria-describedby={errors.description?.length ? `${formId}-description-error` : undefined}
            className="block w-full rounded-lg border-0 px-3 py-2.5 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
          />
          {errors.description?.length ? <p id={`${formId}-description-error`} className="text-sm font-medium text-red-700">{errors.description[0]}</p> : null}
        </div>
        <div className="grid gap-5 sm:grid-cols-2">
          <Select id={`${formId}-provider`} name="provider" label="Print provider" value={source.provider ?? "PRODIGI"} errors={errors.provider}>
            {providers.map((provider) => <option key={provider} value={provider}>{provider === "PRODIGI" ? "Prodigi" : "Printful"}</option>)}
          </Select>
          <Field label="Provider SKU" errors={errors.providerSku} inputProps={input("providerSku", { required: true, maxLength: 100, className: "font-mono" })} />
          <Field label="Base price (GBP, cost)" hint="What the provider charges, e.g. 8.50" errors={errors.basePrice} inputProps={input("basePrice", { inputMode: "decimal", required: true })} />
          <Field label="Retail price (GBP)" hint="What customers pay; at least the base price" errors={errors.retailPrice} inputProps={input("retailPrice", { inputMode: "decimal", required: true })} />
        </div>
        <fieldset className="grid gap-5 sm:grid-cols-3">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Minimum print size</legend>
          <Field label="Min width (px)" errors={errors.minWidth} inputProps={input("minWidth", { type: "number", min: 1, required: true })} />
          <Field label="Min height (px)" errors={errors.minHeight} inputProps={input("minHeight", { type: "number", min: 1, required: true })} />
          <Field label="Min dpi" errors={errors.minDpi} inputProps={input("minDpi", { type: "number", min: 72, max: 1200, required: true })} />
        </fieldset>
        <fieldset className="grid gap-5 sm:grid-cols-2">
          <legend className="mb-2 text-sm font-semibold text-slate-800">Print area (optional)</legend>
          <Field label="Print area width (px)" errors={errors.printAreaWidth} inputProps={input("printAreaWidth", { type: "number", min: 1 })} />
          <Field label="Print area height (px)" errors={errors.printAreaHeight} inputProps={input("printAreaHeight", { type: "number", min: 1 })} />
        </fieldset>
        <div className="flex items-center gap-2">
          <input id={`${formId}-active`} name="active" type="checkbox" defaultChecked={source.active === "on" || source.active === "true"} className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
          <label htmlFor={`${formId}-active`} className="text-sm font-medium text-slate-800">On sale in the shop</label>
        </div>
        <Button type="submit" disabled={busy}>{editing ? "Save product" : "Create product"}</Button>
      </Form>
    </Card>
  );
}

type Variant = AdminProduct["variants"][number];

function VariantForm({ productId, variant }: { productId: string; variant: Variant | null }) {
  const formId = variant ? `variant-${variant.id}` : `variant-new-${productId}`;
  const reply = useReply(formId);
  const busy = useNavigation().state !== "idle";
  const failed = reply && !reply.ok ? reply : null;
  const source: Record<string, string> = failed?.values ?? {
    name: variant?.name ?? "",
    providerSku: variant?.providerSku ?? "",
    priceDelta: variant?.priceDelta ?? "0.00",
    size: variant?.size ?? "",
    colour: variant?.colour ?? "",
  };
  const errors = failed?.fieldErrors ?? {};
  const input = (name: string, extra: Record<string, unknown> = {}) => ({ id: `${formId}-${name}`, name, defaultValue: source[name] ?? "", ...extra });
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
      <Form method="post" className="mt-3 space-y-3" key={`${formId}-${reply?.ok ? reply.message : "form"}`} noValidate>
        {reply ? <FormMessage tone={reply.ok ? "success" : "error"}>{reply.message}</FormMessage> : null}
        <input type="hidden" name="intent" value={variant ? "update-variant" : "create-variant"} />
        <input type="hidden" name="id" value={variant ? variant.id : productId} />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <Field label="Name" errors={errors.name} inputProps={input("name", { required: true, maxLength: 60 })} />
          <Field label="Provider SKU" errors={errors.providerSku} inputProps={input("providerSku", { required: true, maxLength: 100, className: "font-mono" })} />
          <Field label="Price difference (GBP)" errors={errors.priceDelta} inputProps={input("priceDelta", { inputMode: "decimal", required: true })} />
          <Field label="Size" errors={errors.size} inputProps={input("size", { maxLength: 40 })} />
          <Field label="Colour" errors={errors.colour} inputProps={input("colour", { maxLength: 40 })} />
        </div>
        <Button type="submit" variant="secondary" className="px-3 py-1.5" disabled={busy}>{variant ? "Save variant" : "Add variant"}</Button>
      </Form>
    </li>
  );
}

export default function AdminMerchProducts() {
  const { products, categories, editing, providers } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <Card aria-labelledby="products-heading">
        <h3 id="products-heading" className="text-lg font-semibold">Products</h3>
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
                <tr key={product.id} className={editing?.id === product.id ? "bg-brand-50" : undefined}>
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

      {categories.length === 0 ? (
        <FormMessage tone="info">Create a category first: every product belongs to one. <Link to="/admin/merch/categories" className="font-semibold underline">Categories</Link></FormMessage>
      ) : (
        <ProductEditor key={editing?.id ?? "new"} editing={editing} categories={categories} providers={providers} />
      )}

      {editing ? (
        <Card aria-labelledby="variants-heading">
          <h3 id="variants-heading" className="text-lg font-semibold">Variants of {editing.name}</h3>
          <p className="mt-1 text-sm text-slate-600">The price difference is added to the retail price ({formatMoney(editing.retailPrice, editing.currency)}).</p>
          <ul className="mt-4 space-y-3">
            {editing.variants.map((variant) => <VariantForm key={variant.id} productId={editing.id} variant={variant} />)}
            <VariantForm productId={editing.id} variant={null} />
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
