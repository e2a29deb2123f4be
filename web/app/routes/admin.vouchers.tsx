/**
 * Vouchers: the list with uses, a form to create one, editing (?edit=ID), deactivating and
 * deleting unredeemed ones. Every change is audited.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { voucherEdit, voucherRowAction } from "../components/admin/voucher-forms.ts";
import { VoucherEditor, VoucherList } from "../components/admin/vouchers.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { createVoucher, deleteVoucher, getVoucher, listVouchers, setVoucherStatus, updateVoucher } from "../.server/vouchers/admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Vouchers — Admin — Spike Land" }];

const query = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  edit: z.string().trim().min(1).max(100).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { page, edit } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [list, editing] = await Promise.all([listVouchers(page), edit ? orPageError(getVoucher(edit)) : null]);
  return { ...list, page, editing, now: new Date() };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const ip = clientIp(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "create" || intent === "update") {
    return handleForm(
      form,
      voucherEdit,
      async (input) => (input.intent === "create" ? await createVoucher(actor, input, ip) : await updateVoucher(actor, input.id, input, ip)).message,
      // A created voucher clears the form for the next one; an edited one keeps its values.
      { resetForm: intent === "create" },
    );
  }
  return handleForm(form, voucherRowAction, async ({ intent, id }) => {
    const change = intent === "delete" ? await deleteVoucher(actor, id, ip) : await setVoucherStatus(actor, id, intent === "activate" ? "ACTIVE" : "INACTIVE", ip);
    return change.message;
  });
}

export default function AdminVouchers() {
  const { vouchers, total, page, pages, editing, now } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="space-y-6">
      <VoucherEditor key={editing?.id ?? "new"} editing={editing} reply={reply} busy={busy} />
      <VoucherList vouchers={vouchers} total={total} page={page} pages={pages} now={now} reply={reply} busy={busy} />
    </div>
  );
}
