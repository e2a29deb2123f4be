/** Admin: subscriptions, filtered by status and user email: plan tier, renewal or end date, scheduled changes. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Badge, Button, Card } from "../components/ui.tsx";
import { SubscriptionStatusBadge, longDate } from "../components/payments.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listSubscriptions } from "../.server/payments/admin.server.ts";

export const meta: MetaFunction = () => [{ title: "Subscriptions — Admin — Spike Land" }];

const STATUSES = ["ACTIVE", "TRIALING", "PAST_DUE", "UNPAID", "CANCELED"] as const;

const query = z.object({
  status: z.enum(STATUSES).nullable().catch(null),
  email: z.string().trim().max(200).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const params = new URL(request.url).searchParams;
  const filters = query.parse({ status: params.get("status") || null, email: params.get("email") ?? "", page: params.get("page") ?? 1 });
  return { ...(await listSubscriptions(filters)), filters };
}

export default function AdminSubscriptions() {
  const { subscriptions, total, pages, filters } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (to: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(to));
    return `?${next.toString()}`;
  };
  return (
    <Card>
      <div className="flex flex-col gap-4 lg:flex-row lg:items-end lg:justify-between">
        <div>
          <h2 className="text-lg font-semibold">Subscriptions</h2>
          <p className="text-sm text-slate-600">{total} {total === 1 ? "subscription" : "subscriptions"}</p>
        </div>
        <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor="subscription-status" className="block text-sm font-medium text-slate-700">Status</label>
            <select id="subscription-status" name="status" defaultValue={filters.status ?? ""} className="mt-1 rounded-lg border-0 py-2 pl-3 pr-8 ring-1 ring-inset ring-slate-300">
              <option value="">All</option>
              {STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="subscription-email" className="block text-sm font-medium text-slate-700">User email</label>
            <input id="subscription-email" name="email" defaultValue={filters.email} placeholder="name@example.com" className="mt-1 w-60 rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600" />
          </div>
          <Button type="submit" variant="secondary">Filter</Button>
        </Form>
      </div>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="admin-subscriptions">
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-4 font-medium">User</th>
              <th scope="col" className="py-2 pr-4 font-medium">Tier</th>
              <th scope="col" className="py-2 pr-4 font-medium">Status</th>
              <th scope="col" className="py-2 pr-4 font-medium">Period ends</th>
              <th scope="col" className="py-2 pr-4 font-medium">Tokens / month</th>
              <th scope="col" className="py-2 font-medium">Stripe subscription</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {subscriptions.map((s) => (
              <tr key={s.id} data-testid={`subscription-row-${s.user.email}`}>
                <td className="py-3 pr-4"><Link to={`/admin/users/${s.user.id}`} className="text-brand-700 hover:underline">{s.user.email}</Link></td>
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
      <nav aria-label="Pagination" className="mt-6 flex items-center justify-between text-sm">
        <span className="text-slate-600">Page {filters.page} of {pages}</span>
        <div className="flex gap-2">
          {filters.page > 1 ? <Link className="rounded-lg px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50" to={pageLink(filters.page - 1)}>Previous</Link> : null}
          {filters.page < pages ? <Link className="rounded-lg px-3 py-1.5 ring-1 ring-slate-300 hover:bg-slate-50" to={pageLink(filters.page + 1)}>Next</Link> : null}
        </div>
      </nav>
    </Card>
  );
}
