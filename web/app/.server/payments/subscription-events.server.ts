/**
 * What Stripe's subscription news does to a user, inside the webhook's transaction: the
 * subscriptions row follows the Stripe subscription; the first invoice grants the month's tokens
 * and the plan's tier; each renewal applies rollover (and a scheduled downgrade); an upgrade grants
 * the new tier's capacity at once; the end of a subscription puts the user back on FREE.
 * One subscription per user: news of a second Stripe subscription while one is live (two checkouts
 * paid at once) is refused with SubscriptionRefused, changing nothing; the webhook then ends it.
 */
import { fromMinorUnits } from "@spike-land/shared/payments/money";
import { carriedOver, planChange, renewalBalance, tierForPlan } from "@spike-land/shared/payments/plans";
import type { Prisma, Subscription, SubscriptionStatus } from "../platform/db.server.ts";
import { changeTier, credit, settle, type Tx } from "../tokens/ledger.server.ts";
import type { InvoiceView, SubscriptionSnapshot } from "../providers/payments/objects.ts";
import { planForPrice, planForTier } from "./catalogue.server.ts";
import type { Receipt } from "./receipts.server.ts";
import { isVoucherTrial } from "../vouchers/trials.server.ts";
import { formatDate } from "../../lib/format.ts";

/** A Stripe subscription that cannot be the user's, because another one already is. */
export class SubscriptionRefused extends Error {
  constructor(
    readonly subscriptionId: string,
    readonly userId: string,
    readonly keptSubscriptionId: string,
  ) {
    super(`Subscription ${subscriptionId} was refused: user ${userId} already has subscription ${keptSubscriptionId}`);
    this.name = "SubscriptionRefused";
  }
}

/**
 * Throws SubscriptionRefused when the user already has a live subscription other than this one. A
 * voucher trial does not count: subscribing replaces it. Called under the customer's webhook lock,
 * so of several subscriptions paid at once the first one seen wins.
 */
async function refuseSecondSubscription(userId: string, subscriptionId: string, tx: Tx): Promise<void> {
  const existing = await tx.subscription.findUnique({ where: { userId }, select: { stripeSubscriptionId: true, status: true } });
  if (existing && existing.status !== "CANCELED" && existing.stripeSubscriptionId !== subscriptionId && !isVoucherTrial(existing.stripeSubscriptionId)) {
    throw new SubscriptionRefused(subscriptionId, userId, existing.stripeSubscriptionId);
  }
}

const STATUS: Record<string, SubscriptionStatus> = {
  active: "ACTIVE",
  trialing: "TRIALING",
  past_due: "PAST_DUE",
  unpaid: "UNPAID",
  // Not yet paid (incomplete) or paused: no service, but not over either.
  incomplete: "UNPAID",
  paused: "UNPAID",
  canceled: "CANCELED",
  incomplete_expired: "CANCELED",
};

export function statusFor(stripeStatus: string): SubscriptionStatus {
  return STATUS[stripeStatus] ?? "UNPAID";
}

