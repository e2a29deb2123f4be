/**
 * Admin: merch products — the list, a form to create one or edit one (?edit=ID) with prices,
 * print requirements and visibility, and its variants edited inline (add, edit, deactivate).
 * Every change is audited.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ProductEditor, ProductTable, VariantList } from "../components/admin/merch-products.tsx";
import { productIntents } from "../components/admin/merch-forms.ts";
import { requireRole } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import {
  createProduct,
  createVariant,
  getProduct,
  listCategories,
  listProducts,
  setVariantActive,
  updateProduct,
  updateVariant,
} from "../.server/merch/catalogue-admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Merch products — Admin — Spike Land" }];

const query = z.object({ edit: z.string().trim().min(1).max(100).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { edit } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [products, categories, editing] = await Promise.all([listProducts(), listCategories(), edit ? orPageError(getProduct(edit)) : null]);
  return { products, categories: categories.map(({ id, name, isActive }) => ({ id, name, isActive })), editing };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const ip = clientIp(request);
  return handleForm(request, productIntents, async (input) => {
    switch (input.intent) {
      case "create-product":
        return (await createProduct(actor, input, ip)).message;
      case "update-product":
        return (await updateProduct(actor, input.id, input, ip)).message;
      case "create-variant":
        return (await createVariant(actor, input.id, input, ip)).message;
      case "update-variant":
        return (await updateVariant(actor, input.id, input, ip)).message;
      case "activate-variant":
      case "deactivate-variant":
        return (await setVariantActive(actor, input.id, input.intent === "activate-variant", ip)).message;
    }
  });
}

export default function AdminMerchProducts() {
  const { products, categories, editing } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <ProductTable products={products} editingId={editing?.id ?? null} reply={reply} />
      <ProductEditor key={editing?.id ?? "new"} editing={editing} categories={categories} reply={reply} busy={busy} />
      {editing ? <VariantList product={editing} reply={reply} busy={busy} /> : null}
    </div>
  );
}
