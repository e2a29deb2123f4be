/**
 * The catalogue as sold: active token packs and subscription plans from the database (the rows the
 * seed writes from shared/catalog.ts), and the Stripe price each one is charged at.
 */
import { planIdForTier, tierForPlan } from "@spike-land/shared/payments/plans";
import type { SubscriptionTier } from "@spike-land/shared/tokens/tiers";
import { prisma } from "../platform/db.server.ts";
import type { Tx } from "../tokens/ledger.server.ts";
import { paymentsConfig } from "../providers/payments/config.server.ts";

/** Prices are GBP (tokens_packages.priceGBP). */
export const CURRENCY = "GBP";

export type PackView = { id: string; name: string; tokens: number; price: string; currency: string };
export type PlanView = {
  id: string;
  name: string;
  tier: SubscriptionTier;
  tokensPerMonth: number;
  maxRollover: number;
  priority: boolean;
  apiAccess: boolean;
  price: string;
  currency: string;
};

const packSelect = { id: true, name: true, tokens: true, priceGBP: true, stripePriceId: true } as const;
const planSelect = { id: true, name: true, tokensPerMonth: true, maxRollover: true, priority: true, apiAccess: true, priceGBP: true, stripePriceId: true } as const;

type PackRow = { id: string; name: string; tokens: number; priceGBP: { toFixed(digits: number): string }; stripePriceId: string };
type PlanRow = {
  id: string;
  name: string;
  tokensPerMonth: number;
  maxRollover: number;
  priority: boolean;
  apiAccess: boolean;
  priceGBP: { toFixed(digits: number): string };
  stripePriceId: string;
};

export function packView(row: PackRow): PackView {
  return { id: row.id, name: row.name, tokens: row.tokens, price: row.priceGBP.toFixed(2), currency: CURRENCY };
}

export function planView(row: PlanRow): PlanView {
  return {
    id: row.id,
    name: row.name,
    tier: tierForPlan(row.id),
    tokensPerMonth: row.tokensPerMonth,
    maxRollover: row.maxRollover,
    priority: row.priority,
    apiAccess: row.apiAccess,
    price: row.priceGBP.toFixed(2),
    currency: CURRENCY,
  };
}

export async function listPacks(): Promise<PackView[]> {
  const rows = await prisma.tokensPackage.findMany({ where: { active: true }, orderBy: [{ sortOrder: "asc" }, { tokens: "asc" }], select: packSelect });
  return rows.map(packView);
}

export async function listPlans(): Promise<PlanView[]> {
  const rows = await prisma.subscriptionPlan.findMany({ where: { active: true }, orderBy: [{ sortOrder: "asc" }, { tokensPerMonth: "asc" }], select: planSelect });
  return rows.map(planView);
}

export function findActivePack(id: string) {
  return prisma.tokensPackage.findFirst({ where: { id, active: true }, select: packSelect });
}

export function findActivePlan(id: string) {
  return prisma.subscriptionPlan.findFirst({ where: { id, active: true }, select: planSelect });
}

export class UnknownPriceError extends Error {
  constructor(priceId: string) {
    super(`Stripe price ${priceId} is not one of our subscription plans. Check STRIPE_PRICE_IDS.`);
    this.name = "UnknownPriceError";
  }
}

/** The Stripe price a pack or plan is charged at: from STRIPE_PRICE_IDS with real keys, else the seeded local price id. */
export function priceIdFor(item: { id: string; stripePriceId: string }): string {
  const priceId = configuredPriceId(item);
  if (!priceId) throw new Error(`STRIPE_PRICE_IDS has no price for ${item.id}`);
  return priceId;
}

/** The same, or null for an item added to the database but not to STRIPE_PRICE_IDS. */
export function configuredPriceId(item: { id: string; stripePriceId: string }): string | null {
  return paymentsConfig.priceIds ? (paymentsConfig.priceIds[item.id] ?? null) : item.stripePriceId;
}

/** The plan a Stripe price belongs to. */
export async function planForPrice(priceId: string, db: Tx = prisma): Promise<PlanRow> {
  const configured = paymentsConfig.priceIds ? Object.entries(paymentsConfig.priceIds).find(([, price]) => price === priceId)?.[0] : undefined;
  const plan = paymentsConfig.priceIds
    ? configured?.startsWith("plan_")
      ? await db.subscriptionPlan.findUnique({ where: { id: configured }, select: planSelect })
      : null
    : await db.subscriptionPlan.findUnique({ where: { stripePriceId: priceId }, select: planSelect });
  if (!plan) throw new UnknownPriceError(priceId);
  return plan;
}

/** The plan that gives a tier. */
export async function planForTier(tier: SubscriptionTier, db: Tx = prisma): Promise<PlanRow> {
  const id = planIdForTier(tier);
  const plan = id ? await db.subscriptionPlan.findUnique({ where: { id }, select: planSelect }) : null;
  if (!plan) throw new Error(`No subscription plan gives the ${tier} tier`);
  return plan;
}
