/** Admin: token pack payments, filtered by status and user email, with what was received. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, TableHead } from "../components/ui.tsx";
import { Money, PaymentStatusBadge, shortDateTime } from "../components/payments.tsx";
import { parseStatusEmailQuery, StatusEmailFilter } from "../components/admin-filters.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listPayments } from "../.server/payments/admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Payments — Admin — Spike Land" }];

const STATUSES = ["PENDING", "SUCCEEDED", "FAILED", "REFUNDED"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const filters = parseStatusEmailQuery(STATUSES, new URL(request.url).searchParams);
  return { ...(await listPayments(filters)), filters };
}

export default function AdminPayments() {
  const { payments, total, pages, received, filters } = useLoaderData<typeof loader>();
  return (
    <Card>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
        <div>
          <h2 className="text-lg font-semibold">Payments</h2>
          <p className="text-sm text-slate-600">
            {total} {total === 1 ? "payment" : "payments"} · <Money amount={received} /> received
          </p>
        </div>
        <StatusEmailFilter idPrefix="payment" statuses={STATUSES} status={filters.status} email={filters.email} />
      </div>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="admin-payments">
          <TableHead columns={["Date", "User", "Pack", "Amount", "Status", "Stripe reference"]} />
          <tbody className="divide-y divide-slate-100">
            {payments.map((p) => (
              <tr key={p.id} data-testid={`payment-row-${p.id}`}>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{shortDateTime(p.createdAt)}</td>
                <td className="py-3 pr-4">{p.user ? <Link to={`/admin/users/${p.user.id}`} className="text-brand-700 hover:underline">{p.user.email}</Link> : "Deleted account"}</td>
                <td className="py-3 pr-4">{p.pack} · {p.tokens} tokens</td>
                <td className="py-3 pr-4"><Money amount={p.amount} currency={p.currency} /></td>
                <td className="py-3 pr-4">
                  <PaymentStatusBadge status={p.status} />
                  {p.failure ? <p className="text-xs text-red-700">{p.failure}</p> : null}
                </td>
                <td className="max-w-[14rem] truncate py-3 font-mono text-xs text-slate-600" title={p.reference}>{p.reference}</td>
              </tr>
            ))}
            {payments.length === 0 ? <tr><td colSpan={6} className="py-4 text-slate-600">No payments match these filters.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pagination page={filters.page} pages={pages} />
    </Card>
  );
}
