/**
 * Admin: one merch order — items with their print files, the address, the payment, shipments and
 * every event; resubmitting it to the print provider, and cancelling it with the payment released
 * or refunded (after a confirm step).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { MerchOrderDesk } from "../components/admin/merch-order.tsx";
import { orderIntents } from "../components/admin/merch-forms.ts";
import { requireRole } from "../.server/auth/guards.server.ts";
import { orPageError } from "../.server/http/domain-errors.server.ts";
import { handleForm } from "../.server/http/forms.server.ts";
import { clientIp } from "../.server/platform/rate-limit.server.ts";
import { cancelOrder, getAdminOrder, resubmitOrder } from "../.server/merch/order-desk.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.orderNumber ?? "Order"} — Merch — Admin — Spike Land` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  return { order: await orPageError(getAdminOrder(params.id ?? "")) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, "ADMIN");
  const id = params.id ?? "";
  return handleForm(request, orderIntents, async (input) => {
    const change = input.intent === "resubmit" ? await resubmitOrder(actor, id, clientIp(request)) : await cancelOrder(actor, id, clientIp(request));
    return change.message;
  });
}

export default function AdminMerchOrder() {
  const { order } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return <MerchOrderDesk order={order} reply={reply} busy={busy} />;
}
