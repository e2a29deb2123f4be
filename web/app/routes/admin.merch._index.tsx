/**
 * Admin: merch orders — filter by status, print provider, date range, and search by order number or
 * customer email; each row opens the order's full story.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MerchOrderList } from "../components/admin/merch-orders.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listAdminOrders, parseOrderFilter } from "../.server/merch/order-desk.server.ts";

export const meta: MetaFunction = () => [{ title: "Merch orders — Admin — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const filter = parseOrderFilter(new URL(request.url).searchParams);
  return { ...(await listAdminOrders(filter)), filter };
}

export default function AdminMerchOrders() {
  const { orders, total, pages, filter } = useLoaderData<typeof loader>();
  return <MerchOrderList orders={orders} total={total} pages={pages} filter={filter} />;
}
