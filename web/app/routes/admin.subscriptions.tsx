/** Admin: subscriptions, filtered by status and user email: plan tier, renewal or end date, scheduled changes. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, Card, TableHead } from "../components/ui.tsx";
import { SubscriptionStatusBadge, longDate } from "../components/payments.tsx";
import { parseStatusEmailQuery, StatusEmailFilter } from "../components/admin-filters.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listSubscriptions } from "../.server/payments/admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Subscriptions — Admin — Spike Land" }];

const STATUSES = ["ACTIVE", "TRIALING", "PAST_DUE", "UNPAID", "CANCELED"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const filters = parseStatusEmailQuery(STATUSES, new URL(request.url).searchParams);
  return { ...(await listSubscriptions(filters)), filters };
}

export default function AdminSubscriptions() {
  const { subscriptions, total, pages, filters } = useLoaderData<typeof loader>();
  return (
    <Card>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
        <div>
          <h2 className="text-lg font-semibold">Subscriptions</h2>
          <p className="text-sm text-slate-600">{total} {total === 1 ? "subscription" : "subscriptions"}</p>
        </div>
        <StatusEmailFilter idPrefix="subscription" statuses={STATUSES} status={filters.status} email={filters.email} />
      </div>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="admin-subscriptions">
          <TableHead columns={["User", "Tier", "Status", "Period ends", "Tokens / month", "Stripe subscription"]} />
          <tbody className="divide-y divide-slate-100">
            {subscriptions.map((s) => (
              <tr key={s.id} data-testid={`subscription-row-${s.user?.email ?? s.id}`}>
                <td className="py-3 pr-4">{s.user ? <Link to={`/admin/users/${s.user.id}`} className="text-brand-700 hover:underline">{s.user.email}</Link> : "Deleted account"}</td>
                <td className="py-3 pr-4">
                  {s.tier}
                  {s.downgradeTo ? <span className="block text-xs text-amber-800">→ {s.downgradeTo} at period end</span> : null}
                </td>
                <td className="py-3 pr-4">
                  <SubscriptionStatusBadge status={s.status} />
                  {s.cancelAtPeriodEnd ? <span className="ml-1"><Badge tone="amber">Cancels</Badge></span> : null}
                </td>
                <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{longDate(s.currentPeriodEnd)}</td>
                <td className="py-3 pr-4">
                  {s.tokensPerMonth}
                  <span className="block text-xs text-slate-600">{s.maxRollover === 0 ? "unlimited rollover" : `rollover up to ${s.maxRollover}`}</span>
                </td>
                <td className="max-w-[14rem] truncate py-3 font-mono text-xs text-slate-600" title={s.stripeSubscriptionId}>{s.stripeSubscriptionId}</td>
              </tr>
            ))}
            {subscriptions.length === 0 ? <tr><td colSpan={6} className="py-4 text-slate-600">No subscriptions match these filters.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pagination page={filters.page} pages={pages} />
    </Card>
  );
}
