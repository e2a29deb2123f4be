/** GET /orders — the user's shop orders, newest first, each with its status. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatMoney } from "@spike-land/shared/payments/money";
import { Pagination } from "../components/pagination.tsx";
import { ORDER_STATUS_LABEL, ORDER_STATUS_TONE } from "../components/shop/order-status.ts";
import { Badge, Card, PageHeading } from "../components/ui.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { listOrders } from "../.server/merch/orders.server.ts";

export const meta: MetaFunction = () => [{ title: "Your orders — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const requested = Number.parseInt(new URL(request.url).searchParams.get("page") ?? "1", 10);
  const page = Number.isFinite(requested) && requested > 0 ? requested : 1;
  const result = await listOrders(user.id, page);
  return { ...result, page: Math.min(page, result.pages) };
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

export default function OrdersPage() {
  const { orders, page, pages, total } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-10">
      <PageHeading
        title="Your orders"
        description={total ? `${total} order${total === 1 ? "" : "s"} from the shop.` : "Prints, canvases and t-shirts you order appear here."}
        actions={
          <Link to="/shop" className="text-sm font-semibold text-brand-700 hover:underline">
            Go to the shop
          </Link>
        }
      />
      {orders.length === 0 ? (
        <Card>
          <p className="text-slate-700">
            No orders yet.{" "}
            <Link to="/shop" className="font-semibold text-brand-700 hover:underline">
              Turn one of your photos into a print
            </Link>
            .
          </p>
        </Card>
      ) : (
        <ul className="space-y-3">
          {orders.map((order) => (
            <li key={order.id}>
              <Link
                to={`/orders/${order.id}`}
                className="flex flex-col gap-2 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:ring-brand-300 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-600 sm:flex-row sm:items-center sm:justify-between"
              >
                <div className="min-w-0">
                  <p className="font-mono text-sm font-semibold text-slate-900">{order.orderNumber}</p>
                  <p className="truncate text-sm text-slate-600">
                    {order.itemCount} item{order.itemCount === 1 ? "" : "s"}: {order.summary}
                  </p>
                  <p className="text-xs text-slate-500">Placed {dateFormat.format(new Date(order.createdAt))}</p>
                </div>
                <div className="flex items-center gap-3 sm:flex-col sm:items-end">
                  <Badge tone={ORDER_STATUS_TONE[order.status] ?? "slate"}>{ORDER_STATUS_LABEL[order.status] ?? order.status}</Badge>
                  <span className="font-semibold text-slate-900">{formatMoney(order.total, order.currency)}</span>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 ? <Pagination page={page} pages={pages} previousLabel="Newer" nextLabel="Older" /> : null}
    </div>
  );
}
