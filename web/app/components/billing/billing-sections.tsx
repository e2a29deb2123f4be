/**
 * The billing page's sections: the current plan with cancel / resume and plan changes, the payment
 * emulator's "next period" tool, and the payment history. Every button is its own small form posting
 * an `intent` (and a plan id), so the page works without JavaScript.
 */
import type { ReactNode } from "react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { planChange } from "@spike-land/shared/payments/plans";
import type { billingOverview } from "../../.server/payments/billing.server.ts";
import { Badge, Button, Card, FormMessage, TableHead } from "../ui.tsx";
import { Money, PaymentStatusBadge, Spinner, SubscriptionStatusBadge, longDate, shortDateTime } from "../payments.tsx";

type Overview = Awaited<ReturnType<typeof billingOverview>>;
type Subscription = NonNullable<Overview["subscription"]>;
type Plan = Overview["plans"][number];

/** A one-button form for a billing intent; the button shows progress while its own request runs. */
export function IntentButton({
  intent,
  children,
  variant = "secondary",
  planId,
  pendingLabel,
}: {
  intent: string;
  children: ReactNode;
  variant?: "primary" | "secondary" | "danger";
  planId?: string;
  pendingLabel: string;
}) {
  const navigation = useNavigation();
  const mine = navigation.state !== "idle" && navigation.formData?.get("intent") === intent && (planId === undefined || navigation.formData?.get("planId") === planId);
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      {planId ? <input type="hidden" name="planId" value={planId} /> : null}
      <Button type="submit" variant={variant} disabled={navigation.state !== "idle"}>
        {mine ? (
          <>
            <Spinner /> {pendingLabel}
          </>
        ) : (
          children
        )}
      </Button>
    </Form>
  );
}

function PlanChoice({ plan, subscription }: { plan: Plan; subscription: Subscription }) {
  const change = planChange(subscription.tier, plan.tier);
  const pendingHere = subscription.downgradeTo?.id === plan.id;
  return (
    <li className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
      <div>
        <p className="font-medium">
          {plan.name}{" "}
          <span className="font-normal text-slate-600">
            · <Money amount={plan.price} currency={plan.currency} /> a month · {plan.tokensPerMonth} tokens
          </span>
        </p>
        <p className="text-sm text-slate-600">
          {change === "upgrade"
            ? "Upgrade now: you pay the difference for the rest of this period and get the higher capacity at once."
            : change === "downgrade"
              ? `Downgrade at the end of this period (${longDate(subscription.currentPeriodEnd)}).`
              : "Your current plan."}
        </p>
      </div>
      {change === "same" ? (
        subscription.downgradeTo ? (
          <IntentButton intent="change-plan" planId={plan.id} pendingLabel="Saving…">
            Keep {plan.name}
          </IntentButton>
        ) : (
          <Badge tone="brand">Current plan</Badge>
        )
      ) : pendingHere ? (
        <Badge tone="amber">Scheduled</Badge>
      ) : (
        <IntentButton intent="change-plan" planId={plan.id} variant={change === "upgrade" ? "primary" : "secondary"} pendingLabel={change === "upgrade" ? "Upgrading…" : "Scheduling…"}>
          {change === "upgrade" ? `Upgrade to ${plan.name}` : `Switch to ${plan.name}`}
        </IntentButton>
      )}
    </li>
  );
}

