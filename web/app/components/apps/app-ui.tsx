/** Pieces the app builder's pages share: status badges, the owner's page header and tab bar, and a pricing card. */
import type { ReactNode } from "react";
import { Link, NavLink } from "@remix-run/react";
import { formatMoney } from "@spike-land/shared/payments/money";
import { APP_STATUS_LABEL, INTERVAL_SUFFIX, MONETIZATION_TYPE_LABEL, type AppStatusName, type MonetizationTypeName, type SubscriptionIntervalName } from "@spike-land/shared/apps/forms";
import { Badge, cx, PageHeading } from "../ui.tsx";

const STATUS_TONE: Record<AppStatusName, "slate" | "green" | "amber" | "red"> = { DRAFT: "amber", ACTIVE: "green", ARCHIVED: "slate", DELETED: "red" };

export function AppStatusBadge({ status }: { status: string }) {
  const known = status as AppStatusName;
  return <Badge tone={STATUS_TONE[known] ?? "slate"}>{APP_STATUS_LABEL[known] ?? status}</Badge>;
}

/** The top of an owner's app page: the way back to all apps, the app's name with a line under it, and its tabs. */
export function AppHeader({ app, description, actions }: { app: { id: string; name: string }; description: ReactNode; actions?: ReactNode }) {
  return (
    <>
      <p className="mb-2 text-sm">
        <Link to="/apps" className="font-medium text-brand-700 hover:underline">
          ← All apps
        </Link>
      </p>
      <PageHeading title={app.name} description={description} actions={actions} />
      <AppTabs appId={app.id} />
    </>
  );
}

/** The owner's tabs for one app. */
export function AppTabs({ appId }: { appId: string }) {
  const tab = ({ isActive }: { isActive: boolean }) =>
    cx("whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium", isActive ? "bg-brand-50 text-brand-700" : "text-slate-700 hover:bg-slate-100");
  return (
    <nav aria-label="App sections" className="mb-8 flex gap-1 overflow-x-auto border-b border-slate-200 pb-2">
      <NavLink to={`/apps/${appId}`} end className={tab}>
        Details
      </NavLink>
      <NavLink to={`/apps/${appId}/requirements`} className={tab}>
        Requirements
      </NavLink>
      <NavLink to={`/apps/${appId}/monetization`} className={tab}>
        Pricing
      </NavLink>
      <NavLink to={`/a/${appId}`} className={tab}>
        Public page
      </NavLink>
    </nav>
  );
}

export type TierViewData = { id: string; type: string; price: string | null; subscriptionInterval: string | null; features: string[] };

/** "£9.99 / month", "£19.00 once", "Free". */
export function tierPrice(tier: TierViewData): { amount: string; suffix: string } {
  if (!tier.price) return { amount: "Free", suffix: "" };
  const amount = formatMoney(tier.price);
  if (tier.type === "SUBSCRIPTION" && tier.subscriptionInterval) return { amount, suffix: INTERVAL_SUFFIX[tier.subscriptionInterval as SubscriptionIntervalName] ?? "" };
  if (tier.type === "USAGE_BASED") return { amount, suffix: "per use" };
  if (tier.type === "FREEMIUM") return { amount, suffix: "for the upgrade" };
  return { amount, suffix: "once" };
}

export function TierCard({ tier, footer }: { tier: TierViewData; footer?: ReactNode }) {
  const { amount, suffix } = tierPrice(tier);
  return (
    <article className="flex h-full flex-col rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h3 className="text-sm font-semibold uppercase tracking-wide text-brand-700">{MONETIZATION_TYPE_LABEL[tier.type as MonetizationTypeName] ?? tier.type}</h3>
      <p className="mt-3 flex flex-wrap items-baseline gap-x-1.5">
        <span className="text-3xl font-bold tracking-tight text-slate-900">{amount}</span>
        {suffix ? <span className="text-sm text-slate-600">{suffix}</span> : null}
      </p>
      {tier.features.length ? (
        <ul className="mt-5 space-y-2 text-sm text-slate-700">
          {tier.features.map((feature, index) => (
            <li key={index} className="flex gap-2">
              <span aria-hidden className="text-emerald-600">
                ✓
              </span>
              <span className="min-w-0 break-words">{feature}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-5 text-sm text-slate-500">No features listed.</p>
      )}
      {footer ? <div className="mt-auto pt-6"><div className="border-t border-slate-100 pt-4">{footer}</div></div> : null}
    </article>
  );
}
