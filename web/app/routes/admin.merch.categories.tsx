/**
 * Admin: merch categories — create, edit (?edit=ID), reorder (up/down) and show or hide each one.
 * Names and slugs are unique; every change is audited.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CategoryEditor, CategoryList } from "../components/admin/merch-categories.tsx";
import { categoryIntents } from "../components/admin/merch-forms.ts";
import { requireRole } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { createCategory, getCategory, listCategories, moveCategory, setCategoryActive, updateCategory } from "../.server/merch/catalogue-admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Merch categories — Admin — Spike Land" }];

const query = z.object({ edit: z.string().trim().min(1).max(100).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { edit } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [categories, editing] = await Promise.all([listCategories(), edit ? orPageError(getCategory(edit)) : null]);
  return { categories, editing };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const ip = clientIp(request);
  return handleForm(request, categoryIntents, async (input) => {
    switch (input.intent) {
      case "create":
        return (await createCategory(actor, input, ip)).message;
      case "update":
        return (await updateCategory(actor, input.id, input, ip)).message;
      case "move-up":
      case "move-down":
        return (await moveCategory(actor, input.id, input.intent === "move-up" ? "up" : "down", ip)).message;
      case "activate":
      case "deactivate":
        return (await setCategoryActive(actor, input.id, input.intent === "activate", ip)).message;
    }
  });
}

export default function AdminMerchCategories() {
  const { categories, editing } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <div className="space-y-6">
      <CategoryList categories={categories} reply={reply} busy={busy} />
      <CategoryEditor key={editing?.id ?? "new"} editing={editing} reply={reply} busy={busy} />
    </div>
  );
}
