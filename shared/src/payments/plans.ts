/**
 * Subscription rules: which tier each plan gives, whether a plan change is an upgrade (now) or a
 * downgrade (at the end of the period), and the balance a renewal leaves (rollover).
 */
import { SUBSCRIPTION_TIERS, type SubscriptionTier } from "../tokens/tiers.ts";

/** hobby → BASIC, creator → STANDARD, studio → PREMIUM. */
export const PLAN_TIER: Readonly<Record<string, Exclude<SubscriptionTier, "FREE">>> = {
  plan_hobby: "BASIC",
  plan_creator: "STANDARD",
  plan_studio: "PREMIUM",
};

export class UnknownPlanError extends Error {
  constructor(planId: string) {
    super(`There is no subscription plan "${planId}"`);
    this.name = "UnknownPlanError";
  }
}

export function tierForPlan(planId: string): Exclude<SubscriptionTier, "FREE"> {
  const tier = PLAN_TIER[planId];
  if (!tier) throw new UnknownPlanError(planId);
  return tier;
}

/** The plan that gives a tier, or null for FREE. */
export function planIdForTier(tier: SubscriptionTier): string | null {
  return Object.entries(PLAN_TIER).find(([, t]) => t === tier)?.[0] ?? null;
}

function rank(tier: SubscriptionTier): number {
  return SUBSCRIPTION_TIERS.indexOf(tier);
}

export type PlanChange = "upgrade" | "downgrade" | "same";

/** An upgrade takes effect at once; a downgrade waits for the end of the paid period. */
export function planChange(from: SubscriptionTier, to: SubscriptionTier): PlanChange {
  const difference = rank(to) - rank(from);
  return difference > 0 ? "upgrade" : difference < 0 ? "downgrade" : "same";
}

export type RolloverPlan = { tokensPerMonth: number; maxRollover: number };

/** How many of the current tokens survive a renewal: all of them when maxRollover is 0 (unlimited). */
export function carriedOver(current: number, maxRollover: number): number {
  if (!Number.isInteger(current) || current < 0) throw new RangeError("A balance is a whole, non-negative number");
  return maxRollover === 0 ? current : Math.min(current, maxRollover);
}

/** The balance after a renewal (every renewal after the first): min(current, maxRollover unless 0 = unlimited) + tokensPerMonth. */
export function renewalBalance(current: number, plan: RolloverPlan): number {
  return carriedOver(current, plan.maxRollover) + plan.tokensPerMonth;
}