const dateLabel = (date: Date) => formatDate(date, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

async function ownerOf(snapshot: SubscriptionSnapshot, tx: Tx, hint?: string | null): Promise<string> {
  const candidates = [snapshot.metadata.userId, hint].filter((id): id is string => Boolean(id));
  for (const id of candidates) {
    if (await tx.user.findUnique({ where: { id }, select: { id: true } })) return id;
  }
  const byCustomer = await tx.user.findUnique({ where: { stripeCustomerId: snapshot.customerId }, select: { id: true } });
  if (byCustomer) return byCustomer.id;
  throw new Error(`Subscription ${snapshot.id} belongs to Stripe customer ${snapshot.customerId}, who is not one of our users`);
}

/** Creates (or replaces an ended) subscriptions row from Stripe's subscription. No tokens move here. */
export async function createSubscriptionRow(snapshot: SubscriptionSnapshot, tx: Tx, userIdHint?: string | null): Promise<Subscription> {
  const userId = await ownerOf(snapshot, tx, userIdHint);
  await refuseSecondSubscription(userId, snapshot.id, tx);
  const plan = await planForPrice(snapshot.priceId, tx);
  const data = {
    stripeSubscriptionId: snapshot.id,
    stripePriceId: snapshot.priceId,
    status: statusFor(snapshot.status),
    tier: tierForPlan(plan.id),
    currentPeriodStart: snapshot.currentPeriodStart,
    currentPeriodEnd: snapshot.currentPeriodEnd,
    cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd,
    downgradeTo: null,
    tokensPerMonth: plan.tokensPerMonth,
    maxRollover: plan.maxRollover,
    rolloverTokens: 0,
  };
  return tx.subscription.upsert({ where: { userId }, create: { userId, ...data }, update: data });
}

/** The subscription is over: the row says CANCELED and the user's tier goes back to FREE (the balance stays). */
async function endSubscription(row: Subscription, endedAt: Date | null, tx: Tx) {
  await tx.subscription.update({
    where: { id: row.id },
    data: { status: "CANCELED", cancelAtPeriodEnd: false, downgradeTo: null, ...(endedAt ? { currentPeriodEnd: endedAt } : {}) },
  });
  // A subscription kept after its account was deleted has no tier left to change.
  if (row.userId) await changeTier(row.userId, "FREE", { source: "subscription_ended", sourceId: row.stripeSubscriptionId }, tx);
}

/**
 * Brings the row in line with Stripe's subscription (created, updated, deleted, or the answer to
 * our own update). A higher-tier price is an upgrade, applied now with the new capacity granted; a
 * lower-tier price is a downgrade, kept in downgradeTo until the renewal; the same tier clears it.
 * Applying the same snapshot twice changes nothing.
 */
export async function applySubscriptionSnapshot(snapshot: SubscriptionSnapshot, tx: Tx, userIdHint?: string | null): Promise<void> {
  const row = await tx.subscription.findUnique({ where: { stripeSubscriptionId: snapshot.id } });
  const status = statusFor(snapshot.status);
  if (!row) {
    if (status !== "CANCELED") await createSubscriptionRow(snapshot, tx, userIdHint);
    return;
  }
  if (row.status === "CANCELED") return;
  if (status === "CANCELED") return endSubscription(row, snapshot.endedAt, tx);

  const plan = await planForPrice(snapshot.priceId, tx);
  const target = tierForPlan(plan.id);
  const data: Prisma.SubscriptionUpdateInput = { status, cancelAtPeriodEnd: snapshot.cancelAtPeriodEnd, stripePriceId: snapshot.priceId };
  // Events can arrive out of order: a period only ever moves forward.
  if (snapshot.currentPeriodStart.getTime() >= row.currentPeriodStart.getTime()) {
    data.currentPeriodStart = snapshot.currentPeriodStart;
    data.currentPeriodEnd = snapshot.currentPeriodEnd;
  }
  const change = planChange(row.tier, target);
  if (change === "upgrade") {
    if (row.userId) await changeTier(row.userId, target, { source: "tier_upgrade", sourceId: snapshot.id, metadata: { description: `Upgrade to the ${plan.name} plan` } }, tx);
    Object.assign(data, { tier: target, tokensPerMonth: plan.tokensPerMonth, maxRollover: plan.maxRollover, downgradeTo: null });
  } else {
    data.downgradeTo = change === "downgrade" ? target : null;
  }
  await tx.subscription.update({ where: { id: row.id }, data });
}

async function invoiceApplied(tx: Tx, userId: string, invoiceId: string): Promise<boolean> {
  const entry = await tx.tokenTransaction.findFirst({ where: { userId, sourceId: invoiceId, source: { in: ["subscription", "renewal"] } }, select: { id: true } });
  return Boolean(entry);
}

/**
 * A paid subscription invoice. The first one grants tokensPerMonth and moves the user to the plan's
 * tier; a renewal (after applying any scheduled downgrade) sets the balance to
 * min(balance, maxRollover unless 0 = unlimited) + tokensPerMonth; a plan-change invoice only gets a receipt.
 */
export async function applyInvoicePaid(invoice: InvoiceView, tx: Tx, remote: SubscriptionSnapshot | null): Promise<Receipt | null> {
  if (!invoice.subscriptionId) return null;
  let row = await tx.subscription.findUnique({ where: { stripeSubscriptionId: invoice.subscriptionId } });
  if (!row) {
    if (!remote) {
      // The provider no longer knows it (a refused second subscription): only a refusal is left to give.
      const owner = invoice.customerId ? await tx.user.findUnique({ where: { stripeCustomerId: invoice.customerId }, select: { id: true } }) : null;
      if (owner) await refuseSecondSubscription(owner.id, invoice.subscriptionId, tx);
      throw new Error(`Invoice ${invoice.id} is for subscription ${invoice.subscriptionId}, which we have not seen`);
    }
    row = await createSubscriptionRow(remote, tx);
  }
  // A subscription kept after its account was deleted has nobody to grant tokens or send a receipt to.
  const userId = row.userId;
  if (row.status === "CANCELED" || !userId || (await invoiceApplied(tx, userId, invoice.id))) return null;

  const amount = fromMinorUnits(invoice.amountPaid);
  const money = { invoiceId: invoice.id, amount, currency: invoice.currency };
  const receipt = { userId, kind: "plan" as const, amount, currency: invoice.currency, reference: invoice.id, paidAt: invoice.created };

  if (invoice.billingReason === "subscription_create") {
    const plan = await planForTier(row.tier, tx);
    const description = `${plan.name} plan, first month`;
    const entry = await credit(userId, row.tokensPerMonth, "EARN_PURCHASE", { source: "subscription", sourceId: invoice.id, once: true, metadata: { description, ...money } }, tx);
    const raised = await changeTier(userId, row.tier, { sourceId: row.stripeSubscriptionId }, tx);
    const balanceNow = raised?.balanceAfter ?? entry.balanceAfter;
    await tx.subscription.update({ where: { id: row.id }, data: { status: "ACTIVE", ...(invoice.period ? { currentPeriodStart: invoice.period.start, currentPeriodEnd: invoice.period.end } : {}) } });
    const renews = invoice.period?.end ?? row.currentPeriodEnd;
    return {
      ...receipt,
      item: description,
      notes: [`${row.tokensPerMonth} tokens were added to your balance, which is now ${balanceNow}.`, `Your plan renews on ${dateLabel(renews)}.`],
    };
  }

  if (invoice.billingReason === "subscription_cycle") {
    let effective = { tier: row.tier, tokensPerMonth: row.tokensPerMonth, maxRollover: row.maxRollover };
    if (row.downgradeTo) {
      const lower = await planForTier(row.downgradeTo, tx);
      await changeTier(userId, row.downgradeTo, { source: "subscription_downgrade", sourceId: invoice.id }, tx);
      effective = { tier: row.downgradeTo, tokensPerMonth: lower.tokensPerMonth, maxRollover: lower.maxRollover };
    }
    const plan = await planForTier(effective.tier, tx);
    let before = 0;
    const entry = await settle(
      userId,
      (balance) => {
        before = balance;
        return renewalBalance(balance, effective);
      },
      "EARN_PURCHASE",
      { source: "renewal", sourceId: invoice.id, metadata: { description: `${plan.name} plan renewal`, ...money } },
      tx,
    );
    const carried = carriedOver(before, effective.maxRollover);
    await tx.subscription.update({
      where: { id: row.id },
      data: {
        status: "ACTIVE",
        tier: effective.tier,
        tokensPerMonth: effective.tokensPerMonth,
        maxRollover: effective.maxRollover,
        downgradeTo: null,
        rolloverTokens: carried,
        ...(invoice.period ? { currentPeriodStart: invoice.period.start, currentPeriodEnd: invoice.period.end } : {}),
      },
    });
    const expired = before - carried;
    return {
      ...receipt,
      item: `${plan.name} plan renewal`,
      notes: [
        `${effective.tokensPerMonth} new tokens were added and ${carried} carried over: your balance is now ${entry.balanceAfter}.`,
        ...(expired > 0 ? [`${expired} tokens above the plan's rollover limit of ${effective.maxRollover} did not carry over.`] : []),
        ...(row.downgradeTo ? [`Your plan changed to ${plan.name} as you asked.`] : []),
      ],
    };
  }

  if (invoice.amountPaid === 0) return null;
  const plan = invoice.priceId ? await planForPrice(invoice.priceId, tx).catch(() => null) : null;
  return {
    ...receipt,
    item: invoice.billingReason === "subscription_update" && plan ? `Upgrade to the ${plan.name} plan` : "Subscription invoice",
    notes: invoice.billingReason === "subscription_update" ? ["This is the difference in price for the rest of the current billing period."] : [],
  };
}

/** A renewal that could not be charged: the subscription is past due until Stripe's retries succeed or it ends. */
export async function applyInvoiceFailed(invoice: InvoiceView, tx: Tx): Promise<void> {
  if (!invoice.subscriptionId) return;
  await tx.subscription.updateMany({ where: { stripeSubscriptionId: invoice.subscriptionId, status: { in: ["ACTIVE", "TRIALING"] } }, data: { status: "PAST_DUE" } });
}
