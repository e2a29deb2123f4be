/**
 * Pricing, built from the same tables the charges use: subscription plans and token packs from the
 * database, tier capacities and enhancement costs from shared/tokens/tiers.ts.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { enhancementPriceList, REGENERATION_INTERVAL_MS, SUBSCRIPTION_TIERS, TIER_CAPACITY } from "@spike-land/shared/tokens/tiers";
import { Card, FormMessage, PageHeading } from "../components/ui.tsx";
import { PacksSection, PlansSection, TierCapacityCard } from "../components/billing/pricing-sections.tsx";
import { getOptionalUser } from "../.server/auth/guards.server.ts";
import { listPacks, listPlans } from "../.server/payments/catalogue.server.ts";
import { liveSubscriptionTier } from "../.server/payments/billing.server.ts";
import { paymentsConfig } from "../.server/providers/payments/config.server.ts";
import { EnhancementCostTable } from "../components/enhancement-costs.tsx";

export const meta: MetaFunction = () => [
  { title: "Pricing — Spike Land" },
  { name: "description", content: "Token packs and monthly plans for Spike Land photo enhancement, priced in GBP." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const [packs, plans, currentTier] = await Promise.all([listPacks(), listPlans(), user ? liveSubscriptionTier(user.id) : null]);
  return {
    signedIn: Boolean(user),
    packs,
    plans,
    currentTier,
    tiers: SUBSCRIPTION_TIERS.map((tier) => ({ tier, capacity: TIER_CAPACITY[tier].capacity, plan: plans.find((p) => p.tier === tier)?.name ?? null })),
    enhancement: enhancementPriceList(),
    regenerationMinutes: REGENERATION_INTERVAL_MS / 60_000,
    mode: paymentsConfig.mode,
  };
}

export default function Pricing() {
  const { signedIn, packs, plans, currentTier, tiers, enhancement, regenerationMinutes, mode } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-10">
      <PageHeading
        title="Pricing"
        description={`Every account regenerates 1 free token every ${regenerationMinutes} minutes up to its tier's capacity. Need more? Subscribe for monthly tokens or buy a pack. Prices in GBP.`}
      />
      {mode === "emulator" ? (
        <div className="mb-8">
          <FormMessage tone="info">
            Test mode: payments go through the built-in payment emulator, and no money moves. Pay with the test card 4242 4242 4242 4242.
          </FormMessage>
        </div>
      ) : null}
      {mode === "disabled" ? (
        <div className="mb-8">
          <FormMessage tone="info">Purchases are not available on this server yet.</FormMessage>
        </div>
      ) : null}

      <PlansSection plans={plans} signedIn={signedIn} currentTier={currentTier} mode={mode} />
      <PacksSection packs={packs} signedIn={signedIn} mode={mode} />

      <div className="mt-12 grid gap-6 lg:grid-cols-2">
        <TierCapacityCard tiers={tiers} />
        <Card aria-labelledby="costs-heading">
          <h2 id="costs-heading" className="text-lg font-semibold">What an enhancement costs</h2>
          <p className="mt-1 text-sm text-slate-600">The same price for API generation and modification.</p>
          <EnhancementCostTable rows={enhancement} className="mt-4" />
        </Card>
      </div>
    </div>
  );
}
