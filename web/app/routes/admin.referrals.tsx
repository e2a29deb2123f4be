/** Referrals: every referral with both people, its status and sign-up address, filterable by status. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Badge, Card, cx, TableHead } from "../components/ui.tsx";
import { Pagination } from "../components/pagination.tsx";
import { requireRole } from "../.server/auth/guards.server.ts";
import { listReferrals } from "../.server/referrals/queries.server.ts";
import { formatDateTime } from "../lib/format.ts";

export const meta: MetaFunction = () => [{ title: "Referrals — Admin — Spike Land" }];

const STATUSES = ["PENDING", "COMPLETED", "INVALID"] as const;

const query = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "ADMIN");
  const { status, page } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const result = await listReferrals({ status: status ?? null, page });
  return { ...result, status: status ?? null, page };
}

const STATUS_TONE = { PENDING: "amber", COMPLETED: "green", INVALID: "red" } as const;

function filterLink(status: string | null): string {
  return status ? `?status=${status}` : "/admin/referrals";
}

export default function AdminReferrals() {
  const { referrals, total, byStatus, status, page, pages } = useLoaderData<typeof loader>();
  const all = byStatus.PENDING + byStatus.COMPLETED + byStatus.INVALID;
  const filters: Array<{ value: (typeof STATUSES)[number] | null; label: string; count: number }> = [
    { value: null, label: "All", count: all },
    ...STATUSES.map((value) => ({ value, label: value.charAt(0) + value.slice(1).toLowerCase(), count: byStatus[value] })),
  ];
  return (
    <Card>
      <h2 className="text-lg font-semibold">Referrals</h2>
      <p className="text-sm text-slate-600">
        {total} {total === 1 ? "referral" : "referrals"}{status ? ` with status ${status}` : ""}
      </p>
      <nav aria-label="Filter by status" className="mt-4 flex flex-wrap gap-2">
        {filters.map((filter) => {
          const current = filter.value === status;
          return (
            <Link
              key={filter.label}
              to={filterLink(filter.value)}
              aria-current={current ? "page" : undefined}
              className={cx("rounded-full px-3 py-1.5 text-sm font-medium ring-1", current ? "bg-slate-900 text-white ring-slate-900" : "text-slate-700 ring-slate-300 hover:bg-slate-50")}
            >
              {filter.label} ({filter.count})
            </Link>
          );
        })}
      </nav>
      <div className="mt-6 overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="admin-referral-list">
          <TableHead columns={["Referrer", "Referee", "Status", "Tokens each", "Sign-up address", "Signed up / completed"]} />
          <tbody className="divide-y divide-slate-100">
            {referrals.map((row) => (
              <tr key={row.id}>
                <td className="py-3 pr-4">{row.referrer.email ?? "—"}</td>
                <td className="py-3 pr-4">
                  {row.referee.email ?? "—"}
                  {row.referee.emailVerified ? null : <span className="text-slate-600"> · unverified</span>}
                </td>
                <td className="py-3 pr-4"><Badge tone={STATUS_TONE[row.status]}>{row.status}</Badge></td>
                <td className="py-3 pr-4">{row.tokensGranted}</td>
                <td className="py-3 pr-4 font-mono text-slate-600">{row.ipAddress ?? "—"}</td>
                <td className="py-3 text-slate-600">
                  {formatDateTime(row.createdAt)}
                  {row.completedAt ? ` / ${formatDateTime(row.completedAt)}` : ""}
                </td>
              </tr>
            ))}
            {referrals.length === 0 ? <tr><td colSpan={6} className="py-3 text-slate-600">No referrals{status ? ` with status ${status}` : ""} yet.</td></tr> : null}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pages={pages} />
    </Card>
  );
}
