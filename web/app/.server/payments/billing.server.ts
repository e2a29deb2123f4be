/**
 * The subscription management page's service: the current plan and payment history, cancel at
 * period end / resume, change plan (upgrade now, downgrade at period end) and, with the emulator,
 * "advance to the next period" so renewals and rollover can be tried without waiting a month.
 */
import { fromMinorUnits } from "@spike-land/shared/payments/money";
import { planChange, tierForPlan } from "@spike-land/shared/payments/plans";
import { prisma } from "../platform/db.server.ts";
import { invoiceSchema, type SubscriptionSnapshot } from "../providers/payments/objects.ts";
import { paymentEmulator } from "../providers/payments/index.server.ts";
import { configuredPriceId, CURRENCY, findActivePlan, listPlans, priceIdFor } from "./catalogue.server.ts";
import { requireProvider } from "./checkout.server.ts";
import { fromProviderError, PaymentError } from "./errors.ts";
import { applySubscriptionSnapshot } from "./subscription-events.server.ts";
import { isVoucherTrial } from "../vouchers/trials.server.ts";
import { formatDate } from "../../lib/format.ts";

const HISTORY_LIMIT = 25;

const INVOICE_LABEL: Record<string, string> = {
  subscription_create: "first month",
  subscription_cycle: "renewal",
  subscription_update: "plan change (prorated)",
};

export type HistoryEntry = {
  id: string;
  date: string;
  description: string;
  amount: string;
  currency: string;
  status: "SUCCEEDED" | "PENDING" | "FAILED" | "REFUNDED";
  reference: string;
  note: string | null;
};

/** Subscription invoices, read from the invoice.paid events we accepted (we keep no invoices table). */
async function invoiceHistory(customerId: string | null): Promise<HistoryEntry[]> {
  if (!customerId) return [];
  const events = await prisma.webhookEvent.findMany({
    where: { provider: "STRIPE", eventType: "invoice.paid", processed: true, payload: { path: ["data", "object", "customer"], equals: customerId } },
    orderBy: { createdAt: "desc" },
    take: HISTORY_LIMIT,
    select: { payload: true },
  });
  const plans = await prisma.subscriptionPlan.findMany({ select: { id: true, name: true, stripePriceId: true } });
  const planByPrice = new Map(plans.map((plan) => [configuredPriceId(plan), plan.name]));
  const entries: HistoryEntry[] = [];
  for (const event of events) {
    const parsed = invoiceSchema.safeParse((event.payload as { data?: { object?: unknown } }).data?.object);
    if (!parsed.success || parsed.data.amountPaid === 0) continue;
    const invoice = parsed.data;
    const planName = invoice.priceId ? planByPrice.get(invoice.priceId) : undefined;
    const label = INVOICE_LABEL[invoice.billingReason ?? ""] ?? "invoice";
    // A second subscription paid while another was live: refused by the webhook and refunded.
    const refused = Boolean((event.payload as { refusedSubscription?: unknown }).refusedSubscription);
    entries.push({
      id: invoice.id,
      date: invoice.created.toISOString(),
      description: `${planName ? `${planName} plan` : "Subscription"}, ${label}`,
      amount: fromMinorUnits(invoice.amountPaid),
      currency: invoice.currency,
      status: refused ? "REFUNDED" : "SUCCEEDED",
      reference: invoice.id,
      note: refused ? "Not kept: you already had a subscription when this one was paid. The payment was refunded." : null,
    });
  }
  return entries;
}

async function packHistory(userId: string): Promise<HistoryEntry[]> {
  const payments = await prisma.stripePayment.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: HISTORY_LIMIT,
    select: { id: true, createdAt: true, status: true, amountGBP: true, tokensGranted: true, metadata: true, stripePaymentIntentId: true, package: { select: { name: true } } },
  });
  return payments.map((p) => {
    const meta = (p.metadata ?? {}) as { currency?: string; failureMessage?: string };
    return {
      id: p.id,
      date: p.createdAt.toISOString(),
      description: `${p.package.name} token pack (${p.tokensGranted} tokens)`,
      amount: p.amountGBP.toFixed(2),
      currency: meta.currency ?? CURRENCY,
      status: p.status,
      reference: p.stripePaymentIntentId,
      note: p.status === "FAILED" ? (meta.failureMessage ?? null) : null,
    };
  });
}

