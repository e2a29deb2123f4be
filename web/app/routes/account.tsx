/** The signed-in home: who you are, your token balance and where to go next. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TIER_CAPACITY } from "@spike-land/shared/tokens/tiers";
import { Badge, Card, PageHeading } from "../components/ui.tsx";
import { ENTRY_LABEL } from "../components/ledger.ts";
import { formatDate, formatDateTime } from "../lib/format.ts";
import { requireSignIn } from "../.server/auth/guards.server.ts";
import { accountOverview } from "../.server/accounts/users.server.ts";

export const meta: MetaFunction = () => [{ title: "Your account — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  // The session lookup brings the balance (the header shows the same one); the page's own data is one more statement.
  const { session, balance } = await requireSignIn(request);
  const { recent, profile } = await accountOverview(session.user.id);
  return { user: session.user, balance, recent, profile };
}

export default function Account() {
  const { user, balance, recent, profile } = useLoaderData<typeof loader>();
  const tier = balance?.tier ?? "FREE";
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading title={`Hello, ${user.name ?? "there"}`} description="Your tokens, your account and what's new." />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-600">Token balance</h2>
          <p className="mt-3 text-5xl font-extrabold tracking-tight text-slate-900" data-testid="account-balance">
            {balance?.balance ?? 0}
          </p>
          <p className="mt-2 text-sm text-slate-600">
            <Badge tone="brand">{tier}</Badge> regenerates 1 token every 15 minutes up to {TIER_CAPACITY[tier].capacity}.
          </p>
        </Card>
        <Card className="lg:col-span-2">
          <div className="flex items-center justify-between">
            <h2 className="text-lg font-semibold">Recent token activity</h2>
            <Link to="/tokens" className="text-sm font-semibold text-brand-700 hover:underline">Full history →</Link>
          </div>
          {recent.length ? (
            <ul className="mt-4 divide-y divide-slate-200">
              {recent.map((entry) => (
                <li key={entry.id} className="flex items-center justify-between py-3 text-sm">
                  <div>
                    <p className="font-medium text-slate-900">{ENTRY_LABEL[entry.type] ?? entry.type}</p>
                    <p className="text-slate-600">{formatDateTime(entry.createdAt)}</p>
                  </div>
                  <div className="text-right">
                    <p className={entry.amount >= 0 ? "font-semibold text-emerald-700" : "font-semibold text-red-700"}>
                      {entry.amount >= 0 ? `+${entry.amount}` : entry.amount}
                    </p>
                    <p className="text-slate-600">Balance {entry.balanceAfter}</p>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="mt-4 text-sm text-slate-600">No token activity yet.</p>
          )}
        </Card>
        <Card className="lg:col-span-3">
          <h2 className="text-lg font-semibold">Your account</h2>
          <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-slate-600">Email</dt>
              <dd className="font-medium">{user.email}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Member since</dt>
              <dd className="font-medium">{formatDate(profile.createdAt, { dateStyle: "long" })}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Referral code</dt>
              <dd className="font-mono font-medium">{profile.referralCode}</dd>
            </div>
          </dl>
          <div className="mt-6 flex flex-wrap gap-x-6 gap-y-2 text-sm font-semibold text-brand-700">
            <Link to="/settings" className="hover:underline">Edit profile and security settings →</Link>
            <Link to="/billing" className="hover:underline">Plan and billing →</Link>
            <Link to="/orders" className="hover:underline">Your print orders →</Link>
            <Link to="/vouchers" className="hover:underline">Redeem a voucher →</Link>
            <Link to="/referrals" className="hover:underline">Invite friends, earn tokens →</Link>
          </div>
        </Card>
      </div>
    </div>
  );
}