function CurrentPlan({ subscription, plan, plans }: { subscription: Subscription; plan: Plan; plans: Plan[] }) {
  return (
    <div className="mt-4 space-y-6" data-testid="current-plan">
      <div className="flex flex-wrap items-baseline gap-3">
        <p className="text-2xl font-bold">{plan.name}</p>
        <SubscriptionStatusBadge status={subscription.status} />
        <p className="text-slate-600">
          <Money amount={plan.price} currency={plan.currency} /> per month
        </p>
      </div>
      <dl className="grid gap-4 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-slate-600">{subscription.cancelAtPeriodEnd ? "Ends on" : "Renews on"}</dt>
          <dd className="font-medium" data-testid="renewal-date">{longDate(subscription.currentPeriodEnd)}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Tokens each month</dt>
          <dd className="font-medium">{subscription.tokensPerMonth}</dd>
        </div>
        <div>
          <dt className="text-slate-600">Rollover</dt>
          <dd className="font-medium">
            {subscription.maxRollover === 0 ? "Unlimited" : `Up to ${subscription.maxRollover} tokens`}
            {subscription.rolloverTokens > 0 ? ` (${subscription.rolloverTokens} carried at the last renewal)` : ""}
          </dd>
        </div>
      </dl>
      {subscription.downgradeTo ? (
        <FormMessage tone="info">
          You move to the {subscription.downgradeTo.name} plan on {longDate(subscription.currentPeriodEnd)}. Until then you keep {plan.name}.
        </FormMessage>
      ) : null}
      {subscription.cancelAtPeriodEnd ? (
        <div className="flex flex-wrap items-center gap-4">
          <p className="text-sm text-slate-700">Your subscription ends on {longDate(subscription.currentPeriodEnd)}; after that you're on the free tier and keep your tokens.</p>
          <IntentButton intent="resume" variant="primary" pendingLabel="Resuming…">
            Keep my subscription
          </IntentButton>
        </div>
      ) : (
        <IntentButton intent="cancel" variant="danger" pendingLabel="Cancelling…">
          Cancel at the end of this period
        </IntentButton>
      )}
      <div>
        <h3 className="font-semibold">Change plan</h3>
        <ul className="mt-3 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
          {plans.map((choice) => (
            <PlanChoice key={choice.id} plan={choice} subscription={subscription} />
          ))}
        </ul>
      </div>
    </div>
  );
}

export function PlanCard({ subscription, ended, plans }: Pick<Overview, "subscription" | "ended" | "plans">) {
  return (
    <Card aria-labelledby="plan-heading">
      <h2 id="plan-heading" className="text-lg font-semibold">Your plan</h2>
      {subscription && subscription.plan ? (
        <CurrentPlan subscription={subscription} plan={subscription.plan} plans={plans} />
      ) : (
        <div className="mt-4 space-y-3 text-slate-700" data-testid="no-plan">
          <p>
            You're on the free tier.{" "}
            {ended ? `Your ${ended.tier} subscription ended on ${longDate(ended.endedAt)}.` : "Subscribe for monthly tokens and a higher free-token capacity."}
          </p>
          <Link to="/pricing" className="inline-block rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-brand-700">
            See plans and token packs
          </Link>
        </div>
      )}
    </Card>
  );
}

export function EmulatorToolsCard() {
  return (
    <Card aria-labelledby="emulator-heading" className="ring-amber-200">
      <h2 id="emulator-heading" className="text-lg font-semibold">Test tools (payment emulator)</h2>
      <p className="mt-2 text-sm text-slate-700">
        Payments run through the built-in emulator. End the current period now to see a renewal with rollover, a scheduled downgrade take effect, or a cancelled subscription end.
      </p>
      <div className="mt-4">
        <IntentButton intent="advance-period" pendingLabel="Advancing…">
          Advance to the next period
        </IntentButton>
      </div>
    </Card>
  );
}

export function PaymentHistoryCard({ history }: Pick<Overview, "history">) {
  return (
    <Card aria-labelledby="history-heading">
      <h2 id="history-heading" className="text-lg font-semibold">Payment history</h2>
      {history.length ? (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="payment-history">
            <caption className="sr-only">Your payments, newest first</caption>
            <TableHead columns={["Date", "What", "Amount", "Status", "Reference"]} />
            <tbody className="divide-y divide-slate-100">
              {history.map((entry) => (
                <tr key={entry.id}>
                  <td className="whitespace-nowrap py-3 pr-4 text-slate-600">{shortDateTime(entry.date)}</td>
                  <td className="py-3 pr-4">
                    {entry.description}
                    {entry.note ? <p className="text-xs text-red-700">{entry.note}</p> : null}
                  </td>
                  <td className="py-3 pr-4"><Money amount={entry.amount} currency={entry.currency} /></td>
                  <td className="py-3 pr-4"><PaymentStatusBadge status={entry.status} /></td>
                  <td className="max-w-[12rem] truncate py-3 font-mono text-xs text-slate-600" title={entry.reference}>{entry.reference}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-4 text-sm text-slate-600">No payments yet.</p>
      )}
    </Card>
  );
}
