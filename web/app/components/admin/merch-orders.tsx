/** The merch order list for admins: filters by status, provider, dates and order number or email, and the matching orders. */
import { Form, Link } from "@remix-run/react";
import { MERCH_ORDER_STATUSES } from "@spike-land/shared/merch/orders";
import type { AdminOrderRow, OrderFilter } from "../../.server/merch/order-desk.server.ts";
import { Pagination } from "../pagination.tsx";
import { Badge, Button, Card, TableHead } from "../ui.tsx";
import { POD_PROVIDER_LABEL, POD_PROVIDERS } from "./merch-forms.ts";
import { DESK_STATUS_TONE as ORDER_STATUS_TONE, deskStatusLabel as orderStatusLabel, deskTime as when } from "./order-display.ts";

const control = "mt-1 block w-full rounded-lg border-0 py-2 pl-3 pr-3 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600";

type Props = { orders: AdminOrderRow[]; total: number; pages: number; filter: OrderFilter };

/** The order list with its filter bar (a GET form) and pages. */
export function MerchOrderList({ orders, total, pages, filter }: Props) {
  const filtered = Boolean(filter.status || filter.provider || filter.from || filter.to || filter.q);
  return (
    <Card aria-labelledby="merch-orders-heading">
      <div className="flex flex-col gap-1">
        <h3 id="merch-orders-heading" className="text-lg font-semibold">Orders</h3>
        <p className="text-sm text-slate-600">{total} {total === 1 ? "order" : "orders"} {filtered ? "matching" : "in all"}</p>
      </div>
      <Form method="get" role="search" aria-label="Filter orders" className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-6 lg:items-end">
        <div className="lg:col-span-2">
          <label htmlFor="order-q" className="block text-sm font-medium text-slate-700">Order number or email</label>
          <input id="order-q" name="q" type="search" defaultValue={filter.q} placeholder="SL-20260101-AB12" className={control} />
        </div>
        <div>
          <label htmlFor="order-status" className="block text-sm font-medium text-slate-700">Status</label>
          <select id="order-status" name="status" defaultValue={filter.status ?? ""} className={control}>
            <option value="">All</option>
            {MERCH_ORDER_STATUSES.map((status) => <option key={status} value={status}>{orderStatusLabel(status)}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="order-provider" className="block text-sm font-medium text-slate-700">Provider</label>
          <select id="order-provider" name="provider" defaultValue={filter.provider ?? ""} className={control}>
            <option value="">All</option>
            {POD_PROVIDERS.map((provider) => <option key={provider} value={provider}>{POD_PROVIDER_LABEL[provider]}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="order-from" className="block text-sm font-medium text-slate-700">From (UTC)</label>
          <input id="order-from" name="from" type="date" defaultValue={filter.from ?? ""} className={control} />
        </div>
        <div>
          <label htmlFor="order-to" className="block text-sm font-medium text-slate-700">To (UTC)</label>
          <input id="order-to" name="to" type="date" defaultValue={filter.to ?? ""} className={control} />
        </div>
        <div className="flex gap-2 lg:col-span-6">
          <Button type="submit" variant="secondary">Filter</Button>
          {filtered ? <Link to="/admin/merch" className="px-2 py-2.5 text-sm font-semibold text-brand-700 hover:underline">Clear</Link> : null}
        </div>
      </Form>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="merch-orders">
          <TableHead columns={["Order", "Placed (UTC)", "Customer", "Provider", { label: "Items", align: "right" }, { label: "Total", align: "right" }, "Status"]} />
          <tbody className="divide-y divide-slate-100">
            {orders.map((order) => (
              <tr key={order.id}>
                <td className="whitespace-nowrap py-3 pr-4">
                  <Link to={`/admin/merch/orders/${order.id}`} className="font-mono font-medium text-brand-700 hover:underline">{order.orderNumber}</Link>
                </td>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{when(order.createdAt)}</td>
                <td className="max-w-[16rem] truncate py-3 pr-4" title={order.customerEmail}>{order.customerEmail}</td>
                <td className="py-3 pr-4 text-slate-700">{order.providers.join(", ") || "—"}</td>
                <td className="py-3 pr-4 text-right tabular-nums">{order.itemCount}</td>
                <td className="whitespace-nowrap py-3 pr-4 text-right tabular-nums">{order.total}</td>
                <td className="py-3">
                  <Badge tone={ORDER_STATUS_TONE[order.status] ?? "slate"}>{orderStatusLabel(order.status)}</Badge>
                  {order.stripePaymentStatus ? <span className="ml-2 text-xs text-slate-600">payment {order.stripePaymentStatus}</span> : null}
                </td>
              </tr>
            ))}
            {orders.length === 0 ? <tr><td colSpan={7} className="py-3 text-slate-600">{filtered ? "No orders match these filters." : "No orders yet."}</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pagination page={filter.page} pages={pages} />
    </Card>
  );
}
