/** Billing: the current plan and its renewal date, cancel or resume, change plan, and every payment with its receipt reference. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { planChange } from "@spike-land/shared/payments/plans";
import { planIdField } from "@spike-land/shared/payments/checkout";
import { Badge, Button, Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { Money, PaymentStatusBadge, Spinner, SubscriptionStatusBadge, longDate, shortDateTime } from "../components/payments.tsx";
import { requireUser } from "../.server/auth/guards.server.ts";
import { advanceToNextPeriod, billingOverview, changePlan, setCancelAtPeriodEnd } from "../.server/payments/billing.server.ts";
import { PaymentError } from "../.server/payments/errors.ts";
import { peekBalance } from "../.server/tokens/ledger.server.ts";

export const meta: MetaFunction = () => [{ title: "Billing — Spike Land" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return billingOverview(user.id);
}

const intentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("cancel") }),
    z.object({ intent: z.literal("resume") }),
    z.object({ intent: z.literal("change-plan"), planId: planIdField }),
    z.object({ intent: z.literal("advance-period") }),
  ],
  { error: "Choose one of the actions on this page." },
);

type Result = { ok: boolean; message: string };

const dateLabel = (date: Date) => longDate(date.toISOString());

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data<Result>({ ok: false, message: parsed.error.issues[0]!.message }, { status: 400 });
  try {
    const form = parsed.data;
    if (form.intent === "cancel") {
      const { endsAt } = await setCancelAtPeriodEnd(user.id, true);
      return { ok: true, message: `Your subscription will end on ${dateLabel(endsAt)}. You keep your plan and tokens until then.` } satisfies Result;
    }
    if (form.intent === "resume") {
      const { endsAt } = await setCancelAtPeriodEnd(user.id, false);
      return { ok: true, message: `Welcome back: your subscription will renew on ${dateLabel(endsAt)}.` } satisfies Result;
    }
    if (form.intent === "change-plan") {
      const result = await changePlan(user.id, form.planId);
      if (result.change === "upgrade") {
        const balance = await peekBalance(user.id);
        return { ok: true, message: `You're now on the ${result.planName} plan. Your balance is ${balance?.balance ?? 0} tokens.` } satisfies Result;
      }
      if (result.change === "downgrade") {
        return { ok: true, message: `You'll move to the ${result.planName} plan on ${dateLabel(result.periodEnd)}, when this period ends.` } satisfies Result;
      }
      return { ok: true, message: `You'll stay on the ${result.planName} plan.` } satisfies Result;
    }
    const { ended } = await advanceToNextPeriod(user.id);
    return { ok: true, message: ended ? "The period ended and so did your subscription: you're back on the free tier." : "A new period started and the renewal was applied." } satisfies Result;
  } catch (error) {
    if (error instanceof PaymentError) return data<Result>({ ok: false, message: error.message }, { status: error.status });
    throw error;
  }
}

function SubmitButton({ intent, children, variant = "secondary", planId, pendingLabel }: { intent: string; children: React.ReactNode; variant?: "primary" | "secondary" | "danger"; planId?: string; pendingLabel: string }) {
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

export default function Billing() {
  const { subscription, ended, plans, history, canAdvancePeriod } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="mx-auto max-w-4xl space-y-8 px-4 py-10">
      <PageHeading title="Billing" description="Your plan, its renewals, and every payment you have made." />
      {result ? <FormMessage tone={result.ok ? "success" : "error"}>{result.message}</FormMessage> : null}

      <Card aria-labelledby="plan-heading">
        <h2 id="plan-heading" className="text-lg font-semibold">Your plan</h2>
        {subscription && subscription.plan ? (
          <div className="mt-4 space-y-6" data-testid="current-plan">
            <div className="flex flex-wrap items-baseline gap-3">
              <p className="text-2xl font-bold">{subscription.plan.name}</p>
              <SubscriptionStatusBadge status={subscription.status} />
              <p className="text-slate-600">
                <Money amount={subscription.plan.price} currency={subscription.plan.currency} /> per month
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
                You move to the {subscription.downgradeTo.name} plan on {longDate(subscription.currentPeriodEnd)}. Until then you keep {subscription.plan.name}.
              </FormMessage>
            ) : null}
            {subscription.cancelAtPeriodEnd ? (
              <div className="flex flex-wrap items-center gap-4">
                <p className="text-sm text-slate-700">Your subscription ends on {longDate(subscription.currentPeriodEnd)}; after that you're on the free tier and keep your tokens.</p>
                <SubmitButton intent="resume" variant="primary" pendingLabel="Resuming…">Keep my subscription</SubmitButton>
              </div>
            ) : (
              <SubmitButton intent="cancel" variant="danger" pendingLabel="Cancelling…">Cancel at the end of this period</SubmitButton>
            )}

            <div>
              <h3 className="font-semibold">Change plan</h3>
              <ul className="mt-3 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200">
                {plans.map((plan) => {
                  const change = planChange(subscription.tier, plan.tier);
                  const pendingHere = subscription.downgradeTo?.id === plan.id;
                  return (
                    <li key={plan.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
                      <div>
                        <p className="font-medium">
                          {plan.name} <span className="font-normal text-slate-600">· <Money amount={plan.price} currency={plan.currency} /> a month · {plan.tokensPerMonth} tokens</span>
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
                          <SubmitButton intent="change-plan" planId={plan.id} pendingLabel="Saving…">Keep {plan.name}</SubmitButton>
                        ) : (
                          <Badge tone="brand">Current plan</Badge>
                        )
                      ) : pendingHere ? (
                        <Badge tone="amber">Scheduled</Badge>
                      ) : (
                        <SubmitButton intent="change-plan" planId={plan.id} variant={change === "upgrade" ? "primary" : "secondary"} pendingLabel={change === "upgrade" ? "Upgrading…" : "Scheduling…"}>
                          {change === "upgrade" ? `Upgrade to ${plan.name}` : `Switch to ${plan.name}`}
                        </SubmitButton>
                      )}
                    </li>
                  );
                })}
              </ul>
            </div>
          </div>
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

      {canAdvancePeriod ? (
        <Card aria-labelledby="emulator-heading" className="ring-amber-200">
          <h2 id="emulator-heading" className="text-lg font-semibold">Test tools (payment emulator)</h2>
          <p className="mt-2 text-sm text-slate-700">
            Payments run through the built-in emulator. End the current period now to see a renewal with rollover, a scheduled downgrade take effect, or a cancelled subscription end.
          </p>
          <div className="mt-4">
            <SubmitButton intent="advance-period" pendingLabel="Advancing…">Advance to the next period</SubmitButton>
          </div>
        </Card>
      ) : null}

      <Card aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">Payment history</h2>
        {history.length ? (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="payment-history">
              <caption className="sr-only">Your payments, newest first</caption>
              <thead className="border-b border-slate-200 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">Date</th>
                  <th scope="col" className="py-2 pr-4 font-medium">What</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Amount</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                  <th scope="col" className="py-2 font-medium">Reference</th>
                </tr>
              </thead>
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
    </div>
  );
}
