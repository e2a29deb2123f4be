/**
 * The pricing page's parts: the plan and pack cards with their buy buttons (a checkout starts in
 * place and the browser goes to the payment page), and the tier capacity table.
 */
import { Link, useFetcher } from "@remix-run/react";
import { formatMoney } from "@spike-land/shared/payments/money";
import { TIER_CAPACITY, type SubscriptionTier } from "@spike-land/shared/tokens/tiers";
import { replyMessage, type FormReply } from "../../lib/form-reply.ts";
import type { PackView, PlanView } from "../../.server/payments/catalogue.server.ts";
import type { PaymentsMode } from "../../.server/providers/payments/config.server.ts";
import { Badge, Button, Card, cx, FormMessage, TableHead } from "../ui.tsx";
import { Money, Spinner } from "../payments.tsx";

/** Starts a checkout in place: the button shows progress while the browser is sent to the payment page. */
function BuyButton({ kind, id, label, description, variant = "primary" }: { kind: "pack" | "plan"; id: string; label: string; description: string; variant?: "primary" | "secondary" }) {
  const fetcher = useFetcher<FormReply>({ key: `checkout-${id}` });
  const busy = fetcher.state !== "idle";
  const failed = fetcher.state === "idle" ? replyMessage(fetcher.data) : null;
  return (
    <fetcher.Form method="post" action="/checkout/start" className="mt-6 space-y-3">
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="id" value={id} />
      <Button type="submit" variant={variant} className="w-full" disabled={busy} aria-label={`${label}: ${description}`}>
        {busy ? (
          <>
            <Spinner /> Redirecting to checkout…
          </>
        ) : (
          label
        )}
      </Button>
      <p aria-live="polite" className="sr-only">{busy ? "Redirecting to the secure checkout page." : ""}</p>
      {failed?.tone === "error" ? <FormMessage>{failed.text}</FormMessage> : null}
    </fetcher.Form>
  );
}

function SignInToBuy() {
  return (
    <div className="mt-6 flex flex-col gap-2">
      <Link to="/signup" className="rounded-lg bg-brand-600 px-4 py-2.5 text-center text-sm font-semibold text-white hover:bg-brand-700">
        Create a free account
      </Link>
      <Link to={`/login?redirectTo=${encodeURIComponent("/pricing")}`} className="text-center text-sm font-semibold text-brand-700 hover:underline">
        or sign in to buy
      </Link>
    </div>
  );
}

type Buyer = { signedIn: boolean; currentTier: SubscriptionTier | null; mode: PaymentsMode };

function PlanCard({ plan, signedIn, currentTier, mode }: Buyer & { plan: PlanView }) {
  const current = currentTier === plan.tier;
  return (
    <Card className={cx("flex flex-col", current && "ring-2 ring-brand-600")} data-testid={`plan-${plan.id}`}>
      <div className="flex items-center justify-between">
        <h3 className="text-lg font-semibold">{plan.name}</h3>
        {current ? <Badge tone="brand">Your plan</Badge> : plan.priority ? <Badge tone="amber">Priority</Badge> : null}
      </div>
      <p className="mt-4">
        <span className="text-4xl font-extrabold tracking-tight">
          <Money amount={plan.price} currency={plan.currency} />
        </span>
        <span className="text-slate-600"> / month</span>
      </p>
      <ul className="mt-6 flex-1 space-y-2 text-sm text-slate-700">
        <li>
          <strong>{plan.tokensPerMonth} tokens</strong> every month
        </li>
        <li>{plan.maxRollover === 0 ? "Unused tokens roll over without limit" : `Up to ${plan.maxRollover} unused tokens roll over`}</li>
        <li>
          {plan.tier} tier: free tokens regenerate up to {TIER_CAPACITY[plan.tier].capacity}
        </li>
        <li>{plan.priority ? "Priority processing" : "Standard processing"}</li>
        <li>{plan.apiAccess ? "API access" : "No API access"}</li>
      </ul>
      {!signedIn ? (
        <SignInToBuy />
      ) : current || currentTier ? (
        <Link to="/billing" className="mt-6 rounded-lg px-4 py-2.5 text-center text-sm font-semibold text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50">
          {current ? "Manage your plan" : "Change plan on the billing page"}
        </Link>
      ) : mode === "disabled" ? null : (
        <BuyButton kind="plan" id={plan.id} label={`Subscribe to ${plan.name}`} description={`${plan.tokensPerMonth} tokens a month for ${formatMoney(plan.price, plan.currency)}`} />
      )}
    </Card>
  );
}

export function PlansSection({ plans, ...buyer }: Buyer & { plans: PlanView[] }) {
  return (
    <section aria-labelledby="plans-heading">
      <h2 id="plans-heading" className="text-xl font-bold tracking-tight">Monthly plans</h2>
      <div className="mt-4 grid gap-6 md:grid-cols-3">
        {plans.map((plan) => (
          <PlanCard key={plan.id} plan={plan} {...buyer} />
        ))}
      </div>
    </section>
  );
}

export function PacksSection({ packs, signedIn, mode }: Omit<Buyer, "currentTier"> & { packs: PackView[] }) {
  return (
    <section aria-labelledby="packs-heading" className="mt-12">
      <h2 id="packs-heading" className="text-xl font-bold tracking-tight">Token packs</h2>
      <p className="mt-1 text-slate-600">A one-off payment; the tokens are added to your balance as soon as it goes through.</p>
      <div className="mt-4 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
        {packs.map((pack) => (
          <Card key={pack.id} className="flex flex-col" data-testid={`pack-${pack.id}`}>
            <h3 className="text-lg font-semibold">{pack.name}</h3>
            <p className="mt-2 text-3xl font-extrabold tracking-tight">{pack.tokens} tokens</p>
            <p className="mt-1 text-slate-700">
              <Money amount={pack.price} currency={pack.currency} />
            </p>
            <div className="flex-1" />
            {!signedIn ? (
              <SignInToBuy />
            ) : mode === "disabled" ? null : (
              <BuyButton kind="pack" id={pack.id} variant="secondary" label={`Buy ${pack.name}`} description={`${pack.tokens} tokens for ${formatMoney(pack.price, pack.currency)}`} />
            )}
          </Card>
        ))}
      </div>
    </section>
  );
}

export function TierCapacityCard({ tiers }: { tiers: Array<{ tier: SubscriptionTier; capacity: number; plan: string | null }> }) {
  return (
    <Card aria-labelledby="tiers-heading">
      <h2 id="tiers-heading" className="text-lg font-semibold">Tiers and free tokens</h2>
      <p className="mt-1 text-sm text-slate-600">Free tokens regenerate up to your tier's capacity; bought and bonus tokens can take your balance above it.</p>
      <table className="mt-4 w-full text-left text-sm">
        <caption className="sr-only">Token capacity per tier</caption>
        <TableHead columns={["Tier", "Capacity", "How you get it"]} />
        <tbody className="divide-y divide-slate-100">
          {tiers.map((row) => (
            <tr key={row.tier} data-testid={`tier-${row.tier}`}>
              <td className="py-2 pr-4 font-medium">{row.tier}</td>
              <td className="py-2 pr-4">{row.capacity} tokens</td>
              <td className="py-2 text-slate-700">{row.plan ? `${row.plan} plan` : "Every account"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
