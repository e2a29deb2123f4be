/**
 * The token economy's tables: one place for tier capacities, enhancement costs and output sizes.
 * The pricing page and every charge read these same values.
 */
import { MINUTE_MS } from "../time.ts";

export const SUBSCRIPTION_TIERS = ["FREE", "BASIC", "STANDARD", "PREMIUM"] as const;
export type SubscriptionTier = (typeof SUBSCRIPTION_TIERS)[number];

/** Capacity (the regeneration ceiling) of each tier. What a plan costs is in the catalogue (catalog.ts). */
export const TIER_CAPACITY: Record<SubscriptionTier, { capacity: number }> = {
  FREE: { capacity: 10 },
  BASIC: { capacity: 20 },
  STANDARD: { capacity: 50 },
  PREMIUM: { capacity: 100 },
};

/** What a new account starts with: the FREE capacity. */
export const SIGNUP_GRANT = TIER_CAPACITY.FREE.capacity;

export const ENHANCEMENT_TIERS = ["FREE", "TIER_1K", "TIER_2K", "TIER_4K"] as const;
export type EnhancementTier = (typeof ENHANCEMENT_TIERS)[number];

export const ENHANCEMENT_COST: Record<EnhancementTier, number> = {
  FREE: 0,
  TIER_1K: 2,
  TIER_2K: 5,
  TIER_4K: 10,
};

export const ENHANCEMENT_LONGEST_EDGE: Record<EnhancementTier, number> = {
  FREE: 1024,
  TIER_1K: 1024,
  TIER_2K: 2048,
  TIER_4K: 4096,
};

/** One token regenerates every fifteen minutes, up to the tier's capacity. */
export const REGENERATION_INTERVAL_MS = 15 * MINUTE_MS;

export const ENHANCEMENT_LABEL: Record<EnhancementTier, string> = {
  FREE: "Free preview",
  TIER_1K: "1K",
  TIER_2K: "2K",
  TIER_4K: "4K",
};

/** The enhancement price list shown to people: the same numbers the charge uses. */
export function enhancementPriceList() {
  return ENHANCEMENT_TIERS.map((tier) => ({
    tier,
    label: ENHANCEMENT_LABEL[tier],
    cost: ENHANCEMENT_COST[tier],
    longestEdge: ENHANCEMENT_LONGEST_EDGE[tier],
  }));
}