export async function billingOverview(userId: string) {
  const [user, subscription, plans, packs] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { stripeCustomerId: true } }),
    prisma.subscription.findUnique({ where: { userId } }),
    listPlans(),
    packHistory(userId),
  ]);
  const invoices = await invoiceHistory(user.stripeCustomerId);
  const history = [...packs, ...invoices].sort((a, b) => b.date.localeCompare(a.date)).slice(0, HISTORY_LIMIT);
  const live = subscription && subscription.status !== "CANCELED" ? subscription : null;
  const planFor = (tier: string | null) => plans.find((p) => p.tier === tier) ?? null;
  return {
    subscription: live
      ? {
          status: live.status,
          tier: live.tier,
          plan: planFor(live.tier),
          downgradeTo: live.downgradeTo ? planFor(live.downgradeTo) : null,
          cancelAtPeriodEnd: live.cancelAtPeriodEnd,
          currentPeriodStart: live.currentPeriodStart.toISOString(),
          currentPeriodEnd: live.currentPeriodEnd.toISOString(),
          tokensPerMonth: live.tokensPerMonth,
          maxRollover: live.maxRollover,
          rolloverTokens: live.rolloverTokens,
        }
      : null,
    ended: subscription?.status === "CANCELED" ? { tier: subscription.tier, endedAt: subscription.currentPeriodEnd.toISOString() } : null,
    plans,
    history,
    canAdvancePeriod: Boolean(live && paymentEmulator()),
  };
}

async function requireLiveSubscription(userId: string) {
  const row = await prisma.subscription.findUnique({ where: { userId } });
  if (!row || row.status === "CANCELED") throw new PaymentError("You don't have a subscription to change. Choose a plan on the pricing page.", 404);
  if (isVoucherTrial(row.stripeSubscriptionId)) {
    const ends = formatDate(row.currentPeriodEnd, { dateStyle: "long" });
    throw new PaymentError(`Your voucher trial ends on ${ends} by itself. To keep a plan after that, subscribe on the pricing page.`, 409);
  }
  return row;
}

/** Applies the provider's answer at once (the webhook carrying the same news then changes nothing). */
async function applyNow(snapshot: SubscriptionSnapshot) {
  await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`stripe:${snapshot.customerId}`}))`;
    await applySubscriptionSnapshot(snapshot, tx);
  });
}

export async function setCancelAtPeriodEnd(userId: string, cancel: boolean) {
  const row = await requireLiveSubscription(userId);
  if (row.cancelAtPeriodEnd === cancel) {
    throw new PaymentError(cancel ? "Your subscription is already set to end at the end of this period." : "Your subscription is already set to renew.", 409);
  }
  const snapshot = await requireProvider()
    .updateSubscription(row.stripeSubscriptionId, { kind: "cancel_at_period_end", cancelAtPeriodEnd: cancel })
    .catch(fromProviderError);
  await applyNow(snapshot);
  return { endsAt: row.currentPeriodEnd };
}

/**
 * Someone deleting their account must never be charged again: the subscription stops renewing at
 * the provider before the account goes. A provider failure refuses the deletion (PaymentError).
 */
export async function stopRenewalBeforeDeletion(userId: string): Promise<void> {
  const row = await prisma.subscription.findUnique({ where: { userId } });
  if (!row || row.status === "CANCELED" || row.cancelAtPeriodEnd || isVoucherTrial(row.stripeSubscriptionId)) return;
  const snapshot = await requireProvider()
    .updateSubscription(row.stripeSubscriptionId, { kind: "cancel_at_period_end", cancelAtPeriodEnd: true })
    .catch(fromProviderError);
  await applyNow(snapshot);
}

/** Upgrade: charged the prorated difference now, new capacity granted now. Downgrade: from the next renewal. */
export async function changePlan(userId: string, planId: string) {
  const row = await requireLiveSubscription(userId);
  const plan = await findActivePlan(planId);
  if (!plan) throw new PaymentError("That plan is no longer offered. Choose one of the plans listed.", 404);
  const change = planChange(row.tier, tierForPlan(plan.id));
  if (change === "same" && !row.downgradeTo) throw new PaymentError(`You are already on the ${plan.name} plan.`, 409);
  const provider = requireProvider();
  const remote = await provider.retrieveSubscription(row.stripeSubscriptionId).catch(fromProviderError);
  const snapshot = await provider
    .updateSubscription(row.stripeSubscriptionId, { kind: "price", itemId: remote.itemId, priceId: priceIdFor(plan), prorate: change === "upgrade" })
    .catch(fromProviderError);
  await applyNow(snapshot);
  return { change, planName: plan.name, periodEnd: row.currentPeriodEnd };
}

/** Emulator only: ends the current period now (renewal, or the end of a subscription set to cancel). */
export async function advanceToNextPeriod(userId: string) {
  const emulator = paymentEmulator();
  if (!emulator) throw new PaymentError("Only the local payment emulator can move time forward.", 404);
  const row = await requireLiveSubscription(userId);
  await emulator.advancePeriod(row.stripeSubscriptionId).catch(fromProviderError);
  return { ended: row.cancelAtPeriodEnd };
}

/** The tier of the user's live subscription, or null (pricing page buttons). */
export async function liveSubscriptionTier(userId: string) {
  const row = await prisma.subscription.findUnique({ where: { userId }, select: { status: true, tier: true } });
  return row && row.status !== "CANCELED" ? row.tier : null;
}
